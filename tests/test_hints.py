"""Type hints from a name's context, rule by rule, on hand-built parses: no model needed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.extract.hints import hints
from kg.facts import EntityKind

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
VOCAB = spacy.blank("en").vocab


def parsed(tokens: list[tuple[str, str, int, str]]) -> Doc:
    """A Doc from (word, POS, head index, dependency) rows, words joined by spaces."""
    words, pos, heads, deps = zip(*tokens, strict=True)
    return Doc(VOCAB, words=list(words), pos=list(pos), heads=list(heads), deps=list(deps))


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (  # `the X base`: a place
            [("the", "DET", 2, "det"), ("Al-Tanf", "PROPN", 2, "compound"),
             ("base", "NOUN", 2, "ROOT")],
            [("Al-Tanf", PLACE, True, "head")],
        ),
        (  # `the X group`: an organisation
            [("the", "DET", 2, "det"), ("Maghawir", "PROPN", 2, "compound"),
             ("group", "NOUN", 2, "ROOT")],
            [("Maghawir", ORG, True, "head")],
        ),
        (  # a title that modifies the name after it: a person
            [("spokesperson", "NOUN", 2, "compound"), ("Maria", "PROPN", 2, "compound"),
             ("Zakharova", "PROPN", 2, "ROOT")],
            [("Maria Zakharova", PERSON, True, "title")],
        ),
        (  # `in X` before no noun: probably a place
            [("fighting", "NOUN", 0, "ROOT"), ("in", "ADP", 0, "prep"),
             ("Raqqa", "PROPN", 1, "pobj"), (".", "PUNCT", 0, "punct")],
            [("Raqqa", PLACE, False, "preposition")],
        ),
        (  # `in X Y` where Y is a noun (`in Raqqa province`): the head rule's, not this one's
            [("in", "ADP", 2, "prep"), ("Raqqa", "PROPN", 2, "compound"),
             ("talks", "NOUN", 2, "ROOT")],
            [],
        ),
        (  # the name does not depend on the head noun: no hint
            [("Tanf", "PROPN", 1, "nsubj"), ("left", "VERB", 1, "ROOT"),
             ("base", "NOUN", 1, "dobj")],
            [],
        ),
    ],
)  # fmt: skip
def test_each_rule_gives_its_hint(
    tokens: list[tuple[str, str, int, str]], expected: list[tuple[str, EntityKind, bool, str]]
) -> None:
    doc = parsed(tokens)
    found = [(doc.text[h.begin : h.end], h.kind, h.strong, h.rule) for h in hints(doc)]
    assert found == expected


def test_offsets_are_into_the_article() -> None:
    doc = parsed([("the", "DET", 2, "det"), ("Al-Tanf", "PROPN", 2, "compound"),
                  ("base", "NOUN", 2, "ROOT")])  # fmt: skip
    (hint,) = hints(doc, offset=100)
    assert (hint.begin, hint.end) == (104, 111)
