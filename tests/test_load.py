"""`kg load`: a build put into a real Oxigraph server over the Graph Store Protocol."""

from __future__ import annotations

import base64
import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, Store

from kg import examples
from tests.conftest import free_port, oxigraph_server, run_kg

pytestmark = pytest.mark.model


def _ask(server: str, query: str) -> list[dict[str, str]]:
    """`query` over the union of the store's named graphs, as rows of values."""
    url = f"{server}/query?{urlencode({'query': query, 'union-default-graph': ''})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _local(output: Path, query: str) -> list[dict[str, str]]:
    store = Store()
    store.load(path=str(output / "graph.ttl"), format=RdfFormat.TURTLE)
    answer = store.query(query).serialize(format=QueryResultsFormat.JSON)  # type: ignore[union-attr]
    return [
        {k: v["value"] for k, v in r.items()} for r in json.loads(answer)["results"]["bindings"]
    ]


def _bag(rows: list[dict[str, str]]) -> list[list[tuple[str, str]]]:
    """Rows in any order, and a GROUP_CONCAT's items in any order (SPARQL leaves both open)."""
    return sorted(
        sorted((k, ", ".join(sorted(v.split(", ")))) for k, v in row.items()) for row in rows
    )


COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"


def test_a_build_loads_and_loads_again_without_copies(corpus_output: Path, tmp_path: Path) -> None:
    graphs = {
        line.rsplit(" ", 2)[-2] for line in (corpus_output / "graph.nq").read_text().splitlines()
    }
    with oxigraph_server(tmp_path / "store") as server:
        for _ in range(2):  # the second load replaces each graph
            run = run_kg("load", corpus_output, "--endpoint", server + "/store")
            assert run.returncode == 0, run.stderr
            assert run.stdout.startswith(f"{len(graphs)} graphs, ")
            assert _ask(server, GRAPHS) == [{"n": str(len(graphs))}]
            assert _ask(server, COUNT) == _local(corpus_output, COUNT)
        # The documented queries answer over the store as over graph.ttl (rows that the
        # ORDER BY leaves tied, and the items of a GROUP_CONCAT, come in any order).
        for example in examples.load():
            assert _bag(_ask(server, example.query)) == _bag(
                _local(corpus_output, example.query)
            ), example.title


def test_an_unreachable_store_and_a_refusing_one_are_one_line(
    seeds_output: Path, tmp_path: Path
) -> None:
    run = run_kg("load", seeds_output, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert run.returncode == 2 and run.stderr.startswith("Error: ")
    assert "cannot reach the store" in run.stderr and "nothing was loaded" in run.stderr
    with oxigraph_server(tmp_path / "store"):
        pass  # a store on disk, for the read-only server to open
    with oxigraph_server(tmp_path / "store", "serve-read-only") as server:
        run = run_kg("load", seeds_output, "--endpoint", server + "/store")
    assert run.returncode == 2 and "the store refused <http://example.org/kg/" in run.stderr
    assert "nothing was loaded" in run.stderr and "Traceback" not in run.stderr
    run = run_kg("load", seeds_output, "--endpoint", "ftp://127.0.0.1/store")
    assert run.returncode == 2 and "not an http(s) URL" in run.stderr


class _Flaky(BaseHTTPRequestHandler):
    """A Graph Store that takes two graphs, with Basic credentials, then fails."""

    taken: ClassVar[list[tuple[str, str, str | None]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        self.taken.append((self.command, graph, self.headers.get("Authorization")))
        self.send_response(204 if len(self.taken) <= 2 else 503)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def flaky() -> Iterator[str]:
    _Flaky.taken = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/data"
    finally:
        server.shutdown()
        server.server_close()


def test_a_load_stopped_half_way_says_what_went_in(corpus_output: Path, flaky: str) -> None:
    run = run_kg("load", corpus_output, "--endpoint", flaky, "--user", "editor",
                 env={"KG_STORE_PASSWORD": "s3cret"})  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "the store refused <" in run.stderr and "503" in run.stderr
    assert "2 graphs were loaded, each whole; load again to finish" in run.stderr
    token = "Basic " + base64.b64encode(b"editor:s3cret").decode()
    assert [(method, auth) for method, _, auth in _Flaky.taken] == [("PUT", token)] * 3
    run = run_kg("load", corpus_output, "--endpoint", flaky, "--user", "editor")
    assert run.returncode == 2 and "KG_STORE_PASSWORD" in run.stderr
