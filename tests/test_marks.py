"""Which stretches of a text are quoted: marks, apostrophes, paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.quotes.marks import find_quoted


def quoted(text: str) -> list[str]:
    return [q.words(text) for q in find_quoted(text)]


def test_straight_and_curly_double_marks() -> None:
    assert quoted('He said "we will win," and left.') == ["we will win,"]
    assert quoted("He said “we will win,” and left.") == ["we will win,"]
    assert quoted("Sie sagte „wir gewinnen“ heute.") == ["wir gewinnen"]


def test_single_marks_and_apostrophes() -> None:
    assert quoted("He called it 'a disaster' twice.") == ["a disaster"]
    assert quoted("so-called ‘moderate rebels’ sold weapons") == ["moderate rebels"]
    # Apostrophes inside words, and a leading one, are not marks.
    assert quoted("The unit’s leader didn't say; I'll go in the '90s.") == []
    assert quoted("“There’s no support, I’ll tell you,” he said.") == [
        "There’s no support, I’ll tell you,"
    ]


def test_single_marks_inside_double_quotes_are_words() -> None:
    text = "\"They call it 'moderate', we don't,\" she said."
    assert quoted(text) == ["They call it 'moderate', we don't,"]


def test_attribution_inside_a_quotation() -> None:
    text = '"When we learned that," Salem added, "we reported it."'
    assert quoted(text) == ["When we learned that,", "we reported it."]


def test_paragraphs_reopened_with_a_mark() -> None:
    text = (
        "He said:\n\n\u201cFirst paragraph.\n\n\u201cSecond paragraph.\n\n\u201cThird.\u201d"
        "\n\nNext."
    )
    (found,) = find_quoted(text)
    assert found.words(text) == "First paragraph.\n\nSecond paragraph.\n\nThird."
    assert len(found.reopened) == 2
    assert text[found.begin - 1] == "\u201c" and text[found.end] == "\u201d"


def test_one_opening_mark_and_a_closing_mark_paragraphs_later() -> None:
    text = "He stated,\n\n“When we learned it.\nAnd he was selling weapons”.\n\nHe continued."
    assert quoted(text) == ["When we learned it.\nAnd he was selling weapons"]


def test_unclosed_double_mark_quotes_to_the_end_of_its_paragraph() -> None:
    text = 'He said "this never closes.\nNext paragraph here.'
    (found,) = find_quoted(text)
    assert found.words(text) == "this never closes."
    assert not found.closed


def test_doubled_apostrophes_are_a_double_mark() -> None:
    text = "''The problems started,'' Ms. Acosta said, ''and grew.'' It's ''so-called''."
    assert quoted(text) == ["The problems started,", "and grew.", "so-called"]


def test_a_mark_between_spaces_is_no_mark() -> None:
    assert quoted('5 " 6 and "yes"') == ["yes"]


MARKS = st.sampled_from(['"', "'", "“", "”", "‘", "’", "„", "«", "»", "''"])
PIECES = st.one_of(MARKS, st.text(alphabet="ab ,.\n", max_size=6), st.sampled_from(["\n\n"]))


@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_gives_ordered_stretches_inside_it(text: str) -> None:
    found = find_quoted(text)
    previous_end = -1
    for stretch in found:
        assert 0 < stretch.begin <= stretch.end <= len(text)
        assert stretch.begin > previous_end
        previous_end = stretch.end
        words = stretch.words(text)
        assert len(words) == stretch.end - stretch.begin - len(stretch.reopened)
        for mark in stretch.reopened:
            assert stretch.begin <= mark < stretch.end


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_unicode_text_never_fails(text: str) -> None:
    for stretch in find_quoted(text):
        assert stretch.words(text) in text or stretch.reopened


def test_a_mark_reopened_mid_paragraph_goes_on_with_the_quotation() -> None:
    # Texts whose paragraph breaks were lost keep the mark each paragraph of a quotation opened
    # with: `victims. "The needs` goes on with the quotation, without its mark.
    text = 'He said: "One priority is victims. "The needs of victims come first." Then he left.'
    assert quoted(text) == ["One priority is victims. The needs of victims come first."]
    # Never after a closing mark, nor mid-sentence.
    assert quoted('"We won." "They lost," he said.') == ["We won.", "They lost,"]
    assert quoted('He said "we will "win" soon.') == ["win"]
