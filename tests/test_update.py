"""`kg build --update`: articles added to a build give the build of all of them at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import IDENTITY_CORPUS, SEEDS, run_kg, visible

pytestmark = pytest.mark.model

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
FILES = ("graph.ttl", "graph.nq", "graph.jsonld", "context.jsonld", "void.ttl",
         "validation-report.ttl")  # fmt: skip
LINES = IDENTITY_CORPUS.read_text(encoding="utf-8").splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _build(*args: str | Path) -> str:
    run = run_kg("build", *args, env=EPOCH)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _same_files(a: Path, b: Path) -> None:
    assert [p.name for p in visible(a)] == [p.name for p in visible(b)]
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _update_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("update: "))


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The identity corpus in two: its first article, then the other two (the second outlet's
    article prints the statement the first prints: the claim exists only with both)."""
    folder = tmp_path_factory.mktemp("parts")
    return _write(folder / "a.jsonl", LINES[:1]), _write(folder / "b.jsonl", LINES[1:])


@pytest.fixture(scope="module")
def at_once(parts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("at-once")
    _build(*parts, "-o", out)
    return out


def test_a_then_b_gives_the_files_of_a_and_b_at_once(
    parts: tuple[Path, Path], at_once: Path, tmp_path: Path
) -> None:
    a, b = parts
    _build(a, "-o", tmp_path)
    assert "schema:Claim" not in (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    stdout = _build(b, "-o", tmp_path, "--update")
    assert _update_line(stdout) == (
        "update: 2 added, 0 replaced, 1 kept as they were; 2 article graphs made again"
    )
    assert stdout.startswith("3 articles, 0 skipped")
    _same_files(tmp_path, at_once)
    assert "schema:Claim" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")

    # Given again, unchanged: nothing is parsed or made again, and nothing changes.
    stdout = _build(a, b, "-o", tmp_path, "--update")
    assert _update_line(stdout) == (
        "update: 0 added, 0 replaced, 3 kept as they were; 0 article graphs made again"
    )
    _same_files(tmp_path, at_once)


def test_an_earlier_article_is_made_again_when_the_new_ones_change_its_identities(
    tmp_path: Path,
) -> None:
    """A lone surname becomes the fully named person only a later article names."""
    first = _write(tmp_path / "first.jsonl", [json.dumps({
        "id": "a1", "title": "Farm bill vote due", "date": "2026-03-01",
        "text": "Collins said on Monday that the farm bill would pass this week. \"It keeps "
        "family farms alive,\" Collins told reporters in Des Moines.",
    }) + "\n"])  # fmt: skip
    second = _write(tmp_path / "second.jsonl", [json.dumps({
        "id": "b1", "title": "Senate passes farm bill", "date": "2026-03-02",
        "text": "Senator Margaret Collins praised the vote on Tuesday. \"This bill keeps "
        "family farms alive,\" Margaret Collins said in Washington.",
    }) + "\n"])  # fmt: skip
    _build(first, "-o", tmp_path / "updated")
    assert "/person/collins>" in (tmp_path / "updated" / "graph.nq").read_text(encoding="utf-8")
    stdout = _build(second, "-o", tmp_path / "updated", "--update")
    assert _update_line(stdout) == (
        "update: 1 added, 0 replaced, 1 kept as they were; 2 article graphs made again"
    )
    _build(first, second, "-o", tmp_path / "at-once")
    _same_files(tmp_path / "updated", tmp_path / "at-once")
    graph = (tmp_path / "updated" / "graph.nq").read_text(encoding="utf-8")
    assert "/person/collins>" not in graph and "/person/margaret-collins>" in graph


def test_a_changed_article_replaces_its_earlier_version_in_its_place(
    parts: tuple[Path, Path], at_once: Path, tmp_path: Path
) -> None:
    a, b = parts
    out = tmp_path / "out"
    _build(a, b, "-o", out)
    changed = LINES[0].replace("would pass", "would surely pass")
    assert changed != LINES[0]
    edited = _write(tmp_path / "edited.jsonl", [changed])
    stdout = _build(edited, "-o", out, "--update")
    assert _update_line(stdout) == (
        "update: 0 added, 1 replaced, 2 kept as they were; 1 article graphs made again"
    )
    _build(edited, b, "-o", tmp_path / "at-once")
    _same_files(out, tmp_path / "at-once")
    assert "would surely pass" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert "would pass" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_an_update_with_other_settings_reads_every_earlier_article_again(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = parts
    other = ("--base-iri", "https://news.example.net/graph/")
    _build(a, "-o", tmp_path / "updated")
    stdout = _build(b, "-o", tmp_path / "updated", "--update", *other)
    assert _update_line(stdout) == (
        "update: 2 added, 0 replaced, 0 kept as they were; 3 article graphs made again; "
        "1 earlier articles parsed again (other settings or kg)"
    )
    _build(a, b, "-o", tmp_path / "at-once", *other)
    _same_files(tmp_path / "updated", tmp_path / "at-once")
    assert "http://example.org/kg/" not in (tmp_path / "updated" / "graph.nq").read_text()


def test_an_update_of_an_empty_folder_is_a_build(
    parts: tuple[Path, Path], at_once: Path, tmp_path: Path
) -> None:
    stdout = _build(*parts, "-o", tmp_path, "--update")
    assert _update_line(stdout).startswith("update: 3 added, 0 replaced, 0 kept")
    _same_files(tmp_path, at_once)


def test_a_build_without_what_an_update_needs_is_one_line(
    parts: tuple[Path, Path], at_once: Path, tmp_path: Path
) -> None:
    """An output of plain files (or one whose `.kg/` was damaged) is refused, not replaced by
    the new articles alone."""
    plain = tmp_path / "plain"
    plain.mkdir()
    for file in visible(at_once):
        (plain / file.name).write_bytes(file.read_bytes())
    damaged = tmp_path / "damaged"
    _build(*parts, "-o", damaged)
    frames = next((damaged / ".kg" / "builds").glob("*/.articles"))
    frames.write_bytes(frames.read_bytes()[:-100])  # a disk that filled up, a copy cut short
    for out in (plain, damaged):
        run = run_kg("build", parts[1], "-o", out, "--update", env=EPOCH)
        assert run.returncode == 2
        assert run.stderr.count("\n") == 1
        assert "does not keep what --update needs" in run.stderr
        assert "without --update" in run.stderr
        _same_files(out, at_once)


def test_the_previous_output_stays_until_the_update_commits(
    parts: tuple[Path, Path], at_once: Path, tmp_path: Path
) -> None:
    """An update killed just before its commit leaves the earlier build whole, and the next
    update still gives the build of all the articles."""
    a, b = parts
    out = tmp_path / "out"
    _build(a, "-o", out)
    before = {p.name: p.read_bytes() for p in visible(out)}
    marker = tmp_path / "committing"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(b), "-o", str(out), "--update"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **EPOCH, "KG_TEST_COMMIT_PAUSE": "30",
             "KG_TEST_COMMIT_MARKER": str(marker)},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, "the update ended before its commit"
        assert time.monotonic() < deadline, "the update never reached its commit"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    assert {p.name: p.read_bytes() for p in visible(out)} == before
    stdout = _build(b, "-o", out, "--update")
    assert _update_line(stdout).startswith("update: 2 added, 0 replaced, 1 kept")
    _same_files(out, at_once)


def test_the_seeds_built_one_after_the_other_are_the_seeds_built_at_once(
    seeds_output: Path, tmp_path: Path
) -> None:
    """Built apart and merged by hand, the seeds lose their two claims; updated, they keep
    them, and every file is the one build's."""
    parts = []
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        part = tmp_path / f"part-{n}" / "seeds"  # the same sources as the seeds folder's
        part.mkdir(parents=True)
        (part / seed.name).write_bytes(seed.read_bytes())
        parts.append(part)
    out = tmp_path / "out"
    _build(parts[0], "-o", out)
    stdout = _build(parts[1], "-o", out, "--update")
    assert _update_line(stdout).startswith("update: 1 added, 0 replaced, 1 kept")
    _same_files(out, seeds_output)
    assert (out / "graph.ttl").read_text(encoding="utf-8").count("a schema:Claim") == 2
