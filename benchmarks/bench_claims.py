"""How claim matching scales: time and peak memory for N statements.

    python benchmarks/bench_claims.py ../shared/corpora/allsides-10k.jsonl.gz -n 100000 --runs 3

Statements are real sentences of a corpus kg reads (each sentence of 8 words or more, one
"article" a record; sentences seen before are skipped, so the only claims to find are the
reprints). A tenth of them are printed again by another "article" with the edits outlets
make (marks, `U.S.` for `US`, a word dropped, the first half only), so the claims to find are
known: the script checks that each reprint lands in a claim with its original. Prints the median
of the runs.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import time
from pathlib import Path

from kg.facts import Article
from kg.read.articles import iter_articles
from kg.resolve.claims import Appearance, Claims, words

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def sentences(corpus: Path, limit: int) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for article in iter_articles([corpus]):
        if not isinstance(article, Article):
            continue
        for sentence in _SENTENCE.split(article.text):
            key = " ".join(words(sentence))
            if len(sentence.split()) >= 8 and key not in seen:
                seen.add(key)
                found.append((article.id, sentence.strip()))
        if len(found) >= limit:
            break
    return found[:limit]


def edited(text: str, rng: random.Random) -> str:
    words = text.split()
    choice = rng.randrange(4)
    if choice == 0:
        return "\u201c" + text.replace("'", "\u2019") + "\u201d"
    if choice == 1:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    if choice == 2:
        return " ".join(words[: max(8, len(words) // 2 + 2)])
    return text.replace("US", "U.S.").replace("UK", "U.K.").lower()


def run(items: list[tuple[str, str]], reprints: int) -> tuple[float, int, bool]:
    rng = random.Random(1)
    appearances = [
        Appearance(f"urn:q:{n}", f"urn:a:{article}", None, None, text)
        for n, (article, text) in enumerate(items)
    ]
    copies = []
    for n in rng.sample(range(len(items)), reprints):
        _, text = items[n]
        copies.append((n, Appearance(f"urn:copy:{n}", f"urn:a:copy{n}", None, None,
                                     edited(text, rng))))  # fmt: skip
    started = time.perf_counter()
    claims = Claims()
    for appearance in appearances:
        claims.add(appearance)
    for _, appearance in copies:
        claims.add(appearance)
    found = claims.claims()
    seconds = time.perf_counter() - started
    together = {q: set(c.appearances) for c in found for q in c.appearances}
    matched = sum(1 for n, copy in copies if f"urn:q:{n}" in together.get(copy.quotation, ()))
    return seconds, len(found), matched >= 0.95 * len(copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of .txt or a .jsonl(.gz)/.csv file")
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    items = sentences(args.corpus, args.n)
    reprints = len(items) // 10
    times = []
    for _ in range(args.runs):
        seconds, claims, ok = run(items, reprints)
        times.append(seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(items):,} statements + {reprints:,} reprints: "
        f"median {statistics.median(times):.2f} s over {args.runs} runs, {claims:,} claims, "
        f"reprints found: {'yes' if ok else 'NO'}, "
        f"peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
