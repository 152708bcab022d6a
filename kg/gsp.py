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


def _request(endpoint: str, graph: str, method: str, body: bytes | None) -> urllib.request.Request:
    target = {"graph": graph} if graph else {"default": ""}
    separator = "&" if urlsplit(endpoint).query else "?"
    return urllib.request.Request(
        endpoint + separator + urlencode(target),
        data=body,
        method=method,
        headers={"Content-Type": N_TRIPLES},
    )


PROBE = "urn:kg:probe"
"""A graph no store holds: asked for once, without credentials, to learn how the store wants
them (no challenge, Basic, or Digest)."""


class _Session:
    """Opens requests to one store, with the credentials it asks for. Before the first graph
    a small request without credentials learns whether the store challenges with Digest
    (Virtuoso's authenticated endpoint); if it does, every request carries its Digest answer
    from the start (a store that answers a large PUT with 401 and closes the connection while
    the body is still being sent would otherwise reset it), else Basic credentials go with
    every request."""

    def __init__(self, endpoint: str, credentials: Credentials | None) -> None:
        self._endpoint = endpoint
        self._credentials = credentials
        handlers: list[urllib.request.BaseHandler] = []
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        self._challenge: dict[str, str] | None = None
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            passwords.add_password(None, endpoint, credentials.user, credentials.password,
                                   is_authenticated=True)  # fmt: skip
            self._challenge = self._digest_challenge()
            if self._challenge is not None:
                digests = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                digests.add_password(None, endpoint, credentials.user, credentials.password)
                self._digest = urllib.request.HTTPDigestAuthHandler(digests)
            else:
                handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)

    def _digest_challenge(self) -> dict[str, str] | None:
        """The store's Digest challenge, or None when it makes none (a store that cannot be
        reached is found by the first graph's request)."""
        probe = _request(self._endpoint, PROBE, "GET", None)
        try:
            with urllib.request.urlopen(probe, timeout=TIMEOUT) as response:
                response.read()
            return None
        except urllib.error.HTTPError as error:
            error.close()
            return _digest_of(error.headers.get("WWW-Authenticate") or "")
        except OSError:
            return None

    def send(self, request: Callable[[], urllib.request.Request]) -> None:
        """Send a request (made by `request`, which is called again for a retry); raises
        urllib's errors."""
        try:
            self._send(request())
        except urllib.error.HTTPError as error:
            fresh = _digest_of(error.headers.get("WWW-Authenticate") or "")
            if error.code != 401 or self._digest is None or fresh is None:
                raise
            error.close()
            self._challenge = fresh  # the nonce was stale: once more, with the new one
            self._send(request())

    def _send(self, request: urllib.request.Request) -> None:
        if self._digest is not None and self._challenge is not None:
            answer = self._digest.get_authorization(request, self._challenge)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")
        with self._opener.open(request, timeout=TIMEOUT) as response:
            response.read()


def _digest_of(header: str) -> dict[str, str] | None:
    """The parameters of a Digest challenge (`WWW-Authenticate: Digest realm="..", ..`)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    return urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))


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
