"""`kg serve`: a real SPARQL endpoint over a build, started, queried over HTTP and stopped."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse

from kg import endpoint, examples
from tests.conftest import ROOT, run_kg

pytestmark = pytest.mark.model


class Server:
    def __init__(self, output: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(output), "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline()
        assert "SPARQL endpoint" in self.first_line, self.first_line + self.stop()[1]
        self.query_url = self.first_line.split(": ", 1)[1].strip()
        self.url = self.query_url.removesuffix("query")
        self.process.stdout.readline()

    def stop(self, signum: int = signal.SIGTERM) -> tuple[str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        stdout, stderr = self.process.communicate(timeout=30)
        return stdout, stderr


@pytest.fixture(scope="module")
def served(seeds_output: Path) -> Iterator[Server]:
    server = Server(seeds_output)
    try:
        yield server
    finally:
        server.stop()


def _get(url: str, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def _post(url: str, body: bytes, kind: str, accept: str = "*/*", method: str = "POST"
          ) -> tuple[int, bytes]:  # fmt: skip
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": kind, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _rows(answer: bytes) -> list[dict[str, tuple[str, str]]]:
    """SPARQL JSON results as comparable rows (term type and value of each variable)."""
    bindings = json.loads(answer)["results"]["bindings"]
    return [{k: (v["type"], v["value"]) for k, v in row.items()} for row in bindings]


def _local(output: Path, query: str) -> list[dict[str, tuple[str, str]]]:
    store = Store()
    store.load(path=str(output / "graph.ttl"), format=RdfFormat.TURTLE)
    result = store.query(query)
    return _rows(result.serialize(format=QueryResultsFormat.JSON))  # type: ignore[union-attr]


def test_it_listens_on_loopback_and_says_where(served: Server) -> None:
    assert served.query_url.startswith("http://127.0.0.1:") and served.query_url.endswith("/query")
    assert "(1,100 triples)" in served.first_line


@pytest.mark.parametrize("example", examples.load(), ids=lambda e: e.title)
def test_every_example_query_answers_as_graph_ttl_does(
    served: Server, seeds_output: Path, example: examples.Example
) -> None:
    status, kind, body = _get(served.query_url + "?" + urlencode({"query": example.query}))
    assert status == 200 and kind == "application/sparql-results+json", body
    assert _rows(body) == _local(seeds_output, example.query)


def test_post_bodies_and_formats_as_the_protocol_says(served: Server, seeds_output: Path) -> None:
    query = (
        "PREFIX schema: <http://schema.org/> "
        "SELECT ?n { ?a a schema:NewsArticle ; schema:headline ?n } ORDER BY ?n"
    )
    form = urlencode({"query": query}).encode()
    status, csv = _post(served.query_url, form, "application/x-www-form-urlencoded", "text/csv")
    assert status == 200 and csv.decode().splitlines()[0] == "n"
    assert len(csv.decode().splitlines()) == 3
    status, tsv = _post(served.query_url, query.encode(), "application/sparql-query",
                        "text/tab-separated-values")  # fmt: skip
    assert status == 200 and tsv.decode().splitlines()[0] == "?n"
    status, xml = _post(served.query_url, form, "application/x-www-form-urlencoded",
                        "application/sparql-results+xml")  # fmt: skip
    assert status == 200 and xml.startswith(b"<?xml") and b"<sparql" in xml
    status, kind, ask = _get(served.query_url + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 200 and json.loads(ask) == {"head": {}, "boolean": True}
    construct = (
        "CONSTRUCT { ?p a <http://schema.org/Person> } WHERE { ?p a <http://schema.org/Person> }"
    )
    status, kind, turtle = _get(served.query_url + "?" + urlencode({"query": construct}), "*/*")
    assert status == 200 and kind == "text/turtle"
    people = _local(seeds_output, "SELECT (COUNT(*) AS ?n) { ?p a <http://schema.org/Person> }")
    assert len(list(parse(turtle, format=RdfFormat.TURTLE))) == int(people[0]["n"][1]) > 1
    status, kind, _ = _get(
        served.query_url + "?" + urlencode({"query": construct, "format": "ntriples"})
    )
    assert status == 200 and kind == "application/n-triples"
    status, kind, _ = _get(served.query_url + "?" + urlencode({"query": construct}), "image/png")
    assert status == 406


def test_the_default_graph_can_be_one_article(served: Server, seeds_output: Path) -> None:
    article = "http://example.org/kg/article/000_b05168cb2f5a3579"
    query = "SELECT (COUNT(*) AS ?n) { ?s a <http://schema.org/NewsArticle> }"
    status, _, body = _get(
        served.query_url + "?" + urlencode({"query": query, "default-graph-uri": article})
    )
    assert status == 200 and _rows(body) == [{"n": ("literal", "1")}]
    status, _, body = _get(served.query_url + "?" + urlencode({"query": query}))
    assert _rows(body) == [{"n": ("literal", "2")}]


def test_it_changes_nothing_and_says_why(served: Server) -> None:
    update = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert _post(served.query_url, update, "application/sparql-update")[0] == 403
    form = urlencode({"update": update.decode()}).encode()
    assert _post(served.query_url, form, "application/x-www-form-urlencoded")[0] == 403
    assert _post(served.url + "store", b"", "text/turtle", method="PUT")[0] == 405
    assert _post(served.url + "update", update, "application/sparql-update")[0] == 403
    status, body = _post(served.query_url, update, "application/sparql-query")
    assert status == 400 and b"does not parse" in body
    status, _, body = _get(served.query_url + "?" + urlencode({"query": "SELEC nothing"}))
    assert status == 400 and b"does not parse" in body
    assert _get(served.url + "elsewhere")[0] == 404
    status, _, body = _get(served.query_url + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert json.loads(body)["boolean"] is True  # still all there


def test_the_page_lists_the_examples_and_needs_nothing_from_outside(served: Server) -> None:
    status, kind, page = _get(served.url, "text/html")
    assert status == 200 and kind.startswith("text/html")
    text = page.decode("utf-8")
    for example in examples.load():
        assert json.dumps(example.title, ensure_ascii=False) in text
    # Nothing is fetched from another host: no src, href or url() but the page's own.
    for marker in ("src=", "href=", "url(", "@import", "http://", "https://"):
        outside = [line for line in text.splitlines() if marker in line and "w3.org" not in line
                   and "schema.org" not in line and "purl.org" not in line
                   and "uni-leipzig.org" not in line and "example.org" not in line]  # fmt: skip
        assert not outside, (marker, outside[:3])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_it_cleanly(seeds_output: Path, signum: int) -> None:
    server = Server(seeds_output)
    assert _get(server.query_url + "?" + urlencode({"query": "ASK {}"}))[0] == 200
    stdout, stderr = server.stop(signum)
    assert server.process.returncode == 0, stderr
    assert stdout.strip().endswith("stopped") and "Traceback" not in stderr
    with pytest.raises(OSError):
        urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=2)


def test_a_build_that_does_not_conform_is_refused_unless_told(
    seeds_output: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    shutil.copytree(seeds_output, output, symlinks=True)
    report = output / "validation-report.ttl"
    broken = report.read_text().replace("sh:conforms true", "sh:conforms false")
    report.unlink()
    report.write_text(broken)
    run = run_kg("serve", output, "--port", "0")
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and "does not conform" in run.stderr
    assert "--allow-invalid" in run.stderr and "Traceback" not in run.stderr
    server = Server(output, "--allow-invalid")
    try:
        assert _get(server.query_url + "?" + urlencode({"query": "ASK {}"}))[0] == 200
    finally:
        server.stop()


def test_a_taken_port_and_a_missing_build_are_one_line(seeds_output: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_kg("serve", seeds_output, "--port", str(port))
    assert run.returncode == 2 and run.stderr.startswith("Error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in run.stderr
    run = run_kg("serve", tmp_path / "nothing")
    assert run.returncode == 2 and "not the output folder of a build" in run.stderr


def test_the_page_ships_the_documented_queries() -> None:
    documented = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert examples.load() == examples.parse(documented)
    assert len(examples.load()) == documented.count("```sparql")


@given(st.text(max_size=80))
def test_any_accept_header_gets_an_offered_type_or_none(accept: str) -> None:
    chosen = endpoint._accepted(accept, endpoint.RESULT_FORMATS)
    assert chosen is None or chosen in endpoint.RESULT_FORMATS


def test_accept_headers_choose_by_quality() -> None:
    offered = endpoint.RESULT_FORMATS
    assert endpoint._accepted("text/csv;q=0.5, application/sparql-results+xml", offered) == (
        "application/sparql-results+xml"
    )
    assert endpoint._accepted("text/html,application/xhtml+xml,*/*;q=0.8", offered) == (
        "application/sparql-results+json"
    )
    assert endpoint._accepted("text/*", offered) == "text/csv"
    assert endpoint._accepted("image/png", offered) is None
    assert endpoint._accepted("text/csv;q=0", offered) is None
