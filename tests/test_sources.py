"""A statement's source that names no entity becomes one (plain facts, no model)."""

from __future__ import annotations

from kg.facts import Entity, EntityKind, Mention, Phrase, QuoteKind, Statement
from kg.resolve.sources import with_sources

TEXT = "Swiss Re said losses rose. Analysts at Swiss Re agree. Swiss Re said more. Zurich said"


def statement(begin: int, source: tuple[int, int], speaker: Mention | None) -> Statement:
    phrase = Phrase(source[0], source[1], TEXT[source[0] : source[1]])
    return Statement(begin, begin + 5, TEXT[begin : begin + 5], QuoteKind.INDIRECT, "say",
                     None, phrase, speaker)  # fmt: skip


def test_the_name_is_an_entity_with_each_place_it_is_printed() -> None:
    zurich = Mention(75, 81, "Zurich", EntityKind.PLACE, "GPE")
    known = (Entity(EntityKind.PLACE, "Zurich", (), (zurich,)),)
    first = Mention(0, 8, "Swiss Re", EntityKind.ORGANIZATION, "kg:source")
    said = (statement(14, (0, 8), first), statement(66, (55, 63), None))
    entities, statements = with_sources(known, said, TEXT)
    (swiss_re,) = [e for e in entities if e.name == "Swiss Re"]
    assert [(m.begin, m.end) for m in swiss_re.mentions] == [(0, 8), (39, 47), (55, 63)]
    assert [e.name for e in entities] == ["Swiss Re", "Zurich"]  # in order of first mention
    # The later statement whose source is the same name is spoken by it too.
    assert statements[1].speaker in swiss_re.mentions
    assert statements[0].speaker == first


def test_nothing_changes_without_such_a_source() -> None:
    zurich = Mention(75, 81, "Zurich", EntityKind.PLACE, "GPE")
    known = (Entity(EntityKind.PLACE, "Zurich", (), (zurich,)),)
    said = (statement(66, (75, 81), zurich),)
    assert with_sources(known, said, TEXT) == (known, said)
