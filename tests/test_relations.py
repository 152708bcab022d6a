"""Relations: each rule of `kg.extract.relations` on a sentence of the kind news prints, and the
cases that must give nothing (a past title, a war that is not a place)."""

from __future__ import annotations

import pytest

import kg

pytestmark = pytest.mark.model

Found = set[tuple[str, str, str]]


@pytest.fixture(scope="module")
def pipe() -> kg.Pipeline:
    return kg.load()


def relations(pipe: kg.Pipeline, sentence: str) -> Found:
    """(subject's name, property, object's name or the title's words) of each relation."""
    facts = pipe(f"Headline\n\n{sentence}")
    name = {m: e.name for e in facts.entities for m in e.mentions}
    return {
        (
            name[r.subject],
            r.kind.value,
            name[r.object] if r.object is not None else r.value.text if r.value else "",
        )
        for r in facts.relations
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russia's foreign ministry spokesperson Maria Zakharova spoke on Monday.",
            {
                ("Maria Zakharova", "jobTitle", "spokesperson"),
                ("Maria Zakharova", "worksFor", "Russia's foreign ministry"),
            },
        ),
        (
            "John Smith, a spokesman for Greenpeace, declined to comment.",
            {("John Smith", "jobTitle", "spokesman"), ("John Smith", "worksFor", "Greenpeace")},
        ),
        (
            "Peter Brown, a member of the Labour Party, voted against it.",
            {("Peter Brown", "memberOf", "Labour Party")},
        ),
        ("The fighting in Raqqa in Syria went on.", {("Ar Raqqah", "containedInPlace", "Syria")}),
        (
            "Fighting went on in Aleppo, Syria, for weeks.",
            {("Aleppo", "containedInPlace", "Syria")},
        ),
    ],
)
def test_each_rule_states_its_relation(pipe: kg.Pipeline, sentence: str, expected: Found) -> None:
    assert relations(pipe, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Former spokesman John Smith said nothing.",  # a past title
        "He fought in the Iraq war.",  # `in the Iraq war` is no place
        "Maria Zakharova met John Smith in Moscow.",  # meeting is no relation
    ],
)
def test_no_relation_without_a_pattern_that_says_it(pipe: kg.Pipeline, sentence: str) -> None:
    assert relations(pipe, sentence) == set()


def test_every_relation_carries_its_sentence(pipe: kg.Pipeline) -> None:
    sentence = "John Smith, a spokesman for Greenpeace, declined to comment."
    facts = pipe(f"Headline\n\n{sentence}")
    assert facts.relations
    for relation in facts.relations:
        assert relation.evidence.text == sentence
        assert facts.article.text[relation.evidence.begin : relation.evidence.end] == sentence


def test_a_title_inside_an_organisations_name_is_no_title(pipe: kg.Pipeline) -> None:
    # The model reads "National Security Advisor" as an organisation: the title noun is part
    # of the organisation's name, and the article is still read (it once failed whole).
    sentence = (
        "That is among the most revealing takeaways from Thursday's decision by Attorney "
        "General Bill Barr to pull the plug on the prosecution of Flynn, who fleetingly served "
        "as President Trump's first National Security Advisor."
    )
    found = relations(pipe, sentence)
    assert not any(subject == "Trump" and value.endswith("Advisor") for subject, _, value in found)
