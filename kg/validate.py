"""Validation of emitted RDF against the SHACL shapes in `shapes/`, with pySHACL.

A report is a value (`Report`), never an exception: the CLI decides what a violation means.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyshacl
from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import ConfigurationError, RdfSyntaxError

SH = Namespace("http://www.w3.org/ns/shacl#")
T = TypeVar("T")
_XSD_STRING = str(XSD.string)


def shapes_dir() -> Path:
    """The shapes shipped with kg: inside the installed package, or the repository's `shapes/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "shapes", here.parent / "shapes"):
        if candidate.is_dir():
            return candidate
    raise ConfigurationError("kg's SHACL shapes are missing (expected a shapes/ folder)")


def load_shapes(directory: Path | None = None) -> Graph:
    """Every `*.ttl` file of the shapes folder, as one graph."""
    files = shape_files(directory)
    if not files:
        raise ConfigurationError(f"no SHACL shapes (*.ttl) in {directory or shapes_dir()}")
    graph = Graph()
    for file in files:
        graph.parse(file, format="turtle")
    return graph


def shape_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or shapes_dir()).glob("*.ttl"))


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what is wrong, where."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    value_is_iri: bool = False
    source_shape: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    @staticmethod
    def merge(reports: Iterable[Report]) -> Report:
        reports = list(reports)
        return Report(
            conforms=all(r.conforms for r in reports),
            violations=tuple(v for r in reports for v in r.violations),
        )


