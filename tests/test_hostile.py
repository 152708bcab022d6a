"""The README's promises against a hostile user, through the real CLI: output all old or all
new, one build at a time, nothing replaced by an empty build, clear refusals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import SEEDS, child_processes, run_kg, visible

pytestmark = pytest.mark.model
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in visible(folder)}


@pytest.fixture(scope="module")
def old_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The seeds built under another base IRI: every file differs from the default build's."""
    out = tmp_path_factory.mktemp("old")
    run = run_kg("build", SEEDS, "-o", out, "--base-iri", "http://old.example/", env=EPOCH)
    assert run.returncode == 0, run.stderr
    return _files(out)


def _popen(inputs: Path, out: Path, *extra: str, env: dict[str, str] | None = None
           ) -> subprocess.Popen[str]:  # fmt: skip
    """The real `kg build`, running in the background."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(inputs), "-o", str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def _wait_until(process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 300
    while not ready():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never got there"
        time.sleep(0.02)


def _start(out: Path, marker: Path, pause: float, *extra: str) -> subprocess.Popen[str]:
    """A build of the seeds that holds its commit for `pause` seconds, `marker` made then."""
    env = {**EPOCH, "KG_TEST_COMMIT_PAUSE": str(pause), "KG_TEST_COMMIT_MARKER": str(marker)}
    return _popen(SEEDS, out, *extra, env=env)


def _wait_for(marker: Path, process: subprocess.Popen[str]) -> None:
    _wait_until(process, marker.exists)


def _copy(files: dict[str, bytes], out: Path) -> None:
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_signal_inside_the_commit_leaves_all_old_or_all_new(
    tmp_path: Path, old_output: dict[str, bytes], seeds_output: Path, signum: signal.Signals
) -> None:
    out, marker = tmp_path / "out", tmp_path / "committing"
    _copy(old_output, out)  # an output folder of plain files, as earlier versions wrote
    process = _start(out, marker, 3)
    _wait_for(marker, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    after = _files(out)
    new = _files(seeds_output)
    if signum == signal.SIGKILL:  # killed before the one step: the old build, whole
        assert process.returncode == -signal.SIGKILL
        assert after == old_output
    else:  # held until the step was done: the new build, whole, and said so
        assert process.returncode == 128 + signum
        assert after == new
        assert "the new output was already complete" in stderr
    assert after in (old_output, new)


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
def test_an_interrupted_build_says_the_previous_output_stays(
    tmp_path: Path, old_output: dict[str, bytes], delay: float
) -> None:
    # Early on the signal lands while spaCy looks the model up, which swallows any exception
    # (it once came out as "spaCy pipeline ... is not installed", exit 2). The seeds, many
    # times over: the build must still be running a second in (the two seeds alone were
    # sometimes built and committed by then, and the signal then met the exiting process).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    for index in range(40):
        (corpus / f"{index:03}.txt").write_bytes(texts[index % 2])
    out = tmp_path / "out"
    _copy(old_output, out)
    process = _popen(corpus, out)
    _wait_until(process, lambda: bool(list(out.glob(".kg/builds/build-*"))))
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "the previous output is left as it was" in stderr
    assert _files(out) == old_output
    assert not list(out.glob(".kg/builds/*"))


def test_a_second_build_into_the_same_output_is_refused(tmp_path: Path, seeds_output: Path) -> None:
    out, marker = tmp_path / "out", tmp_path / "committing"
    first = _start(out, marker, 4)
    _wait_for(marker, first)
    second = run_kg("build", SEEDS, "-o", out)
    assert second.returncode == 2
    assert "another kg build is writing this output folder" in second.stderr
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert _files(out) == _files(seeds_output)


def test_a_build_of_no_article_keeps_the_previous_output(
    tmp_path: Path, old_output: dict[str, bytes]
) -> None:
    out, empty = tmp_path / "out", tmp_path / "in"
    _copy(old_output, out)
    empty.mkdir()
    (empty / "a.txt").write_text("", encoding="utf-8")
    run = run_kg("build", empty, "-o", out)
    assert run.returncode == 1
    assert "skipped in/a.txt: empty article" in run.stderr
    assert "no article could be used" in run.stderr and "left as it was" in run.stderr
    assert _files(out) == old_output
    asked = run_kg("build", empty, "-o", out, "--allow-empty")
    assert asked.returncode == 1
    assert "0 articles, 1 skipped" in asked.stdout
    assert _files(out) != old_output


@pytest.mark.parametrize(
    "base", ["http://example.org/kg#", "http://example.org/%zz/", "http://exa mple.org/"]
)
def test_a_base_iri_that_mints_bad_iris_is_refused_before_anything(
    tmp_path: Path, old_output: dict[str, bytes], base: str
) -> None:
    out = tmp_path / "out"
    _copy(old_output, out)
    run = run_kg("build", SEEDS, "-o", out, "--base-iri", base)
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and "base IRI" in run.stderr
    assert _files(out) == old_output
    assert not (out / ".kg").exists()


def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = run_kg("build", SEEDS, "-o", blocker / "out")
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and "cannot write the output folder" in run.stderr
    assert "Traceback" not in run.stderr


@contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small file system of its own at `folder` (the tests run as root), or a skip."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({options}) here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _big_corpus(folder: Path, copies: int) -> Path:
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for index in range(copies):
        (folder / f"{index:03}.txt").write_text(texts[index % 2], encoding="utf-8")
    return folder


def test_a_full_disk_is_one_line_and_keeps_the_previous_output(
    tmp_path: Path, old_output: dict[str, bytes]
) -> None:
    with _tmpfs(tmp_path / "small", "size=1200k") as small:
        out = small / "out"
        _copy(old_output, out)
        run = run_kg("build", _big_corpus(tmp_path / "in", 20), "-o", out)
        assert run.returncode == 2, run.stdout + run.stderr
        assert run.stderr.startswith("Error: ") and "No space left on device" in run.stderr
        assert "Traceback" not in run.stderr and "left as it was" in run.stderr
        assert _files(out) == old_output
        assert not list(out.glob(".kg/builds/*"))


def test_an_output_folder_deleted_meanwhile_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus = _big_corpus(tmp_path / "in", 40)
    process = _popen(corpus, out)
    _wait_until(process, lambda: bool(list(out.glob(".kg/builds/build-*/graph.nq"))))
    shutil.rmtree(out)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    assert stderr.strip().splitlines()[-1].startswith("Error: ")
    assert "cannot write the output folder" in stderr and "Traceback" not in stderr


def test_a_killed_worker_process_costs_no_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus = _big_corpus(tmp_path / "in", 120)
    with _popen(corpus, out) as process:  # closes its pipes whatever happens
        try:
            given = b"".join(os.fsencode(str(arg)) + b"\0" for arg in process.args)
            seen: set[bytes] = set()  # what ran below the build, should it end unkilled

            def kill_a_worker() -> bool:  # forked workers run the build's own command line
                try:  # read each time: right after the fork it may still be pytest's
                    commands = {given, (Path("/proc") / str(process.pid) / "cmdline").read_bytes()}
                except OSError:
                    commands = {given}
                children = child_processes(process.pid)
                for child in list(children):  # and their children, were a worker one level down
                    children.update(child_processes(child))
                seen.update(children.values())
                for pid, cmd in children.items():
                    if cmd in commands:
                        try:
                            os.kill(pid, signal.SIGKILL)
                            return True
                        except ProcessLookupError:  # ended between the listing and the kill
                            continue
                return False

            try:
                _wait_until(process, kill_a_worker)
            except AssertionError as ended:
                raise AssertionError(f"no worker killed; seen below the build: {seen}") from ended
            stdout, stderr = process.communicate(timeout=300)
        finally:
            process.kill()
    assert process.returncode == 0, stderr
    assert "120 articles, 0 skipped" in stdout
    assert "validation: the graph conforms" in stdout


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("nest.ttl", "<a:s> <a:p> " + "(" * 100_000 + ")" * 100_000 + " .\n", "nested more than"),
        (
            "deep.jsonld",
            '{"@id": "http://e.org/a", "http://e.org/p": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested more than",
        ),
        (
            "lol.rdf",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="http://e.org/a"><rdf:value>&b;</rdf:value>'
            "</rdf:Description></rdf:RDF>",
            "declares DTD entities",
        ),
    ],
)
def test_validate_refuses_files_that_would_parse_to_far_more_than_their_size(
    tmp_path: Path, name: str, content: str, why: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    run = run_kg("validate", tmp_path / name)
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and why in run.stderr


def test_validate_reads_brackets_in_strings_iris_and_comments(tmp_path: Path) -> None:
    (tmp_path / "ok.ttl").write_text(
        '<a:s> <a:p> "((((" , """[[[[\n""" , ( 1 2 [ <a:q> <a:(((> ] ) . # ((((\n' * 300,
        encoding="utf-8",
    )
    run = run_kg("validate", tmp_path / "ok.ttl")
    assert run.returncode == 0, run.stderr


def test_a_read_only_output_is_one_line_before_the_model_loads(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "ro,size=64k") as frozen:
        started = time.monotonic()
        run = run_kg("build", SEEDS, "-o", frozen / "out")
        assert run.returncode == 2
        assert run.stderr.startswith("Error: ") and "Read-only file system" in run.stderr
        assert time.monotonic() - started < 15  # refused before the model loads


def test_a_gazetteer_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    names = tmp_path / "names.ttl"
    names.write_text("<a:s> <a:p> " + "(" * 100_000 + ")" * 100_000 + " .\n", encoding="utf-8")
    run = run_kg("build", SEEDS, "-o", tmp_path / "out", "--gazetteer", names)
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and "nested more than 256 deep" in run.stderr
    assert "Traceback" not in run.stderr
