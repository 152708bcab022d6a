"""One claim for the same statement printed by several articles."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.resolve import claims
from kg.resolve.claims import Appearance, Claims, shingles, words

SALEM = "http://example.org/kg/person/asaad-as-salem"
ZAKHAROVA = "http://example.org/kg/person/maria-zakharova"
SAID = (
    "When we learned that our unit's leader was selling weapons to the ISIS terrorists, we "
    "reported that to American base command, but following our report no action has been taken"
)


def appearance(article: str, text: str, speaker: str | None = SALEM, date: str | None = None,
               at: int = 0) -> Appearance:  # fmt: skip
    return Appearance(
        quotation=f"http://example.org/kg/article/{article}#quote={at},{at + len(text)}",
        article=f"http://example.org/kg/article/{article}",
        date=date,
        speaker=speaker,
        text=text,
    )


def claims_of(*appearances: Appearance) -> list[list[str]]:
    found = Claims()
    for item in appearances:
        found.add(item)
    return [[q.split("/")[-1] for q in c.appearances] for c in found.claims()]


def test_words_ignore_case_marks_and_the_dots_of_abbreviations() -> None:
    assert words("“U.S.-made weapons,” he said.") == ["us", "made", "weapons", "he", "said"]
    assert words("US-made Weapons") == ["us", "made", "weapons"]
    assert words("our unit’s leader") == words("our unit's leader") == ["our", "units", "leader"]


def test_small_edits_are_the_same_claim() -> None:
    edited = SAID.replace("unit's", "unit’s").replace("the ISIS", "ISIS").replace("American", "US")
    assert claims_of(appearance("a", SAID), appearance("b", edited)) == [
        [f"a#quote=0,{len(SAID)}", f"b#quote=0,{len(edited)}"]
    ]


def test_a_quotation_split_in_two_by_one_outlet_is_one_claim() -> None:
    first, second = SAID[:90], SAID[90:]
    found = claims_of(
        appearance("a", first), appearance("a", second, at=200), appearance("b", SAID)
    )
    assert len(found) == 1 and len(found[0]) == 3


def test_different_statements_are_different_claims() -> None:
    other = "Certainly, those materials need a thorough examination by competent organisations"
    assert claims_of(appearance("a", SAID), appearance("b", other, ZAKHAROVA)) == []


def test_the_same_words_by_different_speakers_are_not_one_claim() -> None:
    assert claims_of(appearance("a", SAID, SALEM), appearance("b", SAID, ZAKHAROVA)) == []
    # An unknown speaker joins a known one, but cannot bridge two different ones.
    found = claims_of(
        appearance("a", SAID, SALEM), appearance("b", SAID, None), appearance("c", SAID, ZAKHAROVA)
    )
    assert found == [[f"a#quote=0,{len(SAID)}", f"b#quote=0,{len(SAID)}"]]


def test_one_article_alone_makes_no_claim() -> None:
    assert claims_of(appearance("a", SAID), appearance("a", SAID, at=500)) == []


def test_short_statements_make_no_claim() -> None:
    assert claims_of(appearance("a", "We will see."), appearance("b", "We will see.")) == []


def test_claim_takes_the_fullest_text_and_the_known_speaker() -> None:
    found = Claims()
    found.add(appearance("a", SAID[:120], None))
    found.add(appearance("b", SAID, SALEM))
    (claim,) = found.claims()
    assert claim.text == SAID and claim.speaker == SALEM


def first_of(*dates: str | None) -> str | None:
    found = Claims()
    for number, date in enumerate(dates):
        found.add(appearance(f"art{number}", SAID, date=date))
    (claim,) = found.claims()
    return claim.first.split("/")[-1].split("#")[0] if claim.first else None


def test_first_appearance_only_when_the_dates_tell() -> None:
    assert first_of("2017-09-02", "2017-09-01") == "art1"
    assert first_of("2017-09-01T14:54:00+05:30", "2017-09-01T10:00:00+00:00") == "art0"
    assert first_of("2017-09-01", None) is None  # the undated one may have been first
    assert first_of("2017-09-01", "2017-09-01") is None  # a tie
    assert first_of("2017-09-01", "2017-09-01T10:00:00+00:00") is None  # no time to compare


def test_the_same_appearances_give_the_same_claims() -> None:
    # (Across processes, with other hash seeds: test_seeds' byte-identical rebuild.)
    items = [appearance(f"a{i}", SAID if i % 2 else SAID[40:], at=i) for i in range(12)]
    first = Claims()
    for item in items:
        first.add(item)
    again = Claims()
    for item in items:
        again.add(item)
    assert first.claims() == again.claims()
    assert len(first.claims()) == 1


def test_many_statements_stay_apart() -> None:
    # 2,000 distinct statements with shared boilerplate: no claim, quickly (an index, not pairs).
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    found = Claims()
    for number in range(2000):
        text = "the United States and " + " ".join(rng.choices(vocabulary, k=25))
        found.add(appearance(f"a{number}", text, speaker=None))
    assert found.claims() == []


@given(st.text(max_size=80))
def test_words_are_lowercase_word_characters(text: str) -> None:
    for word in words(text):
        assert word and all(c.isalnum() or c == "_" for c in word)
        assert word == word.casefold()


def test_a_quoted_fragment_joins_its_statement_in_an_article_of_the_same_story() -> None:
    other = "We will not accept any of these demands from the West under any conditions at all"
    story = [
        appearance("a", SAID), appearance("b", SAID, at=900),  # the two report one story
        appearance("a", 'called that argument "absurd."', at=400),
        appearance("b", "that justification \u201cabsurd.\u201d", at=100),
    ]  # fmt: skip
    assert sorted(claims_of(*story)) == [
        ["a#quote=0,175", "b#quote=900,1075"],
        ["a#quote=400,430", "b#quote=100,128"],
    ]
    # Without a claim the two articles share, a word is too common to say they copied.
    assert claims_of(story[2], story[3], appearance("c", other)) == []
    # Nor with a speaker of its own.
    story[3] = appearance("b", "that justification \u201cabsurd.\u201d", speaker=ZAKHAROVA, at=100)
    assert claims_of(*story) == [["a#quote=0,175", "b#quote=900,1075"]]


def test_a_fragment_two_statements_hold_is_not_guessed() -> None:
    first = "the justification is absurd and it is also unlawful by any reading of the law"
    second = "a claim that is absurd on its face and it was rejected by both of the chambers"
    found = claims_of(
        appearance("a", SAID), appearance("b", SAID, at=900),
        appearance("a", "absurd", at=400),
        appearance("b", first, at=100), appearance("b", second, at=300),
    )  # fmt: skip
    assert found == [["a#quote=0,175", "b#quote=900,1075"]]


def test_a_republished_article_makes_no_claim_with_its_original() -> None:
    from kg.resolve.duplicates import Copies

    body = " ".join(f"Paragraph {n} of the report says the talks went on." for n in range(12))
    base = "http://example.org/kg/article/"
    copies = Copies()
    copies.add(base + "a", body + " " + SAID, "2017-09-02")
    copies.add(base + "b", body + " Edited. " + SAID, "2017-09-01")  # the earlier: the original
    copies.add(base + "c", "Other words entirely. " * 30 + SAID, "2017-09-03")
    originals = copies.originals()
    assert originals == {base + "a": base + "b"}
    found = Claims()
    for item in (appearance("a", SAID), appearance("b", SAID)):
        found.add(item)
    assert found.claims(originals) == []
    found.add(appearance("c", SAID))
    assert [len(c.appearances) for c in found.claims(originals)] == [3]


def test_web_page_furniture_is_no_claim() -> None:
    strip = (
        "Schiff should be a witness in Trump impeachment trial | Democrats seize on new "
        "evidence in first public hearing | Senate votes"
    )
    signup = "POLITICO Playbook newsletter Sign up today to receive the #1-rated newsletter"
    for text in (strip, signup):
        assert (
            claims_of(appearance("a", text, speaker=None), appearance("b", text, speaker=None))
            == []
        )
    # One outlet alone printing a statement in three articles: its pages' furniture.
    hill = "http://example.org/kg/organization/the-hill"
    cnn = "http://example.org/kg/organization/cnn"
    copies = [replace(appearance(a, SAID), outlet=hill) for a in "abc"]
    assert claims_of(*copies) == []
    assert len(claims_of(*copies[:2])) == 1  # twice is a quote the outlet used again
    assert len(claims_of(*copies, replace(appearance("d", SAID), outlet=cnn))) == 1


def test_a_few_shared_words_are_not_one_statement() -> None:
    # Three shingles of five in common (`he didn't want to be`): 60%, but different statements.
    short = "why he didn't want to be identified"
    other = (
        "It looked like Romney wanted to be there, and Obama looked like he didn't want to be there"
    )
    assert claims_of(appearance("a", short, speaker=None), appearance("b", other)) == []


def test_a_short_statement_needs_words_enough_to_join_one_of_its_story() -> None:
    longer = "there had been a change on the sanctions, or at least that the decision wasn't final"
    story = [
        appearance("a", SAID), appearance("b", SAID, at=900),
        appearance("a", "the sanctions", at=400), appearance("b", longer, speaker=None, at=100),
    ]  # fmt: skip
    assert claims_of(*story) == [["a#quote=0,175", "b#quote=900,1075"]]


_SENTENCES = st.lists(
    st.tuples(
        st.integers(0, 3),  # the article
        st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=4, max_size=14),
    ),
    max_size=30,
)


def test_the_same_short_words_in_two_stories_are_two_claims_with_two_keys() -> None:
    """A short statement joins its like only in an article of the same story; the same words
    by the same speaker in another story are another claim, and each claim has its own key
    (its IRI): one key for both gave one node two first appearances."""
    short = "to fire the manager"
    other = "The river rose through the night and by morning the old bridge had gone under"
    found = Claims()
    for article, story, day in (("a1", SAID, "01"), ("a2", SAID, "02"), ("b1", other, "03"),
                                ("b2", other, "04")):  # fmt: skip
        found.add(appearance(article, story, date=f"2019-05-{day}"))
        found.add(appearance(article, short, ZAKHAROVA, f"2019-05-{day}", at=500))
    made = found.claims()
    shorts = [c for c in made if c.text == short]
    assert [[q.split("/")[-1] for q in c.appearances] for c in shorts] == [
        ["a1#quote=500,519", "a2#quote=500,519"],
        ["b1#quote=500,519", "b2#quote=500,519"],
    ]
    assert len({c.key for c in made}) == len(made) == 4
    assert [c.key for c in made] == sorted(c.key for c in made)
    assert [c.first for c in shorts] == [shorts[0].appearances[0], shorts[1].appearances[0]]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(sentences=_SENTENCES, postings=st.sampled_from([2, 3, 500]))
def test_pairs_are_those_of_counting_every_pair(
    sentences: list[tuple[int, list[str]]], postings: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The prefix filter finds exactly the pairs that comparing every two statements finds,
    # with boilerplate shingles (more postings than the limit) left out of the count.
    monkeypatch.setattr(claims, "MAX_POSTINGS", postings)
    found = Claims()
    for number, (article, tokens) in enumerate(sentences):
        found.add(appearance(f"a{article}", " ".join(tokens), at=number))
    grams = [shingles(t) if len(t) >= claims.MIN_WORDS else set() for _, t in sentences]
    counts = Counter(g for gs in grams for g in gs)
    expected = []
    for i, j in itertools.combinations(range(len(sentences)), 2):
        shared = sum(1 for g in grams[i] & grams[j] if counts[g] <= postings)
        smaller = min(len(grams[i]), len(grams[j]))
        if (
            sentences[i][0] != sentences[j][0]
            and smaller
            and shared >= max(claims.CONTAINMENT * smaller, claims.MIN_SHARED)
        ):
            expected.append((i, j))
    found._flush()
    assert list(found._pairs()) == expected
