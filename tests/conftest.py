"""Shared fixtures. Tests that need the spaCy pipeline are marked `model`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The tests' builds share a cache of their own (kg.cache), never the user's: the first build
# fills it, the others read the gazetteer from it.
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_kg(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """The real `kg` command, in a subprocess, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=600,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def child_processes(pid: int) -> dict[int, bytes]:
    """The processes whose parent is `pid`, with their command lines (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found[int(entry.name)] = (entry / "cmdline").read_bytes()
            except OSError:
                continue
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def oxigraph_server(location: Path, mode: str = "serve") -> Iterator[str]:
    """Oxigraph's SPARQL HTTP server (`serve` or `serve-read-only`) on 127.0.0.1, over the
    store in `location`: its URL while the block runs."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [binary, mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
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


def shapes_with(folder: Path, name: str, turtle: str) -> Path:
    """A shapes folder in `folder`: kg's own shapes and one more file, `name`, of `turtle`."""
    shapes = folder / "shapes"
    shapes.mkdir()
    (shapes / "kg.ttl").write_bytes((ROOT / "shapes" / "kg-shapes.ttl").read_bytes())
    (shapes / name).write_text(turtle, encoding="utf-8")
    return shapes


def seeds_corpus(folder: Path, count: int) -> Path:
    """`count` articles in `folder`: the seeds' texts, each under a headline of its own."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for index in range(count):
        body = texts[index % len(texts)].split("\n", 1)[1]
        (folder / f"{index:03}.txt").write_text(f"Report {index}\n{body}", encoding="utf-8")
    return folder


def visible(folder: Path) -> list[Path]:
    """The output files a user sees in an output folder (not kg's own `.kg/`)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


@pytest.fixture(scope="session")
def kg() -> Callable[..., Run]:
    return run_kg


def _built(source: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """`source` built by the real CLI, with a fixed build time."""
    out = tmp_path_factory.mktemp(name)
    run = run_kg("build", source, "-o", out, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, built once."""
    return _built(SEEDS, tmp_path_factory, "seeds-output")


IDENTITY_CORPUS = ROOT / "tests" / "data" / "identity-corpus.jsonl"
"""Three short articles of two outlets, written for the tests: one senator named in full, by
surname alone, and by a pronoun; one statement printed by both outlets."""


@pytest.fixture(scope="session")
def corpus_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The identity corpus, built once."""
    return _built(IDENTITY_CORPUS, tmp_path_factory, "corpus-output")


@pytest.fixture(scope="session")
def language():  # type: ignore[no-untyped-def]
    from kg.nlp import language as kg_nlp

    return kg_nlp.load()
