"""`kg load` into Virtuoso (Debian's `virtuoso-opensource-7`), started by the test on loopback:
`make test-virtuoso` installs it and runs this file."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kg import examples
from tests.conftest import ROOT, free_port, run_kg
from tests.test_load import _bag, _local

pytestmark = [pytest.mark.model, pytest.mark.virtuoso]
INI = ROOT / "tests" / "data" / "virtuoso" / "virtuoso.ini"
PASSWORD = {"KG_STORE_PASSWORD": "dba"}  # a new database's administrator: dba, password dba


@contextmanager
def _virtuoso(folder: Path) -> Iterator[str]:
    """A Virtuoso server over a new database in `folder`: its HTTP root while the block runs."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.fail("virtuoso-t is not installed: run `make test-virtuoso`")
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    settings = INI.read_text().format(folder=folder, sql_port=free_port(), http_port=http_port)
    (folder / "virtuoso.ini").write_text(settings)
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120  # a new database is made first: some seconds
        while True:
            try:
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, (folder / "virtuoso.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "Virtuoso did not start"
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def _ask(url: str, query: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        url + "/sparql?" + urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _ours(base: str) -> str:
    """Triples in the build's graphs (Virtuoso's own graphs aside)."""
    return (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), '{base}')) }}"
    )


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


def test_a_build_loads_into_virtuoso_and_loads_again_without_copies(
    seeds_output: Path, virtuoso: str
) -> None:
    endpoint = virtuoso + "/sparql-graph-crud-auth"  # the authenticated one: Digest
    expected = len((seeds_output / "graph.nq").read_text(encoding="utf-8").splitlines())
    for _ in range(2):  # the second load replaces each graph
        run = run_kg("load", seeds_output, "--endpoint", endpoint, "--user", "dba", env=PASSWORD)
        assert run.returncode == 0, run.stderr
        assert f" graphs, {expected:,} triples -> {endpoint} in " in run.stdout
        assert _ask(virtuoso, _ours("http://example.org/kg/")) == [{"n": str(expected)}]
    # every documented query answers over Virtuoso (the union of the graphs: its default)
    # as over graph.ttl
    for example in examples.load():
        assert _bag(_ask(virtuoso, example.query)) == _bag(_local(seeds_output, example.query)), (
            example.title
        )


def test_wrong_credentials_are_refused_in_one_line(seeds_output: Path, virtuoso: str) -> None:
    run = run_kg(
        "load", seeds_output, "--endpoint", virtuoso + "/sparql-graph-crud-auth",
        "--user", "dba", env={"KG_STORE_PASSWORD": "not-the-password"},
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "the store refused" in run.stderr and "401" in run.stderr
    assert "nothing was loaded" in run.stderr


def test_virtuoso_as_shipped_answers_at_most_10000_rows_without_an_error(virtuoso: str) -> None:
    """What the README warns of: Debian's `ResultSetMaxRows = 10000` cuts a longer answer
    short, and says nothing."""
    hundred = " ".join(map(str, range(100)))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {hundred} }} VALUES ?b {{ {hundred} 100 }} }}"
    request = urllib.request.Request(
        virtuoso + "/sparql",
        data=urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        rows = json.loads(response.read())["results"]["bindings"]
    assert len(rows) == 10_000


def test_large_graphs_load_whole(tmp_path: Path, virtuoso: str) -> None:
    """Virtuoso answers a PUT without credentials with 401 and closes the connection while a
    large body is still on its way; a load that was not answering its Digest challenge up front
    lost the store after some hundreds of AllSides graphs. Ten graphs of 20,000 triples each."""
    word = "x" * 40
    lines = [
        f'<http://example.org/kg/s{n}> <http://example.org/kg/p> "{word} {n}" '
        f"<http://example.org/kg/article/big-{g}> .\n"
        for g in range(10)
        for n in range(20_000)
    ]
    (tmp_path / "graph.nq").write_text("".join(lines), encoding="utf-8")
    run = run_kg("load", tmp_path, "--endpoint", virtuoso + "/sparql-graph-crud-auth",
                 "--user", "dba", env=PASSWORD)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("10 graphs, 200,000 triples")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
    assert _ask(virtuoso, count + "'http://example.org/kg/article/big-')) }") == [{"n": "200000"}]
