"""Writing the output files: streaming, in a fixed order.

The N-Quads file (one named graph per article) is written while articles are processed; the
merged Turtle and JSON-LD are derived from it afterwards in one streaming pass, so the corpus
graph is never held in memory. They are written into a build's own folder (`kg.output`), which
is committed as a whole when the build has succeeded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize
from rdflib import RDF

from kg.output import Staging
from kg.rdf import jsonld
from kg.rdf.vocab import PREFIXES, SCHEMA

GRAPH_NQ = "graph.nq"
GRAPH_TTL = "graph.ttl"
GRAPH_JSONLD = "graph.jsonld"
CONTEXT_JSONLD = "context.jsonld"
VOID_TTL = "void.ttl"
REPORT_TTL = "validation-report.ttl"


def quads_bytes(quads: Iterable[Quad]) -> bytes:
    """N-Quads of `quads`, in their order."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


@dataclass(frozen=True)
class MergedCounts:
    triples: int
    entities: int
    classes: dict[str, int]
    """Class IRI -> number of distinct subjects of that class."""


class _Union:
    """The default-graph union of an N-Quads file, streamed, each triple said once; counted.

    Only triples about entities repeat across graphs (two articles stating one relation), so
    only those are remembered, as 64-bit hashes: memory grows with the number of distinct
    entities' triples, not of articles. What is said of an entity itself is in the entities'
    graph once, so the union is exactly the merged graph.
    """

    _ENTITY_CLASSES = (str(SCHEMA.Person), str(SCHEMA.Organization), str(SCHEMA.Place))

    def __init__(self, nquads: Path, *, article_prefix: str) -> None:
        self.nquads = nquads
        self.article_prefix = article_prefix
        self.triples = 0
        self.classes: dict[str, int] = {}  # each (s, rdf:type, class) comes once: count them

    @property
    def counts(self) -> MergedCounts:
        entities = sum(self.classes.get(c, 0) for c in self._ENTITY_CLASSES)
        return MergedCounts(self.triples, entities, dict(sorted(self.classes.items())))

    def __iter__(self) -> Iterator[Triple]:
        seen: set[int] = set()
        rdf_type = str(RDF.type)
        self.triples, self.classes = 0, {}
        with open(self.nquads, "rb") as handle:
            for quad in parse(handle, format=RdfFormat.N_QUADS):
                subject, predicate, obj = quad.subject, quad.predicate, quad.object
                if isinstance(subject, NamedNode) and not subject.value.startswith(
                    self.article_prefix
                ):
                    key = hash((subject.value, predicate.value, str(obj)))
                    if key in seen:
                        continue
                    seen.add(key)
                if predicate.value == rdf_type:
                    self.classes[obj.value] = self.classes.get(obj.value, 0) + 1
                self.triples += 1
                yield Triple(subject, predicate, obj)


def write_merged(stage: Staging, *, article_prefix: str) -> MergedCounts:
    """Derive graph.ttl and graph.jsonld (and context.jsonld) from the staged graph.nq, in one
    pass over it: each triple of the union goes to the JSON-LD writer on its way to Turtle."""
    union = _Union(stage.file(GRAPH_NQ), article_prefix=article_prefix)
    with (
        open(stage.file(GRAPH_TTL), "wb") as turtle,
        open(stage.file(GRAPH_JSONLD), "w", encoding="utf-8") as document,
    ):
        writer = jsonld.Writer(document)

        def to_both() -> Iterator[Triple]:
            for triple in union:
                writer.add(triple)
                yield triple

        serialize(to_both(), turtle, RdfFormat.TURTLE, prefixes=PREFIXES)
        writer.close()
    with open(stage.file(CONTEXT_JSONLD), "w", encoding="utf-8") as out:
        json.dump({"@context": jsonld.context()}, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
    return union.counts


def write_turtle(
    triples: Iterable[Triple], out: BinaryIO | Path, *, prefixes: dict[str, str] | None = None
) -> None:
    serialize(triples, out, RdfFormat.TURTLE, prefixes={**PREFIXES, **(prefixes or {})})
