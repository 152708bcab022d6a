"""Statements and their speakers, on small texts of the kinds real articles hold."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.facts import Article, ArticleFacts, QuoteKind
from kg.nlp.parse import parse
from kg.pipeline import facts_of

pytestmark = pytest.mark.model


def facts(language: Any, text: str) -> ArticleFacts:
    (parsed,) = parse(language, [Article("t", text, "t", "t")])
    return facts_of(parsed)


def said(language: Any, text: str) -> list[tuple[str, str | None, str | None, str]]:
    """(kind, cue, speaker's entity name, words) of each statement."""
    found = facts(language, text)
    name_of = {m: e.name for e in found.entities for m in e.mentions}
    return [
        (s.kind.value, s.cue, name_of.get(s.speaker) if s.speaker else None, s.text)
        for s in found.statements
    ]


def test_attribution_after_before_and_inside(language: Any) -> None:
    text = (
        "Maria Zakharova spoke on Monday.\n\n"
        '"The materials need a thorough examination," Zakharova said.\n\n'
        'Zakharova said: "These materials tell us a great deal about the coalition."\n\n'
        '"One of the goals is influence," Zakharova added, "and that is what we saw."'
    )
    assert said(language, text) == [
        ("direct", "say", "Maria Zakharova", "The materials need a thorough examination"),
        ("direct", "say", "Maria Zakharova",
         "These materials tell us a great deal about the coalition."),
        ("direct", "add", "Maria Zakharova", "One of the goals is influence"),
        ("direct", "add", "Maria Zakharova", "and that is what we saw."),
    ]  # fmt: skip


def test_pronoun_speakers_refer_to_the_person_before(language: Any) -> None:
    text = (
        "Asaad As-Salem has disclosed details of the base. He stated,\n\n"
        "\u201cWe reported that to the base command, but no action has been taken.\u201d\n\n"
        "He continued,\n\n"
        "\u201cThere\u2019s no support for the local populace, I\u2019ll tell you.\u201d"
    )
    found = said(language, text)
    assert [(kind, cue, speaker) for kind, cue, speaker, _ in found] == [
        ("direct", "state", "Asaad As-Salem"),
        ("direct", "continue", "Asaad As-Salem"),
    ]


def test_a_surname_the_model_missed_is_still_the_person(language: Any) -> None:
    text = (
        "Asaad As-Salem defected from the group in May.\n\n"
        '"We were never meant to fight them," As-Salem said during an interview.'
    )
    ((_, _, speaker, _),) = said(language, text)
    assert speaker == "Asaad As-Salem"


def test_reported_speech(language: Any) -> None:
    text = (
        "Maria Zakharova said that the information should be examined by organisations. "
        "According to the ministry, the weapons were sold to militants in the south. "
        "Russia Today quoted Zakharova as saying the coalition pursues its own goals."
    )
    found = said(language, text)
    assert ("indirect", "say", "Maria Zakharova",
            "the information should be examined by organisations") in found  # fmt: skip
    assert any(k == "indirect" and c == "according to" and w.startswith("the weapons were sold")
               for k, c, _, w in found)  # fmt: skip
    assert any(c == "say" and s == "Maria Zakharova" and w.startswith("the coalition pursues")
               for _, c, s, w in found)  # fmt: skip


def test_a_quoted_fragment_inside_reported_speech_is_mixed(language: Any) -> None:
    text = 'Reid said both Rubio and Cruz are "non-entities in the Senate," but he smiled.'
    ((kind, cue, _, words),) = said(language, text)
    assert (kind, cue, words) == (
        "mixed",
        "say",
        'both Rubio and Cruz are "non-entities in the Senate,"',
    )


def test_scare_quotes_and_titles_are_not_statements(language: Any) -> None:
    text = (
        "US backed so-called \u2018moderate rebels\u2019 sold American weapons.\n\n"
        "In his new book, \u201cDoomed to Succeed,\u201d Ross describes the alliance.\n\n"
        "The \u201csupermax\u201d prison in Colorado was studied by officials."
    )
    assert said(language, text) == []


def test_a_description_names_the_person_the_article_gave_that_title(language: Any) -> None:
    text = (
        "Foreign ministry spokesperson Maria Zakharova spoke on Monday.\n\n"
        '"The materials need a thorough examination," the spokesperson said.\n\n'
        '"We have seen nothing like it," a Syrian rebel said.'
    )
    found = said(language, text)
    assert [speaker for _, _, speaker, _ in found] == ["Maria Zakharova", None]


def test_an_organisation_can_speak(language: Any) -> None:
    text = "The Pentagon said that the base had been closed since June."
    ((_, cue, speaker, _),) = said(language, text)
    assert (cue, speaker) == ("say", "Pentagon")


def test_a_quotation_goes_on_after_its_attribution(language: Any) -> None:
    text = (
        '"It is a pretty expensive business model," said Will Doyle, a professor at the '
        'university. "The biggest thing is personnel costs."'
    )
    found = facts(language, text).statements
    assert [s.kind for s in found] == [QuoteKind.DIRECT, QuoteKind.DIRECT]
    assert found[0].cue_phrase == found[1].cue_phrase  # one attribution, two stretches
    assert {s.source.text for s in found if s.source} == {"Will Doyle"}


def test_offsets_and_words(language: Any) -> None:
    text = "He said:\n\n\u201cFirst paragraph here.\n\n\u201cSecond paragraph here.\u201d"
    found = facts(language, text)
    for statement in found.statements:
        assert 0 <= statement.begin < statement.end <= len(text)
        assert len(statement.text) <= statement.end - statement.begin
    (statement,) = found.statements
    assert statement.text == "First paragraph here.\n\nSecond paragraph here."


PIECES = st.sampled_from(
    ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "''", " ", " ", "\n", "\n\n", ",", ".",
     ":", "said", "added", "he", "she", "who", "according to", "Maria Zakharova", "Salem",
     "the spokesperson", "that", "we", "will", "win", "the", "base", "so-called"]
)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=60))
def test_any_text_gives_statements_that_point_into_it(language: Any, pieces: list[str]) -> None:
    text = " ".join(pieces)
    found = facts(language, text)
    mentions = {m for e in found.entities for m in e.mentions}
    for statement in found.statements:
        assert 0 <= statement.begin < statement.end <= len(text)
        assert len(statement.text) <= statement.end - statement.begin
        for phrase in (statement.source, statement.cue_phrase):
            if phrase is not None:
                assert text[phrase.begin : phrase.end] == phrase.text
        assert statement.speaker is None or statement.speaker in mentions
