"""Linking: an entity whose names the gazetteer knows, unambiguously, gets that record's
external IRIs (`owl:sameAs`), its type and its canonical name.

Every name the article gives the entity is looked up; the entity links only when each name that
the gazetteer knows names the same one record, none is ambiguous, and the record's type agrees
(`vote.agreed`: a person is never linked to a place). A city links by its own GeoNames name
when it has CITY_ALONE people or more; otherwise (a smaller city, or one named by an alternate
name: `Raqqa` for Ar Raqqah, `Duran` for Eloy Alfaro) only when the article also names its
country. Entities linked to one record are one entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.facts import Entity, Mention, Relation, RelationKind
from kg.resolve import names
from kg.resolve.gazetteer import Gazetteer, Record
from kg.resolve.vote import agreed

CITY_ALONE = 100_000
"""People a city needs to link by its own name alone, with no country named in the article."""


def link(entities: Iterable[Entity], gazetteer: Gazetteer) -> tuple[Entity, ...]:
    """The entities, linked where the gazetteer is sure, in order of first mention."""
    entities = tuple(entities)
    found = [record_for(e, gazetteer) for e in entities]
    countries = {r.country for r, _ in filter(None, found) if not r.is_city and r.country}
    linked = [
        _linked(entity, match[0]) if match and _sure(*match, countries) else entity
        for entity, match in zip(entities, found, strict=True)
    ]
    by_link: dict[str, Entity] = {}
    for entity in linked:
        if entity.same_as:
            first = by_link.get(entity.same_as[0])
            by_link[entity.same_as[0]] = entity if first is None else _union(first, entity)
    out = [e for e in linked if not e.same_as] + list(by_link.values())
    return tuple(sorted(out, key=lambda e: (e.mentions[0].begin, e.mentions[0].end)))


def record_for(entity: Entity, gazetteer: Gazetteer) -> tuple[Record, bool] | None:
    """The one record the entity's names name, and whether by the record's own name."""
    found: dict[tuple[str, ...], Record] = {}
    keys = set()
    for name in (entity.name, *entity.alternate_names):
        candidates = gazetteer.candidates(name)
        if len(candidates) > 1:
            return None
        for record in candidates:
            found[record.iris] = record
            keys.add(names.key(name))
    if len(found) != 1:
        return None
    record = next(iter(found.values()))
    if agreed(entity.kind, record) is not record.kind:
        return None
    return record, names.key(record.name) in keys


def _sure(record: Record, own_name: bool, countries: set[str]) -> bool:
    """Whether the record is sure enough to link: a city only by its own name when it is big,
    or when the article names its country."""
    if not record.is_city or record.country in countries:
        return True
    return own_name and record.population >= CITY_ALONE


def _linked(entity: Entity, record: Record) -> Entity:
    name = names.clean(record.name)
    surfaces = {entity.name, *entity.alternate_names}
    return replace(
        entity,
        kind=record.kind,
        name=name,
        alternate_names=tuple(sorted(surfaces - {name})),
        same_as=record.iris,
    )


def _union(a: Entity, b: Entity) -> Entity:
    names_ = sorted({*a.alternate_names, b.name, *b.alternate_names} - {a.name})
    mentions = tuple(sorted({*a.mentions, *b.mentions}, key=lambda m: (m.begin, m.end)))
    return replace(a, alternate_names=tuple(names_), mentions=mentions)


def plausible(
    relations: Iterable[Relation], entities: Iterable[Entity], gazetteer: Gazetteer
) -> tuple[Relation, ...]:
    """The relations, but `containedInPlace` only where the outer place is a country (or US
    state) the gazetteer knows and the inner one is not a country, nor a city GeoNames puts in
    another country."""
    record_of: dict[Mention, Record | None] = {}
    for entity in entities:
        record = gazetteer.record(entity.same_as[0]) if entity.same_as else None
        for mention in entity.mentions:
            record_of[mention] = record
    kept = []
    for relation in relations:
        if relation.kind is RelationKind.CONTAINED_IN and relation.object is not None:
            outer = record_of.get(relation.object)
            inner = record_of.get(relation.subject)
            if outer is None or outer.is_city or not outer.country:
                continue
            if inner is not None and (not inner.is_city or inner.country != outer.country):
                continue
        kept.append(relation)
    return tuple(kept)