def validate(data: Graph, shapes: Graph) -> Report:
    """Validate `data` against `shapes` (SHACL Core and SHACL-SPARQL, no inference)."""
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        inplace=True,
    )
    assert isinstance(results, Graph)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        violations.append(
            Violation(
                focus=_show(results.value(result, SH.focusNode)),
                path=_show_or_none(results.value(result, SH.resultPath)),
                message=_show(results.value(result, SH.resultMessage)) or "constraint violated",
                severity=_show(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                value=_show_or_none(results.value(result, SH.value)),
                value_is_iri=isinstance(results.value(result, SH.value), URIRef),
                source_shape=_show_or_none(results.value(result, SH.sourceConstraintComponent)),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return Report(conforms=bool(conforms), violations=tuple(violations))


def validate_safely(data: Graph, shapes: Graph) -> Report:
    """As `validate`, but a validation that fails (say, a broken SPARQL query in the shapes)
    is a non-conforming report saying why, not an exception."""
    try:
        return validate(data, shapes)
    except Exception as error:
        message = f"validation failed: {type(error).__name__}: {error}"
        return Report(
            False, (Violation(focus="", path=None, message=message, severity="Violation"),)
        )


def _show(term: Node | None) -> str:
    return "" if term is None else str(term)


def _show_or_none(term: Node | None) -> str | None:
    return None if term is None or isinstance(term, BNode) else str(term)


@lru_cache(maxsize=64)
def _prepared(query: str) -> Query:
    return prepareQuery(query)


class DataGraph(Graph):
    """An rdflib graph that prepares each SPARQL query string once.

    pySHACL hands the same SHACL-SPARQL query string to `query()` once per focus node, and
    rdflib parses a string on every call: parsing was 94% of validation time (profiled on the
    seeds). A prepared query is made to be evaluated many times with other bindings.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def to_rdflib(quads: Iterable[Quad | Triple]) -> Graph:
    """pyoxigraph quads as one rdflib graph (their graph names dropped), for pySHACL."""
    graph = DataGraph()
    for quad in quads:
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return graph


def _term(term: object) -> Node:
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, OxBlankNode):
        return BNode(term.value)
    if isinstance(term, OxLiteral):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal *is* an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term kg writes: {term!r}")


def report_triples(report: Report) -> list[Triple]:
    """The report as a SHACL ValidationReport graph, with stable blank node labels."""
    result_class = NamedNode(str(SH.ValidationResult))
    root = OxBlankNode("report")
    triples = [
        Triple(root, NamedNode(str(RDF.type)), NamedNode(str(SH.ValidationReport))),
        Triple(
            root,
            NamedNode(str(SH.conforms)),
            OxLiteral(str(report.conforms).lower(), datatype=NamedNode(str(XSD.boolean))),
        ),
    ]
    for index, violation in enumerate(report.violations, start=1):
        result = OxBlankNode(f"r{index}")
        triples.append(Triple(root, NamedNode(str(SH.result)), result))
        triples.append(Triple(result, NamedNode(str(RDF.type)), result_class))
        triples.append(Triple(result, NamedNode(str(SH.focusNode)), _node(violation.focus)))
        if violation.path:
            triples.append(Triple(result, NamedNode(str(SH.resultPath)), NamedNode(violation.path)))
        if violation.value:
            value = (
                NamedNode(violation.value) if violation.value_is_iri else OxLiteral(violation.value)
            )
            triples.append(Triple(result, NamedNode(str(SH.value)), value))
        triples.append(
            Triple(result, NamedNode(str(SH.resultMessage)), OxLiteral(violation.message))
        )
        triples.append(
            Triple(
                result, NamedNode(str(SH.resultSeverity)), NamedNode(str(SH[violation.severity]))
            )
        )
        if violation.source_shape:
            triples.append(
                Triple(
                    result,
                    NamedNode(str(SH.sourceConstraintComponent)),
                    NamedNode(violation.source_shape),
                )
            )
    return triples


def _node(value: str) -> NamedNode | OxBlankNode:
    try:
        return NamedNode(value)
    except ValueError:  # a blank node focus keeps the label it had in the data
        return OxBlankNode(re.sub(r"[^A-Za-z0-9_-]", "_", value) or "focus")


_FORMATS = {
    ".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG, ".jsonld": RdfFormat.JSON_LD, ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML, ".xml": RdfFormat.RDF_XML, ".owl": RdfFormat.RDF_XML,
}  # fmt: skip


def read_rdf(path: Path) -> list[Graph]:
    """The graphs of an RDF file: one for a graph format, one per named graph (and the default
    graph) for a dataset format, since each of kg's named graphs describes one article whole.
    Parsed by Oxigraph, which fetches nothing: a remote JSON-LD `@context` is an error, never a
    download."""
    rdf_format = _FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise RdfSyntaxError(f"{path}: unknown RDF format (extension {path.suffix!r})")
    graphs: dict[str, list[Quad]] = {}
    try:
        with open(path, "rb") as handle:
            for quad in parse(handle, format=rdf_format):
                graphs.setdefault(str(quad.graph_name), []).append(quad)
    except (SyntaxError, ValueError, OSError) as error:
        raise RdfSyntaxError(f"{path}: {error}") from None
    return [to_rdflib(quads) for _, quads in sorted(graphs.items())] or [Graph()]


def validate_file(path: Path, shapes: Graph) -> Report:
    """Validate every graph of an RDF file (see `read_rdf`)."""
    return Report.merge(validate(graph, shapes) for graph in read_rdf(path))


def node_shapes(shapes: Graph) -> list[Node]:
    return sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str)


# Validation runs in a process of its own, beside language processing: pySHACL is pure Python
# and costs about half as much as parsing, so in line it would add half again to a build.
_worker_shapes: object = None


def _init_worker(shapes_dir: Path) -> None:
    global _worker_shapes
    _worker_shapes = load_shapes(shapes_dir)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed build (SIGKILL) cannot stop its validating process, which would wait for work
    forever: the process watches for its parent to be gone, and ends then."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _validate_batch(graphs: list[bytes]) -> list[Report | str]:
    """Each article's graph on its own: it is what the N-Quads file holds as a named graph.
    A graph whose validation itself fails comes back as the error's text."""
    outcomes: list[Report | str] = []
    for data in graphs:
        try:
            graph = to_rdflib(parse(data, format=RdfFormat.N_QUADS))
            outcomes.append(validate(graph, _worker_shapes))  # type: ignore[arg-type]
        except Exception as error:
            outcomes.append(f"{type(error).__name__}: {error}")
    return outcomes


@dataclass(frozen=True)
class Validated(Generic[T]):
    """One item and its graph, with the graph's report, or why it could not be validated."""

    item: T
    data: bytes
    outcome: Report | str


@dataclass
class ParallelValidator(Generic[T]):
    """Validates graphs in a process of its own, beside language processing.

    Each graph travels with an item of the caller's; `submit` and `finish` hand back, in the
    order submitted, the items whose validation has finished, at most `max_pending` batches
    behind, so what waits in memory stays small.
    """

    shapes_dir: Path
    max_pending: int = 4
    _pool: ProcessPoolExecutor | None = None
    _pending: deque[tuple[list[tuple[T, bytes]], Future[list[Report | str]]]] = field(
        default_factory=deque
    )

    def __enter__(self) -> ParallelValidator[T]:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.shapes_dir,),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, batch: list[tuple[T, bytes]]) -> list[Validated[T]]:
        assert self._pool is not None
        future = self._pool.submit(_validate_batch, [data for _, data in batch])
        self._pending.append((batch, future))
        done: list[Validated[T]] = []
        while len(self._pending) > self.max_pending:
            done.extend(self._next())
        return done

    def finish(self) -> list[Validated[T]]:
        done: list[Validated[T]] = []
        while self._pending:
            done.extend(self._next())
        return done

    def _next(self) -> list[Validated[T]]:
        batch, future = self._pending.popleft()
        try:
            outcomes = future.result()
        except Exception as error:  # the validating process died: these cannot be vouched for
            outcomes = [f"validating process failed: {type(error).__name__}: {error}"] * len(batch)
        return [
            Validated(item, data, outcome)
            for (item, data), outcome in zip(batch, outcomes, strict=True)
        ]
