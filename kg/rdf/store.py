"""A finished build, opened for queries: its `graph.nq` in an Oxigraph store.

Every query over it sees the union of the named graphs as its default graph, which is exactly
the merged `graph.ttl` (docs/model.md), so the answers are those of any store that loads the
Turtle. `kg export` and `kg serve` read a build through this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
)

from kg.errors import InputError
from kg.rdf.emit import GRAPH_NQ, REPORT_TTL
from kg.rdf.vocab import PREFIXES

SHACL = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Build:
    """A build's files: its output folder and the N-Quads every other file is derived from."""

    folder: Path

    @property
    def nquads(self) -> Path:
        return self.folder / GRAPH_NQ

    @property
    def report(self) -> Path:
        return self.folder / REPORT_TTL


def find(folder: Path) -> Build:
    """The build in `folder`, or an InputError that says how to make one."""
    build = Build(folder)
    if not build.nquads.is_file():
        what = "does not exist" if not folder.exists() else f"holds no {GRAPH_NQ}"
        raise InputError(
            f"{folder}: {what}; it is not the output folder of a build (make one with "
            f"`kg build ARTICLES -o {folder}`)"
        )
    return build


def conforms(build: Build) -> bool | None:
    """What the build's validation report says: True, False, or None without a report."""
    if not build.report.is_file():
        return None
    report = Store()
    try:
        report.load(path=str(build.report), format=RdfFormat.TURTLE)
    except (OSError, SyntaxError) as error:
        raise InputError(f"{build.report}: cannot be read: {error}") from None
    answer = report.query(f"ASK {{ ?r <{SHACL}conforms> true }}")
    return bool(answer)


class Graph:
    """A read-only SPARQL view of one build, loaded into memory once."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self._store = Store()
        try:
            self._store.bulk_load(path=str(build.nquads), format=RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as error:
            raise InputError(f"{build.nquads}: cannot be read: {error}") from None

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, *, predeclared: bool = True,
              default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
              named_graphs: list[NamedNode | BlankNode] | None = None,
              ) -> QuerySolutions | QueryBoolean | QueryTriples:  # fmt: skip
        """Run `sparql` over the union of the build's graphs (or over `default_graph`, and
        with only `named_graphs` for GRAPH patterns, when given), with kg's prefixes
        predeclared unless `predeclared=False` (an endpoint takes standard queries only).

        Raises SyntaxError for a query that does not parse."""
        return self._store.query(
            sparql,
            prefixes=PREFIXES if predeclared else None,
            use_default_graph_as_union=default_graph is None,
            default_graph=default_graph,
            named_graphs=named_graphs,
        )

    def select(self, sparql: str) -> QuerySolutions:
        result = self.query(sparql)
        if not isinstance(result, QuerySolutions):
            raise TypeError("a SELECT query was expected")
        return result
