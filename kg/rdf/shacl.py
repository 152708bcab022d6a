"""SHACL: kg's shapes, validation with pySHACL, and the report as a value and as triples.

A report is a value (`Report`), never an exception: the CLI decides what a violation means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pyshacl
from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad, Triple
from rdflib import RDF, XSD, BNode, Dataset, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.errors import ConfigurationError
from kg.rdf.convert import from_rdflib, read_quads, read_rdf, to_rdflib, with_entities

SH = Namespace("http://www.w3.org/ns/shacl#")
ENGINES = ("rudof", "pyshacl")
"""SHACL engines: rudof (`kg.rdf.rudof`, Rust: what builds use unless told) and pySHACL, kg's
reference; the shape tests check that both give the same verdicts, focus nodes and paths."""
DEFAULT_ENGINE = "rudof"


def shapes_dir() -> Path:
    """The shapes shipped with kg (`kg/data/shapes`; the repository's `shapes/` points there)."""
    here = Path(__file__).resolve().parent.parent / "data" / "shapes"
    if here.is_dir():
        return here
    raise ConfigurationError(f"kg's SHACL shapes are missing (expected the folder {here})")


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
        # An entity's description is validated with each article that names it: once each.
        return Report(
            conforms=all(r.conforms for r in reports),
            violations=tuple(dict.fromkeys(v for r in reports for v in r.violations)),
        )


def validate(data: Graph | Dataset, *, shapes: Graph | str | PathLike[str] | None = None) -> Report:
    """Validate an rdflib graph, or each graph of a dataset on its own (as `kg build` validates
    each article's named graph), against kg's shapes or `shapes` (a graph, or a folder of
    `*.ttl` files)."""
    if not isinstance(shapes, Graph):
        shapes = load_shapes(None if shapes is None else Path(shapes))
    if isinstance(data, Dataset):
        units = with_entities([from_rdflib(g) for g in data.graphs() if len(g)] or [[]])
    else:
        units = [from_rdflib(data)]
    return Report.merge(validate_graph(to_rdflib(unit), shapes) for unit in units)


def validate_graph(data: Graph, shapes: Graph) -> Report:
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


def validate_quads(
    quads: Iterable[Quad | Triple], shapes: Graph, *, engine: str = DEFAULT_ENGINE
) -> Report:
    """Validate pyoxigraph quads or triples (graph names dropped) with one of `ENGINES`."""
    if engine == "rudof":
        from kg.rdf.rudof import RudofValidator

        return RudofValidator(shapes).validate_quads(quads)
    if engine != "pyshacl":
        raise ConfigurationError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    return validate_graph(to_rdflib(quads), shapes)


def validate_safely(
    quads: Iterable[Quad | Triple], shapes: Graph, *, engine: str = DEFAULT_ENGINE
) -> Report:
    """As `validate_quads`, but a validation that fails (say, a broken SPARQL query in the
    shapes) is a non-conforming report saying why, not an exception."""
    try:
        return validate_quads(quads, shapes, engine=engine)
    except Exception as error:
        message = f"validation failed: {type(error).__name__}: {error}"
        return Report(
            False, (Violation(focus="", path=None, message=message, severity="Violation"),)
        )


def _show(term: Node | None) -> str:
    return "" if term is None else str(term)


def _show_or_none(term: Node | None) -> str | None:
    return None if term is None or isinstance(term, BNode) else str(term)


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


def validate_file(path: Path, shapes: Graph, *, engine: str = "pyshacl") -> Report:
    """Validate every graph of an RDF file (see `read_rdf`) with one of `ENGINES`."""
    if engine == "rudof":
        from kg.rdf.rudof import RudofValidator

        rudof = RudofValidator(shapes)
        return Report.merge(rudof.validate_quads(quads) for quads in read_quads(path) or [[]])
    if engine != "pyshacl":
        raise ConfigurationError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    return Report.merge(validate_graph(graph, shapes) for graph in read_rdf(path))


def node_shapes(shapes: Graph) -> list[Node]:
    return sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str)
