"""How claim matching scales: time and peak memory for N statements.

    python benchmarks/bench_claims.py ../shared/corpora/allsides-10k.jsonl.gz -n 100000 --runs 3

Statements are real sentences of a corpus kg reads (each sentence of 8 words or more, one
"article" a record; sentences seen before are skipped, so the only claims to find are the
reprints). A tenth of them are printed again by another "article" with the edits outlets
make (marks, `U.S.` for `US`, a word dropped, the first half only), so the claims to find are
known: the script checks that each reprint lands in a claim with its original. Prints the median
of the runs, a digest of the claims (to compare matchers), and the peak memory.

    python benchmarks/bench_claims.py ../shared/corpora/allsides-10k.jsonl.gz -n 1000000 \
        --statements 1000000 --runs 1

takes every distinct sentence of the corpus (366,666) and reprints some of them more than once,
up to a million statements.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import resource
import statistics
import time
from array import array
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


def run(items: list[tuple[str, str]], reprints: int) -> tuple[float, int, str, bool]:
    """Every sentence, then the reprints, given to one `Claims` as the build gives them (one
    at a time, nothing else kept), and the claims read back one at a time, as the build writes
    them: the seconds, the number of claims, a digest of them (each one's key and appearances,
    to compare matchers), and whether the reprints' claims were found."""
    rng = random.Random(1)
    if reprints <= len(items):
        picks = rng.sample(range(len(items)), reprints)
    else:  # more reprints than sentences: some sentences are printed again several times
        picks = [rng.randrange(len(items)) for _ in range(reprints)]
    started = time.perf_counter()
    of_sentence = array("q", [-1]) * len(items)
    of_copy = array("q", [-1]) * len(picks)
    """The claim each sentence and each reprint is in (-1: none)."""
    hashed = hashlib.sha256()
    count = 0
    with Claims() as claims:
        for n, (article, text) in enumerate(items):
            claims.add(Appearance(f"urn:q:{n}", f"urn:a:{article}", None, None, text))
        for copy, n in enumerate(picks):
            text = edited(items[n][1], rng)
            claims.add(Appearance(f"urn:copy:{copy}", f"urn:a:copy{copy}", None, None, text))
        for count, claim in enumerate(claims.iter_claims(), start=1):
            hashed.update(repr((claim.key, claim.appearances)).encode())
            for quotation in claim.appearances:
                kind, _, number = quotation.rpartition(":")
                (of_copy if kind == "urn:copy" else of_sentence)[int(number)] = count
    seconds = time.perf_counter() - started
    matched = sum(
        1 for c, n in enumerate(picks) if of_copy[c] >= 0 and of_copy[c] == of_sentence[n]
    )
    return seconds, count, hashed.hexdigest()[:16], matched >= 0.95 * len(picks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of .txt or a .jsonl(.gz)/.csv file")
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--statements", type=int, default=None,
        help="statements in all: the sentences, then reprints up to this many "
        "(default: a tenth of the sentences reprinted)",
    )  # fmt: skip
    args = parser.parse_args()
    items = sentences(args.corpus, args.n)
    reprints = len(items) // 10 if args.statements is None else args.statements - len(items)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = []
    for _ in range(args.runs):
        seconds, found, digest, ok = run(items, reprints)
        times.append(seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(items):,} statements + {reprints:,} reprints: "
        f"median {statistics.median(times):.2f} s over {args.runs} runs, {found:,} claims "
        f"(digest {digest}), reprints found: {'yes' if ok else 'NO'}, "
        f"peak RSS {peak:.0f} MB ({before:.0f} MB with the sentences read, before matching)"
    )


if __name__ == "__main__":
    main()
