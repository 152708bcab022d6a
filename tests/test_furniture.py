"""Headlines a web page links to a name are parsed apart from the sentence (kg.nlp.furniture)."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from kg.extract import mentions as extract
from kg.facts import Article
from kg.nlp import parse as nlp
from kg.nlp.furniture import blank_headings, blank_link_strips, link_strips

STRIP = (
    "Overnight Defense: Navy says it will review the order | Senate panel delays vote | "
    "House passes spending bill Mayor unveils plan for new bridge MORE"
)


def blanked(text: str) -> list[str]:
    """The stretches `blank_link_strips` replaced, as they were."""
    return [text[strip.begin : strip.end] for strip in link_strips(text)]


def test_the_full_name_and_its_headlines_are_blanked() -> None:
    text = f"Chairman Ellen Marsh Ellen Ruth Marsh{STRIP} (D-Ore.) blasted the plan."
    assert blanked(text) == [f"Ellen Ruth Marsh{STRIP}"]
    (strip,) = link_strips(text)
    assert text[slice(*strip.headlines)] == STRIP.removesuffix(" MORE")
    out = blank_link_strips(text)
    assert len(out) == len(text)
    assert out.startswith("Chairman Ellen Marsh ")
    assert out.endswith(" (D-Ore.) blasted the plan.")
    assert out[len("Chairman Ellen Marsh ") : -len(" (D-Ore.) blasted the plan.")].strip() == ""


@pytest.mark.parametrize(
    ("written", "linked"),
    [
        ("President Trump", "Donald John Trump"),  # the written name a title and surname
        ("Secretary Mike Pompeo", "Michael (Mike) Richard Pompeo"),  # a nickname in brackets
        ("Jason Crow", "Jason Crow"),  # no space between the two names
        ("Mayor Bill de Blasio", "Bill de Blasio"),  # a particle
        ("Sen. Bernie Sanders", "Bernie Sanders"),
    ],
)
def test_forms_of_the_linked_name(written: str, linked: str) -> None:
    join = "" if written == "Jason Crow" else " "
    for first in ("Overnight Defense: a headline", "2020 Democrats make a play for votes"):
        text = f"As {written}{join}{linked}{first} | Another headline MORE said, it ended."
        assert blanked(text) == [f"{linked}{first} | Another headline MORE"]


def test_strips_one_after_another_each_blanked() -> None:
    text = (
        f"Justices Ann Hale Ann Marie Hale{STRIP}, Tom Reyes Thomas Reyes{STRIP} and others agreed."
    )
    assert blanked(text) == [f"Ann Marie Hale{STRIP}", f"Thomas Reyes{STRIP}"]


@pytest.mark.parametrize(
    "text",
    [
        "He wants MORE money. Ellen Marsh Ellen Marsh",  # no MORE after the names
        "READ MORE: the next story",  # a link of another kind
        "SCHIFF STAFF WENT TO NEW YORK FOUR TIMES FOR MORE THAN 10 HOURS",  # a heading in capitals
        f"Ellen Marsh Ellen Ruth Marsh\n{STRIP}",  # not one paragraph
        "Ellen Marsh Ellen Ruth Marsh" + "x" * 1300 + " MORE",  # too far apart
        "Ellen Marsh said that Marsh would win MORE seats",  # the surname again, not a link
    ],
)
def test_other_text_is_left_as_it_is(text: str) -> None:
    assert link_strips(text) == []
    assert blank_link_strips(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Related Coverage Pompeo says he did not write it\n",
         "                 Pompeo says he did not write it\n"),
        ("He spoke.\n\nRelated Coverage Russia says so\n",
         "He spoke.\n\n                 Russia says so\n"),
        ("The Related Coverage Act passed.", "The Related Coverage Act passed."),  # in a sentence
        ("Related Coverage\nRussia says so", "Related Coverage\nRussia says so"),  # no headline
    ],
)  # fmt: skip
def test_the_heading_of_a_linked_headline_is_blanked(text: str, expected: str) -> None:
    assert blank_headings(text) == expected


PIECES = ["Aa", "Marsh", "Ruth", " ", " MORE", "\n", "(Bo)", "x", "|", ",", "2020"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_only_spaces_replace_characters(text: str) -> None:
    out = blank_link_strips(text)
    assert len(out) == len(text)
    assert all(o == t or o == " " for o, t in zip(out, text, strict=True))
    strips = link_strips(text)
    assert all(a.end <= b.begin for a, b in itertools.pairwise(strips))
    for strip in strips:
        assert text[strip.begin : strip.end].endswith(" MORE")
        assert strip.begin < strip.headlines[0] <= strip.headlines[1] == strip.end - len(" MORE")


@pytest.mark.parametrize(
    "text",
    [
        " MORE" * 200_000,
        ("Ann Bo " * 40 + " MORE") * 3_000,
        ("Ann Ann" + "x" * 1_300 + " MORE") * 1_000,
    ],
)
def test_hostile_text_costs_linear_time(text: str) -> None:
    started = time.process_time()
    link_strips(text)
    assert time.process_time() - started < 3


@pytest.mark.model
def test_the_sentence_is_parsed_without_the_strip_and_the_headlines_apart(
    language: Language,
) -> None:
    text = f"Plan\n\nChairman Ellen Marsh Ellen Ruth Marsh{STRIP} (D-Ore.) blasted the plan."
    (parsed,) = nlp.parse(language, [Article("a", text, "Plan", "t")])
    offsets = [offset for offset, _ in parsed.docs]
    assert offsets == [0, text.index("Overnight")]
    assert parsed.docs[1][1].text == STRIP.removesuffix(" MORE")
    assert "Navy" not in parsed.docs[0][1].text
    found = [
        m.text for offset, doc in parsed.docs for m in extract.mentions(doc, text, offset=offset)
    ]
    assert "Ellen Marsh" in found
    assert "Ellen Ruth Marsh" not in found  # the link's copy of the name
    assert "Navy" in found  # the headlines are the page's text too
