"""`kg build --cluster`: a real Dask scheduler and real worker processes on 127.0.0.1 write the
same bytes as one machine, a worker killed mid-build loses and repeats no article, and a
cluster that is not there is one line."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dask.config
import pytest
from distributed import Client, LocalCluster

from kg import cluster
from kg.errors import ConfigurationError
from tests.conftest import free_port, run_kg, seeds_corpus, visible

pytestmark = pytest.mark.model
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
DASK = Path(sys.executable).parent / "dask"
ARTICLES = 80


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More articles than one batch of graphs, so that both stages go to the cluster."""
    return seeds_corpus(tmp_path_factory.mktemp("corpus"), ARTICLES)


@pytest.fixture(scope="module")
def one_machine(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(corpus, tmp_path_factory.mktemp("one") / "out", "--workers", "2")


@dataclass(frozen=True)
class Scheduler:
    address: str
    file: str
    """The scheduler file it wrote (`--scheduler-file`)."""


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scheduler]:
    """`dask scheduler` and `dask worker` (two worker processes, one thread each), as a user
    starts them on a cluster's machines, on loopback ports."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    commands = [
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", "127.0.0.1:0",
         "--scheduler-file", str(logs / "scheduler.json")],
        [DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
         "--no-dashboard", "--local-directory", str(logs)],
    ]  # fmt: skip
    with contextlib.ExitStack() as stack:
        started = []
        for command in commands:
            log = stack.enter_context(open(logs / f"{command[1]}.log", "wb"))
            started.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log))
        try:
            with Client(address, timeout=30) as client:
                client.wait_for_workers(2, timeout=60)
            yield Scheduler(address, str(logs / "scheduler.json"))
        finally:
            for process in reversed(started):
                process.send_signal(signal.SIGINT)
            for process in reversed(started):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _build(corpus: Path, out: Path, *options: str) -> Path:
    run = run_kg("build", corpus, "-o", out, "-q", *options, env=EPOCH)
    assert run.returncode == 0, run.stderr
    assert f"{ARTICLES} articles, 0 skipped" in run.stdout
    return out


def _same(a: Path, b: Path) -> None:
    assert [f.name for f in visible(a)] == [f.name for f in visible(b)]
    for file in visible(a):
        assert (b / file.name).read_bytes() == file.read_bytes(), file.name


def test_a_local_cluster_writes_what_one_machine_writes(
    corpus: Path, one_machine: Path, tmp_path: Path
) -> None:
    _same(one_machine, _build(corpus, tmp_path / "local", "--cluster", "local:2"))


def test_a_scheduler_and_its_workers_write_what_one_machine_writes(
    corpus: Path, one_machine: Path, scheduler: Scheduler, tmp_path: Path
) -> None:
    # Given by its scheduler file, as a SLURM job's scheduler writes it.
    _same(one_machine, _build(corpus, tmp_path / "cluster", "--cluster", scheduler.file))


def test_a_worker_killed_mid_build_loses_and_repeats_no_article(
    corpus: Path, one_machine: Path, scheduler: Scheduler, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            corpus,
            "-o",
            out,
            "-q",
            "--cluster",
            scheduler.address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **EPOCH},
    )
    with Client(scheduler.address, timeout=30) as client:
        # Once a worker is parsing the build's articles, its process is killed (SIGKILL, as
        # the kernel's OOM killer does); its nanny starts a new one, and the scheduler gives
        # its tasks to a worker again.
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline, "no worker ever parsed the build's articles"
            busy = [
                worker
                for worker, keys in client.processing().items()
                if any("_facts_on_worker" in str(key) for key in keys)
            ]
            if busy:
                break
            assert build.poll() is None, build.communicate()
            time.sleep(0.05)
        pids = client.run(os.getpid)
        os.kill(pids[busy[0]], signal.SIGKILL)
        stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    assert f"{ARTICLES} articles, 0 skipped" in stdout
    _same(one_machine, out)


def test_a_scheduler_nobody_runs_is_one_line(tmp_path: Path) -> None:
    run = run_kg(
        "build", tmp_path, "-o", tmp_path / "out", "--cluster", f"tcp://127.0.0.1:{free_port()}",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith("Error: --cluster tcp://127.0.0.1:")
    assert "no Dask scheduler answered" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or visible(tmp_path / "out") == []


def test_an_address_that_names_no_cluster_is_one_line(tmp_path: Path) -> None:
    run = run_kg("build", tmp_path, "-o", tmp_path / "out", "--cluster", "scheduler-1")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "Error: --cluster 'scheduler-1': give a scheduler's address (tcp://HOST:PORT), its "
        "scheduler file (.json), or local[:N] for a local cluster of N worker processes"
    ]
    run = run_kg("build", tmp_path, "-o", tmp_path / "out", "--cluster", tmp_path / "s.json")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"Error: --cluster {tmp_path / 's.json'}: no such scheduler file"
    ]
    with pytest.raises(ConfigurationError):
        cluster.check("local:0")


def _dies_on_three(items: list[int]) -> list[int]:
    if 3 in items:
        os._exit(1)  # a crash in native code, or the OOM killer
    return [item * 10 for item in items]


def _failed(item: int, reason: str) -> int:
    return -item


def test_a_batch_that_kills_its_worker_every_time_costs_only_the_item_that_does() -> None:
    # Dask gives up on a task after `allowed-failures` deaths of its worker: one here, so the
    # test is quick; by default three.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        ) as local,
        Client(local) as client,
    ):  # fmt: skip
        pool: cluster.DaskPool[int, int] = cluster.DaskPool(_dies_on_three, _failed, client)
        with pool:
            done = pool.submit([1, 2]) + pool.submit([3, 4]) + pool.submit([5]) + pool.finish()
    assert [batch for batch, _ in done] == [[1, 2], [3, 4], [5]]
    assert [results for _, results in done] == [[10, 20], [-3, 40], [50]]


# The Makefile says where the corpus is (KG_BBC, relative to the repository), as for `make bench`.
ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT / os.environ.get("KG_BBC", "../shared/corpora/bbc")


@pytest.mark.corpora
def test_200_bbc_articles_on_a_local_cluster_of_two_workers_are_the_one_machine_build(
    tmp_path: Path,
) -> None:
    if not BBC.is_dir():
        pytest.fail(f"{BBC} is not there: make test-cluster BBC=FOLDER names the BBC corpus")
    corpus = tmp_path / "bbc"
    for path in sorted(BBC.glob("*/*.txt"))[::10][:200]:  # every tenth: all five sections
        (corpus / path.parent.name).mkdir(parents=True, exist_ok=True)
        (corpus / path.parent.name / path.name).write_bytes(path.read_bytes())
    runs = {}
    for name, options in (("one", ["--workers", "2"]), ("cluster", ["--cluster", "local:2"])):
        runs[name] = run_kg("build", corpus, "-o", tmp_path / name, "-q", *options, env=EPOCH)
        assert runs[name].returncode == 0, runs[name].stderr
    assert runs["one"].stdout == runs["cluster"].stdout.replace("cluster\n", "one\n")
    assert "200 articles, 0 skipped" in runs["one"].stdout
    _same(tmp_path / "one", tmp_path / "cluster")
