"""Between the two RDF libraries: pyoxigraph terms (what kg writes) as rdflib graphs (what
pySHACL reads), and RDF files of any syntax read by Oxigraph, which fetches nothing."""

from __future__ import annotations

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
