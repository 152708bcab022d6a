"""A build killed at any moment leaves the previous output as it was, never half a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS, child_processes, visible

pytestmark = pytest.mark.model


def _forked(pid: int) -> set[int]:
    """Children running the same command as `pid`: spaCy's forked workers."""
    command = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    return {child for child, line in child_processes(pid).items() if line == command}


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _written_in_build(pid: int) -> int:
    """Bytes the build has written in its build folder: the files it holds open there (its
    scratch file of facts has no name, only an open descriptor)."""
    written = 0
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return 0
    for fd in descriptors:
        try:
            if "/.kg/builds/" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                written += os.stat(f"/proc/{pid}/fd/{fd}").st_size
        except OSError:
            continue
    return written


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles that a build runs for a while: the seeds, many times over."""
    folder = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for index in range(120):
        (folder / f"{index:03}.txt").write_text(texts[index % 2], encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_killed_build_leaves_previous_output_intact(
    seeds_output: Path, corpus: Path, tmp_path: Path, signum: signal.Signals, workers: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = {}
    for file in visible(seeds_output):
        before[file.name] = file.read_bytes()
        (out / file.name).write_bytes(before[file.name])

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(corpus),
            "-o",
            str(out),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until it is mid-way: writing in its build folder (the facts of the articles read,
    # and, with --workers 2, while spaCy's worker processes parse).
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        workers_up = workers == 1 or len(_forked(process.pid)) >= workers
        if _written_in_build(process.pid) > 50_000 and workers_up:
            break
        assert process.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.02)
    else:
        pytest.fail("the build never got going")
    children = set(child_processes(process.pid))
    os.kill(process.pid, signum)
    process.wait(timeout=20)  # within seconds, whatever the signal
    expected = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -9}
    assert process.returncode == expected[signum]

    for name, content in before.items():
        assert (out / name).read_bytes() == content, f"{name} changed"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(before)
    if signum != signal.SIGKILL:  # cleaned up on the way out
        assert not list(out.glob(".kg/builds/*"))
    # No process of the build lives on (the validating process ends with its parent).
    deadline = time.monotonic() + 30
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(child) for child in children)


def test_workers_do_not_change_the_output(seeds_output: Path, tmp_path: Path) -> None:
    from tests.conftest import run_kg

    run = run_kg(
        "build", SEEDS, "-o", tmp_path, "--workers", "2", env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert run.returncode == 0, run.stderr
    for file in visible(seeds_output):
        assert (tmp_path / file.name).read_bytes() == file.read_bytes(), file.name
