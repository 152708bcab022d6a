"""Between the two RDF libraries: pyoxigraph terms (what kg writes) as rdflib graphs (what
pySHACL reads), and RDF files of any syntax read by Oxigraph, which fetches nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import RdfSyntaxError
from kg.rdf.vocab import OWL, SCHEMA

_XSD_STRING = str(XSD.string)
Q = TypeVar("Q", Quad, Triple)
_RDF_TYPE = str(RDF.type)


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


def from_rdflib(graph: Graph) -> list[Triple]:
    """An rdflib graph's triples as pyoxigraph triples."""
    return [Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


def _ox(term: Node) -> NamedNode | OxBlankNode | OxLiteral:
    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return OxBlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return OxLiteral(str(term), language=term.language)
        if term.datatype is not None:
            return OxLiteral(str(term), datatype=NamedNode(str(term.datatype)))
        return OxLiteral(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


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
    return with_entities([quads for _, quads in sorted(graphs.items())])


_DESCRIBING = frozenset(str(p) for p in (RDF.type, SCHEMA.name, SCHEMA.alternateName, OWL.sameAs))
_ENTITY_CLASSES = frozenset(str(c) for c in (SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place))


def with_entities(graphs: list[list[Q]]) -> list[list[Q]]:
    """Each graph with what the others say of the entities it names (their type, names and
    links: kg says them once, in the entities' graph), so that an article's graph is validated
    as the whole it is. A graph that needs nothing from the others is left as it is."""
    entities = {
        q.subject
        for graph in graphs
        for q in graph
        if q.predicate.value == _RDF_TYPE
        and isinstance(q.object, NamedNode)
        and q.object.value in _ENTITY_CLASSES
    }
    if not entities:
        return graphs
    said: dict[object, list[Q]] = {}
    for graph in graphs:
        for quad in graph:
            if quad.subject in entities and quad.predicate.value in _DESCRIBING:
                said.setdefault(quad.subject, []).append(quad)
    out = []
    for graph in graphs:
        own = {q.subject for q in graph if q.predicate.value in _DESCRIBING}
        named = {t for q in graph for t in (q.subject, q.object) if t in entities and t not in own}
        out.append(graph + [q for e in sorted(named, key=str) for q in said.get(e, ())])
    return out


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
