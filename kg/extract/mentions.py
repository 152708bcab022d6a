"""Entity mentions: the model's names, trimmed to the name itself, and further mentions of the
names an article has already typed. Read-only over a parsed Doc, in document order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from spacy.tokens import Doc, Span

from kg.extract.tokens import is_name_token, name_from
from kg.facts import REPEAT_LABEL, EntityKind, Mention
from kg.lexicon import ADMINISTRATIONS, ARMED_FORCES, ORGANIZATION_DESCRIPTIONS
from kg.resolve import names
from kg.resolve.gazetteer import Gazetteer

LABELS: dict[str, EntityKind] = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,  # countries, cities, states
    "LOC": EntityKind.PLACE,  # regions, rivers, mountains
    "FAC": EntityKind.PLACE,  # buildings, bases, airports, bridges
}
"""spaCy (OntoNotes) labels kept as entities. NORP (nationalities, religious and political
groups: "Syrian", "Americans") names no single entity and is left out, as are dates, numbers,
products, events, laws, works of art and languages."""

RELABELLED = frozenset(("NORP", "PRODUCT", "WORK_OF_ART"))
"""Labels whose names the gazetteer may know as an entity (a party, a company)."""

_TRAILING = names.POSSESSIVES | names.APOSTROPHES


def mentions(
    doc: Doc, text: str, *, offset: int = 0, known: Gazetteer | None = None
) -> Iterator[Mention]:
    """Named entity mentions, trimmed to the name itself, with offsets into `text` (the Doc is
    of the piece of `text` that starts at `offset`).

    A leading title or role is not part of a person's name ("Spokeswoman Maria Zakharova" ->
    "Maria Zakharova"); a leading lowercase "the" is not part of an organisation's or place's
    name, nor a trailing description ("the Associated Press news agency"); a trailing
    possessive or punctuation is not part of any name. A person's name followed by
    `administration` is also that administration, an organisation ("the Trump administration":
    Trump, and his administration), as a country's name before `military` is its armed forces
    ("the U.S. military").
    A group or a product the model calls NORP or PRODUCT is what the gazetteer `known` has
    under that name, when it has one (`Democrats`, `Conservatives` and `GOP` are parties,
    `YouTube` a company).
    """
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        if kind is None and ent.label_ in RELABELLED and known is not None:
            record = known.unique(ent.text)
            if record is not None and not record.is_city:
                kind = record.kind
        if kind is None:
            continue
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if (kind is EntityKind.PERSON and after in ADMINISTRATIONS) or (
            kind is EntityKind.PLACE and ent.label_ == "GPE" and after in ARMED_FORCES
        ):  # the person or the country is named too
            body = doc[ent.start : ent.end + 1]
            yield from _mention(body, EntityKind.ORGANIZATION, ent.label_, text, offset)
        yield from _mention(ent, kind, ent.label_, text, offset)


def _mention(ent: Span, kind: EntityKind, label: str, text: str, offset: int) -> Iterator[Mention]:
    span = _trim(ent, kind)
    if span is None:
        return
    begin, end = offset + span.start_char, offset + span.end_char
    surface = text[begin:end]
    if any(c.isalpha() for c in surface):
        yield Mention(begin=begin, end=end, text=surface, kind=kind, label=label)


def _trim(ent: Span, kind: EntityKind) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and (doc[end - 1].text in _TRAILING or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if kind is EntityKind.PERSON:
        while end - start > 1 and names.is_title(doc[start].text):
            start += 1
    elif end - start > 1 and doc[start].text == "the":
        start += 1
    if kind is EntityKind.ORGANIZATION and doc[end - 1].lemma_.lower() in ORGANIZATION_DESCRIPTIONS:
        # "the Associated Press news agency", "the Harvard Crimson student newspaper"
        while end - start > 1 and doc[end - 1].is_lower:
            end -= 1
    return doc[start:end] if end > start else None


def repeats(
    doc: Doc,
    text: str,
    known: Mapping[str, EntityKind],
    taken: list[tuple[int, int]],
    *,
    offset: int = 0,
) -> Iterator[Mention]:
    """Other mentions of organisations and places the article already named: a whole run of
    name words whose `names.loose_key` is one of `known`'s, outside the `taken` spans
    (`at-Tanf` once `the Al-Tanf base` made `Al-Tanf` a place)."""
    i = 0
    while i < len(doc):
        if not is_name_token(doc[i]):
            i += 1
            continue
        run = name_from(i, doc)
        assert run is not None
        end = run[1]
        begin = offset + doc[i].idx
        stop = offset + doc[end - 1].idx + len(doc[end - 1].text)
        kind = known.get(names.loose_key(text[begin:stop]))
        if kind is not None and not any(b < stop and begin < e for b, e in taken):
            yield Mention(begin, stop, text[begin:stop], kind, REPEAT_LABEL)
        i = end
