"""Loading a build into a store over the SPARQL 1.1 Graph Store HTTP Protocol (`kg load`).

One PUT per named graph of `graph.nq` (each article's, the entities', the claims'), the graph's
triples as N-Triples: a PUT replaces the graph, so loading a build again replaces its graphs
rather than adding a second copy. Graphs of the store that the build does not hold are left as
they are. Works with every store that speaks the protocol: Oxigraph (`/store`), Fuseki
(`/DATASET/data`), GraphDB (`/repositories/ID/rdf-graphs/service`), Virtuoso
(`/sparql-graph-crud-auth`, with a user), Blazegraph.

A load that stops half-way (the store refused a graph, or went away) raises LoadError saying
how many graphs were loaded, each whole, and which was not: loading again finishes it.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from kg.errors import KgError
from kg.rdf.store import Build

TIMEOUT = 300.0
N_TRIPLES = "application/n-triples"


class LoadError(KgError):
    """The store could not be reached, or refused a graph: `loaded` graphs went in whole."""

    def __init__(self, message: str, loaded: int) -> None:
        super().__init__(message)
        self.loaded = loaded


@dataclass(frozen=True)
class Loaded:
    graphs: int
    triples: int
    seconds: float


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def graphs(nquads: Path) -> Iterator[tuple[str, list[Triple]]]:
    """The named graphs of `nquads`, in the file's order, each as its IRI and triples.

    kg writes each graph's quads together; a graph that comes back later is handed out again
    (and appended to, not replaced: see `load`)."""
    current: str | None = None
    triples: list[Triple] = []
    quad: Quad
    for quad in parse(path=str(nquads), format=RdfFormat.N_QUADS):
        name = quad.graph_name
        iri = name.value if isinstance(name, NamedNode) else ""
        if iri != current:
            if current is not None:
                yield current, triples
            current, triples = iri, []
        triples.append(quad.triple)
    if current is not None:
        yield current, triples


def _request(endpoint: str, graph: str, method: str, body: bytes) -> urllib.request.Request:
    target = {"graph": graph} if graph else {"default": ""}
    separator = "&" if urlsplit(endpoint).query else "?"
    return urllib.request.Request(
        endpoint + separator + urlencode(target),
        data=body,
        method=method,
        headers={"Content-Type": N_TRIPLES},
    )


class _Session:
    """Opens requests to one store: Basic credentials sent with every request (no round trip
    to be challenged first), or, once the store refuses them without asking for Basic
    (Virtuoso's authenticated endpoint answers 401 with no challenge, or a Digest one),
    Digest for every request from then on."""

    def __init__(self, endpoint: str, credentials: Credentials | None) -> None:
        self._endpoint = endpoint
        self._credentials = credentials
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            passwords.add_password(None, endpoint, credentials.user, credentials.password,
                                   is_authenticated=True)  # fmt: skip
            handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)
        self._digest = False

    def send(self, request: Callable[[], urllib.request.Request]) -> None:
        """Send a request (made by `request`, which is called again for a retry); raises
        urllib's errors."""
        try:
            with self._opener.open(request(), timeout=TIMEOUT) as response:
                response.read()
                return
        except urllib.error.HTTPError as error:
            challenge = (error.headers.get("WWW-Authenticate") or "").lower()
            if error.code != 401 or self._digest or self._credentials is None:
                raise
            if challenge.startswith("basic"):  # Basic, and refused: the credentials are wrong
                raise
            error.close()
        self._use_digest()
        with self._opener.open(request(), timeout=TIMEOUT) as response:
            response.read()

    def _use_digest(self) -> None:
        assert self._credentials is not None
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self._endpoint, self._credentials.user,
                               self._credentials.password)  # fmt: skip
        self._opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
        self._digest = True


def load(build: Build, endpoint: str, *, credentials: Credentials | None = None,
         on_graph: Callable[[int, str], None] | None = None) -> Loaded:  # fmt: skip
    """PUT every named graph of `build` into the Graph Store endpoint `endpoint`."""
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise LoadError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint", 0)
    session = _Session(endpoint, credentials)
    started = time.monotonic()
    seen: set[str] = set()
    count = triples = 0
    for graph, content in graphs(build.nquads):
        method = "POST" if graph in seen else "PUT"  # a graph's second part is added to it
        body = serialize(content, format=RdfFormat.N_TRIPLES) or b""
        what = f"<{graph}>" if graph else "the default graph"
        try:
            session.send(lambda: _request(endpoint, graph, method, body))  # noqa: B023
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace").strip().splitlines()
            reason = f"{error.code} {error.reason}" + (f": {detail[0]}" if detail else "")
            raise LoadError(
                f"{endpoint}: the store refused {what} ({reason}); {_so_far(count)}", count
            ) from None
        except (urllib.error.URLError, OSError) as error:
            cause = str(getattr(error, "reason", None) or error)
            verb = "cannot reach the store" if count == 0 else f"lost the store at {what}"
            raise LoadError(f"{endpoint}: {verb} ({cause}); {_so_far(count)}", count) from None
        seen.add(graph)
        count += 1
        triples += len(content)
        if on_graph is not None:
            on_graph(count, graph)
    return Loaded(count, triples, time.monotonic() - started)


def _so_far(count: int) -> str:
    if count == 0:
        return "nothing was loaded"
    graphs = "graph was" if count == 1 else "graphs were"
    return f"{count} {graphs} loaded, each whole; load again to finish (it replaces, never adds)"
