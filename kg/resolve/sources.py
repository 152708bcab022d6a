"""Speakers the model did not tag: a statement whose source is a name no entity of the article
has (`said Swiss Re`, `according to The Tennessean`) is spoken by a new entity of that name,
with every other place the article prints the same name as its mentions.

`kg.extract.quotes.speakers` decides that a source is such a name, and of which kind; here the
mentions become entities, in the article's order. Plain Python over facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.facts import REPEAT_LABEL, Entity, Mention, Statement
from kg.resolve import names


def with_sources(
    entities: Sequence[Entity], statements: Sequence[Statement], text: str
) -> tuple[tuple[Entity, ...], tuple[Statement, ...]]:
    """The article's entities, and one more for each name that only statements' sources give;
    the statements, with that entity as the speaker of every other statement whose source is
    one of its mentions (`"...," said Swiss Re` where the model tagged `Re` otherwise)."""
    known = {m for e in entities for m in e.mentions}
    taken = sorted((m.begin, m.end) for m in known)
    groups: dict[tuple[str, str], list[Mention]] = {}
    for statement in statements:
        speaker = statement.speaker
        if speaker is None or speaker in known:
            continue
        groups.setdefault((speaker.kind, names.key(speaker.text)), []).append(speaker)
    if not groups:
        return tuple(entities), tuple(statements)
    added = []
    for mentions in groups.values():
        spans = {(m.begin, m.end) for m in mentions}
        kind, surface = mentions[0].kind, mentions[0].text
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            begin, end = match.span()
            if (begin, end) in spans or any(b < end and begin < e for b, e in taken):
                continue
            mentions.append(Mention(begin, end, surface, kind, REPEAT_LABEL))
            spans.add((begin, end))
        ordered = tuple(sorted(set(mentions), key=lambda m: (m.begin, m.end)))
        name = names.clean(max((m.text for m in ordered), key=len))
        alternates = tuple(sorted({names.clean(m.text) for m in ordered} - {name}))
        added.append(Entity(kind=kind, name=name, alternate_names=alternates, mentions=ordered))
        taken.extend((m.begin, m.end) for m in ordered)
    at = {(m.begin, m.end): m for e in added for m in e.mentions}
    spoken = tuple(_spoken_by(s, at) for s in statements)
    everyone = sorted([*entities, *added], key=lambda e: (e.mentions[0].begin, e.mentions[0].end))
    return tuple(everyone), spoken


def _spoken_by(statement: Statement, at: dict[tuple[int, int], Mention]) -> Statement:
    source = statement.source
    if statement.speaker is not None or source is None:
        return statement
    begin = source.begin + 4 if source.text.lower().startswith("the ") else source.begin
    mention = at.get((begin, source.end))
    return replace(statement, speaker=mention) if mention is not None else statement
