"""kg's fixes to the spaCy pipeline, and the extractor, on short texts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg import extract, nlp
from kg.facts import EntityKind

pytestmark = pytest.mark.model


def mentions(language: Language, text: str) -> list[tuple[str, EntityKind]]:
    doc = language(nlp.prepare(text))
    return [(m.text, m.kind) for m in extract.mentions(doc, text)]


def test_prefixed_arabic_names_stay_one_token(language: Language) -> None:
    doc = language("Asaad As-Salem said, and al-Assad replied.")
    assert "As-Salem" in [t.text for t in doc]
    assert "al-Assad" in [t.text for t in doc]


def test_a_newline_starts_a_sentence(language: Language) -> None:
    doc = language("Headline without a stop\nNews Agencies 1 September 2017\n\nBody starts here.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Headline without a stop"
    assert sentences[-1] == "Body starts here."
    assert not any("\n" in s for s in sentences)  # no sentence runs over a line break


def test_no_break_spaces_do_not_split_names(language: Language) -> None:
    text = "Russia's foreign ministry spokesperson Maria\u00a0Zakharova said so."
    found = mentions(language, text)
    assert ("Maria\u00a0Zakharova", EntityKind.PERSON) in found  # the text as printed
    assert len(nlp.prepare(text)) == len(text)


def test_titles_are_not_part_of_names(language: Language) -> None:
    text = "Russian Foreign Ministry Spokeswoman Maria Zakharova has responded."
    assert ("Maria Zakharova", EntityKind.PERSON) in mentions(language, text)


def test_label_mapping(language: Language) -> None:
    found = mentions(
        language, "Angela Merkel met Google executives in Berlin. Many Germans agreed."
    )
    assert ("Angela Merkel", EntityKind.PERSON) in found
    assert ("Google", EntityKind.ORGANIZATION) in found
    assert ("Berlin", EntityKind.PLACE) in found
    assert all(text != "Germans" for text, _ in found)  # NORP is not an entity
