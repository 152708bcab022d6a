"""The output loads into a real SPARQL store, and the README's query answers there."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pyoxigraph import RdfFormat, Store

from tests.conftest import ROOT

pytestmark = pytest.mark.model


def doc_queries() -> list[str]:
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```sparql\n")[1:]]


@pytest.mark.parametrize("number", range(len(doc_queries())))
def test_documented_queries_answer_on_the_seeds(seeds_output: Path, number: int) -> None:
    store = Store()
    store.load(path=str(seeds_output / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = list(store.query(doc_queries()[number]))
    assert rows, doc_queries()[number]


def test_mentions_come_with_their_context(seeds_output: Path) -> None:
    store = Store()
    store.load(path=str(seeds_output / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = list(store.query(doc_queries()[2]))
    # As printed: the second seed has a no-break space inside the name.
    assert {r["anchor"].value for r in rows} == {
        "Maria Zakharova",
        "Maria\u00a0Zakharova",
        "Zakharova",
    }
    assert all(r["anchor"].value in r["context"].value for r in rows)


def test_who_said_what(seeds_output: Path) -> None:
    store = Store()
    store.load(path=str(seeds_output / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = list(store.query(doc_queries()[4]))
    said = {(r["speaker"].value, r["outlet"].value if r["outlet"] else None) for r in rows}
    assert said == {
        ("Asaad As-Salem", None), ("Asaad As-Salem", "The Duran"),
        ("Maria Zakharova", None), ("Maria Zakharova", "The Duran"),
    }  # fmt: skip
    claims = list(store.query(doc_queries()[5]))
    assert {(r["speaker"].value, int(r["articles"].value)) for r in claims} == {
        ("Asaad As-Salem", 2),
        ("Maria Zakharova", 2),
    }


def readme_query() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("```sparql\n", 1)[1].split("```", 1)[0]


EXPECTED = {("Asaad As-Salem", 2), ("Maria Zakharova", 2)}


def test_readme_query_in_an_embedded_store(seeds_output: Path) -> None:
    store = Store()
    store.load(path=str(seeds_output / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = [(r["name"].value, int(r["articles"].value)) for r in store.query(readme_query())]
    assert set(rows) >= EXPECTED
    assert rows[0][1] == 2 and rows[-1][1] == 1  # most-named first


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Oxigraph's SPARQL HTTP server on 127.0.0.1, with a store of its own."""
    binary = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_nquads_load_into_the_oxigraph_server(seeds_output: Path, server: str) -> None:
    body = (seeds_output / "graph.nq").read_bytes()
    load = urllib.request.Request(
        server + "/store", data=body, method="POST", headers={"Content-Type": "application/n-quads"}
    )
    with urllib.request.urlopen(load, timeout=30) as response:
        assert response.status in (200, 204)
    # Over the union of the named graphs (one per article), the README query answers the same.
    query = urlencode({"query": readme_query(), "union-default-graph": ""})
    ask = urllib.request.Request(
        f"{server}/query?{query}", headers={"Accept": "text/tab-separated-values"}
    )
    with urllib.request.urlopen(ask, timeout=30) as response:
        lines = response.read().decode("utf-8").splitlines()
    rows = [line.split("\t") for line in lines[1:]]
    assert {(name.strip('"'), int(n.split("^^")[0].strip('"'))) for name, n in rows} >= EXPECTED
    # Each article's facts stay in a graph of their own.
    graphs = urlencode({"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    count = urllib.request.Request(
        f"{server}/query?{graphs}", headers={"Accept": "text/tab-separated-values"}
    )
    with urllib.request.urlopen(count, timeout=30) as response:
        # Two articles, and the claims.
        assert response.read().decode().splitlines()[1].split("^^")[0].strip('"') == "3"


def test_links_and_relations_queries(seeds_output: Path) -> None:
    store = Store()
    store.load(path=str(seeds_output / "graph.ttl"), format=RdfFormat.TURTLE)
    linked = {(r["name"].value, int(r["articles"].value)) for r in store.query(doc_queries()[7])}
    assert {("Syria", 2), ("Russia", 2), ("Iraq", 1), ("Islamic State", 2)} <= linked
    related = {
        (r["person"].value, r["relation"].value.rsplit("/", 1)[-1], r["value"].value)
        for r in store.query(doc_queries()[8])
    }
    assert {
        ("Maria Zakharova", "worksFor", "Foreign Ministry"),
        ("Eugeniy Poddubny", "worksFor", "Rossiya-24"),
        ("Asaad As-Salem", "memberOf", "Maghawir al-Thawra"),
        ("Asaad As-Salem", "jobTitle", "chief security officer"),
    } <= related
