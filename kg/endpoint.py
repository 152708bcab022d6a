"""A read-only SPARQL 1.1 endpoint over a build (`kg serve`), with Oxigraph's query engine.

    GET  /                      a page: the example queries of docs/queries.md, ready to run
    GET  /query?query=...       the SPARQL 1.1 Protocol, as Oxigraph's server answers it
    POST /query                 (form-encoded `query=`, or an application/sparql-query body)

The default graph of every query is the union of the build's named graphs, which is exactly
`graph.ttl`; `default-graph-uri` and `named-graph-uri` narrow it as the protocol says. SELECT
and ASK answer in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle
(default), N-Triples, RDF/XML or JSON-LD, chosen by the Accept header or a `format` parameter.
Updates are refused: the endpoint changes nothing. It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
)

from kg import __version__
from kg.examples import Example
from kg.rdf.store import Graph

MAX_QUERY_BYTES = 1_000_000
RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
               "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
               "jsonld": "application/ld+json"}  # fmt: skip


class ProtocolError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    media_type: str
    body: bytes


def _accepted(accept: str, offered: Iterable[str]) -> str | None:
    """The first of `offered` that the Accept header takes, by its q-values (None: none)."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if fields[0]:
            ranges.append((-quality, position, fields[0].lower()))
    offered = list(offered)
    for negative_quality, _, media in sorted(ranges):
        if negative_quality == 0:
            break
        for candidate in offered:
            kind = candidate.split("/")[0]
            if media in (candidate, "*/*", f"{kind}/*"):
                return candidate
    return None


def answer(graph: Graph, query: str, accept: str = "", *, default_graphs: list[str] | None = None,
           named_graphs: list[str] | None = None) -> Answer:  # fmt: skip
    """Run one SPARQL query as the protocol asks: the answer's status, media type and body."""
    default: list[NamedNode | BlankNode | DefaultGraph] | None = None
    named: list[NamedNode | BlankNode] | None = None
    try:
        if default_graphs:
            default = [NamedNode(iri) for iri in default_graphs]
        if named_graphs:
            named = [NamedNode(iri) for iri in named_graphs]
        result = graph.query(query, predeclared=False, default_graph=default, named_graphs=named)
    except (SyntaxError, ValueError) as error:
        raise ProtocolError(HTTPStatus.BAD_REQUEST, f"the query does not parse: {error}") from None
    except OSError as error:
        raise ProtocolError(HTTPStatus.INTERNAL_SERVER_ERROR, str(error)) from None
    accept = accept or "*/*"
    if isinstance(result, (QuerySolutions, QueryBoolean)):
        media = _accepted(accept, RESULT_FORMATS)
        if media is None:
            raise _not_acceptable(RESULT_FORMATS)
        body = result.serialize(format=RESULT_FORMATS[media])
    else:
        media = _accepted(accept, GRAPH_FORMATS)
        if media is None:
            raise _not_acceptable(GRAPH_FORMATS)
        body = result.serialize(format=GRAPH_FORMATS[media])
    return Answer(HTTPStatus.OK, media, body or b"")


def _not_acceptable(offered: Iterable[str]) -> ProtocolError:
    return ProtocolError(
        HTTPStatus.NOT_ACCEPTABLE, f"this answer comes as one of: {', '.join(offered)}"
    )


def page(examples: Iterable[Example], triples: int) -> bytes:
    """The endpoint's page, with `examples` ready to run (no resource from outside)."""
    template = resources.files("kg.data").joinpath("endpoint.html").read_text(encoding="utf-8")
    data = [{"title": e.title, "note": e.note, "query": e.query} for e in examples]
    # `</` never closes the script element the examples sit in.
    embedded = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    filled = template.replace("{{triples}}", f"{triples:,}").replace("{{version}}", __version__)
    return filled.replace("{{examples}}", embedded).encode("utf-8")  # last: queries stay as written


class Endpoint(ThreadingHTTPServer):
    """The HTTP server: `Endpoint((host, port), graph, examples).serve_forever()`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], graph: Graph, examples: Iterable[Example]) -> None:
        self.graph = graph
        self.page = page(examples, len(graph))
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: Endpoint
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the CLI prints what matters; a request log is not one of those

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(Answer(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page))
        elif url.path == "/query":
            self._query(parse_qs(url.query, keep_blank_values=True), None)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"{url.path}: nothing here; SPARQL is at /query")

    def do_HEAD(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/query":
            what = (
                "the endpoint is read-only" if url.path in ("/update", "/store") else "nothing here"
            )
            status = (
                HTTPStatus.FORBIDDEN if url.path in ("/update", "/store") else HTTPStatus.NOT_FOUND
            )
            self._discard_body()
            self._error(status, f"{url.path}: {what}; SPARQL queries go to /query")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the query is too long")
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        parameters = parse_qs(url.query, keep_blank_values=True)
        if kind == "application/x-www-form-urlencoded":
            for name, values in parse_qs(body, keep_blank_values=True).items():
                parameters.setdefault(name, []).extend(values)
            self._query(parameters, None)
        elif kind == "application/sparql-query":
            self._query(parameters, body)
        elif kind == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "the endpoint is read-only: updates are refused")
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or application/x-www-form-urlencoded",
            )

    def do_PUT(self) -> None:
        self._read_only()

    def do_DELETE(self) -> None:
        self._read_only()

    def do_PATCH(self) -> None:
        self._read_only()

    def _read_only(self) -> None:
        self._discard_body()
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "the endpoint is read-only")

    def _discard_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_QUERY_BYTES:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _query(self, parameters: dict[str, list[str]], body: str | None) -> None:
        if "update" in parameters:
            self._error(HTTPStatus.FORBIDDEN, "the endpoint is read-only: updates are refused")
            return
        queries = [body] if body is not None else parameters.get("query", [])
        if len(queries) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one `query` parameter")
            return
        accept = self.headers.get("Accept") or ""
        if "format" in parameters:
            short = parameters["format"][0]
            accept = SHORT_NAMES.get(short, short)
        try:
            found = answer(
                self.server.graph,
                queries[0],
                accept,
                default_graphs=parameters.get("default-graph-uri"),
                named_graphs=parameters.get("named-graph-uri"),
            )
        except ProtocolError as error:
            self._error(error.status, str(error))
            return
        self._send(found)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(Answer(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8")))

    def _send(self, found: Answer) -> None:
        self.send_response(found.status)
        self.send_header("Content-Type", found.media_type)
        self.send_header("Content-Length", str(len(found.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(found.body)
