"""Writing the output files: atomically, streaming, in a fixed order.

The N-Quads file (one named graph per article) is written while articles are processed; the
merged Turtle and JSON-LD are derived from it afterwards in one streaming pass, so the corpus
graph is never held in memory. Every file is first written into a scratch folder inside the
output folder and moved into place only when the whole build has succeeded: an interrupted run
leaves the previous output as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize
from rdflib import RDF

from kg import jsonld
from kg.vocab import PREFIXES, SCHEMA

GRAPH_NQ = "graph.nq"
GRAPH_TTL = "graph.ttl"
GRAPH_JSONLD = "graph.jsonld"
CONTEXT_JSONLD = "context.jsonld"
VOID_TTL = "void.ttl"
REPORT_TTL = "validation-report.ttl"


class Staging:
    """A scratch folder inside the output folder; `commit()` moves its files into place."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.path = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out_dir))

    def file(self, name: str) -> Path:
        return self.path / name

    def commit(self) -> list[Path]:
        """Move every staged file into the output folder (each move is atomic)."""
        done = []
        for staged in sorted(self.path.iterdir()):
            with open(staged, "rb") as handle:
                os.fsync(handle.fileno())
            target = self.out_dir / staged.name
            os.replace(staged, target)
            done.append(target)
        self.discard()
        return done

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


@contextmanager
def staging(out_dir: Path) -> Iterator[Staging]:
    stage = Staging(out_dir)
    try:
        yield stage
    finally:
        stage.discard()


def quads_bytes(quads: Iterable[Quad]) -> bytes:
    """N-Quads of `quads`, in their order."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


@dataclass(frozen=True)
class MergedCounts:
    triples: int
    entities: int
    classes: dict[str, int]
    """Class IRI -> number of distinct subjects of that class."""


def _merged(nquads: Path, article_prefix: str, counts: dict[str, object]) -> Iterator[Triple]:
    """The default-graph union of the N-Quads file, streaming, each triple said once.

    Only triples about entities repeat across articles (each article describes the entities it
    names), so only those are remembered, as 64-bit hashes: memory grows with the number of
    distinct entities, not of articles. An entity that two articles name by different canonical
    forms keeps the first as `schema:name`; later ones become `schema:alternateName`.
    """
    seen: set[int] = set()
    names: dict[int, str] = {}
    classes: dict[str, int] = {}  # each (subject, rdf:type, class) comes once: count them
    entity_classes = {str(SCHEMA.Person), str(SCHEMA.Organization), str(SCHEMA.Place)}
    total = 0
    name_iri = str(SCHEMA.name)
    alternate = NamedNode(str(SCHEMA.alternateName))
    with open(nquads, "rb") as handle:
        for quad in parse(handle, format=RdfFormat.N_QUADS):
            subject, predicate, obj = quad.subject, quad.predicate, quad.object
            if isinstance(subject, NamedNode) and not subject.value.startswith(article_prefix):
                if predicate.value == name_iri:
                    first = names.setdefault(hash(subject.value), obj.value)
                    if first != obj.value:
                        predicate = alternate
                key = hash((subject.value, predicate.value, str(obj)))
                if key in seen:
                    continue
                seen.add(key)
            if predicate.value == str(RDF.type):
                classes[obj.value] = classes.get(obj.value, 0) + 1
            total += 1
            yield Triple(subject, predicate, obj)
    counts["triples"] = total
    counts["classes"] = dict(sorted(classes.items()))
    counts["entities"] = sum(classes.get(c, 0) for c in entity_classes)


def write_merged(stage: Staging, *, article_prefix: str) -> MergedCounts:
    """Derive graph.ttl and graph.jsonld (and context.jsonld) from the staged graph.nq."""
    nquads = stage.file(GRAPH_NQ)
    counts: dict[str, object] = {}
    with open(stage.file(GRAPH_TTL), "wb") as out:
        serialize(_merged(nquads, article_prefix, counts), out, RdfFormat.TURTLE, prefixes=PREFIXES)
    with open(stage.file(GRAPH_JSONLD), "w", encoding="utf-8") as out:
        jsonld.write(_merged(nquads, article_prefix, {}), out)
    with open(stage.file(CONTEXT_JSONLD), "w", encoding="utf-8") as out:
        json.dump({"@context": jsonld.context()}, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
    classes = counts["classes"]
    assert isinstance(classes, dict)
    return MergedCounts(
        triples=int(str(counts["triples"])), entities=int(str(counts["entities"])), classes=classes
    )


def write_turtle(
    triples: Iterable[Triple], out: BinaryIO | Path, *, prefixes: dict[str, str] | None = None
) -> None:
    serialize(triples, out, RdfFormat.TURTLE, prefixes={**PREFIXES, **(prefixes or {})})
