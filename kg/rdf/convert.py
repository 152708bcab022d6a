"""Between the two RDF libraries: pyoxigraph terms (what kg writes) as rdflib graphs (what
pySHACL reads), and RDF files of any syntax read by Oxigraph, which fetches nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import RdfSyntaxError

_XSD_STRING = str(XSD.string)


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


_FORMATS = {
    ".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG, ".jsonld": RdfFormat.JSON_LD, ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML, ".xml": RdfFormat.RDF_XML, ".owl": RdfFormat.RDF_XML,
}  # fmt: skip


MAX_NESTING = 256
"""Deepest nesting of collections, blank nodes or JSON read from a file kg did not write: a
few kilobytes of `((((...` would otherwise take gigabytes to parse."""
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\s]*>|#[^\n]*|(?P<open>[\[(])|(?P<close>[\])])"
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<open>[\[{])|(?P<close>[\]}])')
_SCANNED = {
    RdfFormat.TURTLE: _TURTLE_TOKENS, RdfFormat.TRIG: _TURTLE_TOKENS,
    RdfFormat.N_TRIPLES: _TURTLE_TOKENS, RdfFormat.N_QUADS: _TURTLE_TOKENS,
    RdfFormat.JSON_LD: _JSON_TOKENS,
}  # fmt: skip


def refuse_bombs(path: Path, rdf_format: RdfFormat) -> None:
    """Files that parse to far more than their size are refused before parsing: XML with DTD
    entities ("billion laughs"), and nesting deeper than MAX_NESTING."""
    if rdf_format is RdfFormat.RDF_XML:
        tail = b""
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                if b"<!ENTITY" in tail + chunk:
                    raise RdfSyntaxError(
                        f"{path}: declares DTD entities, which kg does not read (they can expand"
                        " without bound)"
                    )
                tail = chunk[-8:]
        return
    tokens = _SCANNED.get(rdf_format)
    if tokens is None:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    depth = 0
    for match in tokens.finditer(text):
        if match.group("open"):
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                raise RdfSyntaxError(
                    f"{path}:{line}: nested more than {MAX_NESTING} deep, which kg does not read"
                )
        elif match.group("close"):
            depth -= 1


def read_rdf(path: Path) -> list[Graph]:
    """The graphs of an RDF file as rdflib graphs (see `read_quads`)."""
    return [to_rdflib(quads) for quads in read_quads(path)] or [Graph()]


def read_quads(path: Path) -> list[list[Quad]]:
    """The graphs of an RDF file: one for a graph format, one per named graph (and the default
    graph) for a dataset format, since each of kg's named graphs describes one article whole.
    Parsed by Oxigraph, which fetches nothing: a remote JSON-LD `@context` is an error, never a
    download; DTD entities and deep nesting are refused (`refuse_bombs`)."""
    rdf_format = _FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise RdfSyntaxError(f"{path}: unknown RDF format (extension {path.suffix!r})")
    try:
        refuse_bombs(path, rdf_format)
    except OSError as error:
        raise RdfSyntaxError(f"{path}: {error}") from None
    graphs: dict[str, list[Quad]] = {}
    try:
        with open(path, "rb") as handle:
            for quad in parse(handle, format=rdf_format):
                graphs.setdefault(str(quad.graph_name), []).append(quad)
    except (SyntaxError, ValueError, OSError) as error:
        raise RdfSyntaxError(f"{path}: {error}") from None
    return [quads for _, quads in sorted(graphs.items())]


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    """pyoxigraph quads as an rdflib Dataset, each in its named graph."""
    dataset = Dataset()
    graphs: dict[str, Graph] = {}
    for quad in quads:
        name = quad.graph_name
        key = name.value if isinstance(name, NamedNode) else ""
        graph = graphs.get(key)
        if graph is None:
            graph = dataset.graph(URIRef(key) if key else DATASET_DEFAULT_GRAPH_ID)
            graphs[key] = graph
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return dataset
