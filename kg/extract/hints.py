"""What a name's context says its type is: `the X base` is a place, `the X group` an
organisation, `spokesperson X` a person, `in X` probably a place.

Each rule yields a Hint: a stretch of the article and the kind its context gives it, strong
(the words say what it is) or weak (`in X`: usually a place). `kg.kinds` weighs the hints with
the model's labels and the gazetteer. Read-only over a parsed Doc; offsets into the article.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract.tokens import name_ending, name_from
from kg.facts import EntityKind, Hint
from kg.lexicon import (
    BODIES,
    EMPLOYEE_TITLES,
    FORCE_HEADS,
    GOVERNMENT,
    NAME_TITLES,
    NAMING_VERBS,
    ORGANIZATION_HEADS,
    PERSON_HEADS,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
)
from kg.resolve.names import POSSESSIVES

_NOUNS = frozenset(("NOUN", "PROPN"))


def hints(doc: Doc, *, offset: int = 0) -> Iterator[Hint]:
    """Every hint in the Doc, in document order (a stretch can get several)."""
    for token in doc:
        lower = token.lower_
        if lower in NAME_TITLES:
            yield from _after_title(token, offset)
        if lower in EMPLOYEE_TITLES:
            yield from _employer(token, offset)
        if not token.is_lower:
            continue
        if lower in BODIES:
            yield from _body(token, offset)
        if lower in PLACE_HEADS or lower in ORGANIZATION_HEADS:
            kind = EntityKind.PLACE if lower in PLACE_HEADS else EntityKind.ORGANIZATION
            run = _name_before(token)
            if run is not None:
                yield _hint(doc, run, kind, True, "head", offset)
            appositive = _apposition_after(token)
            if appositive is not None:
                yield _hint(doc, appositive, kind, True, "apposition", offset)
        if lower in NAMING_VERBS:
            yield from _naming(token, offset)
        elif lower in PLACE_PREPOSITIONS:
            run = name_from(token.i + 1, doc)
            if run is not None and (run[1] == len(doc) or doc[run[1]].pos_ not in _NOUNS):
                yield _hint(doc, run, EntityKind.PLACE, False, "preposition", offset)
        elif lower in GOVERNMENT and token.i >= 2 and doc[token.i - 1].text in POSSESSIVES:
            run = name_ending(token.i - 2, doc)
            if run is not None:
                yield _hint(doc, run, EntityKind.PLACE, False, "possessive", offset)


def _employer(title: Token, offset: int) -> Iterator[Hint]:
    """`Rossiya-24` in `Rossiya-24 correspondent Eugeniy Poddubny`: an organisation."""
    doc = title.doc
    following = title.i + 1
    if following >= len(doc) or doc[following].ent_type_ != "PERSON" or title.i == 0:
        return
    run = name_ending(title.i - 1, doc, within=title.i)
    if run is not None:
        yield _hint(doc, run, EntityKind.ORGANIZATION, True, "employer", offset)


def _body(noun: Token, offset: int) -> Iterator[Hint]:
    """`Russia's foreign ministry`: an organisation, named by the whole phrase (which holds the
    place's own mention)."""
    doc = noun.doc
    start = noun.i
    while (
        start > 0
        and doc[start - 1].is_lower
        and doc[start - 1].is_alpha
        and doc[start - 1].dep_ in ("amod", "compound")
    ):
        start -= 1
    if start < 2 or doc[start - 1].text not in POSSESSIVES:
        return
    owner = name_ending(start - 2, doc)
    if owner is None or doc[owner[0]].ent_type_ not in ("GPE", "ORG", "NORP"):
        return
    yield _hint(doc, (owner[0], noun.i + 1), EntityKind.ORGANIZATION, True, "body", offset)


def _hint(
    doc: Doc, run: tuple[int, int], kind: EntityKind, strong: bool, rule: str, offset: int
) -> Hint:
    first, last = doc[run[0]], doc[run[1] - 1]
    return Hint(offset + first.idx, offset + last.idx + len(last.text), kind, strong, rule)


def _name_before(head: Token) -> tuple[int, int] | None:
    """`Maghawir al-Thawra` in `the Maghawir al-Thawra group`: the name tokens right before the
    head noun, each depending on it (or on one another)."""
    return name_ending(head.i - 1, head.doc, within=head.i)


def _apposition_after(head: Token) -> tuple[int, int] | None:
    """`Rukhban` in `a refugee camp, Rukhban,`."""
    doc = head.doc
    i = head.i + 1
    if i + 1 >= len(doc) or doc[i].text != ",":
        return None
    run = name_from(i + 1, doc)
    if run is None or (run[1] < len(doc) and doc[run[1]].text not in (",", ".", ";", ")")):
        return None
    return run


def _naming(verb: Token, offset: int) -> Iterator[Hint]:
    """`a proxy army known as X`, `a man called X`: X is what the noun before says."""
    doc = verb.doc
    noun = verb.head
    if verb.dep_ != "acl" or noun.pos_ not in ("NOUN", "PROPN"):
        return
    lower = noun.lower_
    if lower in PLACE_HEADS:
        kind = EntityKind.PLACE
    elif lower in ORGANIZATION_HEADS or lower in FORCE_HEADS:
        kind = EntityKind.ORGANIZATION
    elif lower in PERSON_HEADS:
        kind = EntityKind.PERSON
    else:
        return
    first = verb.i + 1
    if first < len(doc) and doc[first].lower_ == "as":
        first += 1
    run = name_from(first, doc)
    if run is not None:
        yield _hint(doc, run, kind, True, "naming", offset)


def _after_title(title: Token, offset: int) -> Iterator[Hint]:
    """`spokesperson Maria Zakharova`, `President Assad`: a person, when the title modifies the
    name after it (`General` in `General Motors` is part of a name the model reads whole)."""
    doc = title.doc
    run = name_from(title.i + 1, doc)
    if run is None or title.dep_ not in ("compound", "nmod") or title.head.i not in range(*run):
        return
    yield _hint(doc, run, EntityKind.PERSON, True, "title", offset)
