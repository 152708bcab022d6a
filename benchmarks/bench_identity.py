"""How corpus identity scales: time and peak memory of `kg.resolve.corpus.Identities` for N
articles.

    python benchmarks/bench_identity.py ../shared/corpora/allsides-10k.jsonl.gz -n 1000000

The entities are the capitalised names of real articles (runs of two or three capitalised words,
and single capitalised words after `Mr`, `Ms`, `in`, as a tagger would give them), up to 40 an
article, each typed by a stable hash of its name (so one name has one kind, and a tenth of the
names of two words are given another kind in some articles, to be voted on). The corpus's
articles are given again and again until there are N (each pass also names one new person an
article, so the names keep growing): what a long-running archive of one kind of news does to
the identities. Every article is added, the identities decided, and every article's facts
rewritten with them (`resolved`, as the build does, one at a time, nothing kept). Prints the
seconds of each step, the groups, and the peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import resource
import time
from collections.abc import Iterator
from pathlib import Path

from kg.facts import Article, ArticleFacts, Entity, EntityKind, Mention
from kg.read.articles import iter_articles
from kg.resolve.corpus import Identities

_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b|(?<=\bMr\. )[A-Z][a-z]+|(?<=\bin )[A-Z][a-z]+"
)
KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE)


def _kind(name: str, article: int) -> EntityKind:
    digest = hashlib.blake2b(name.encode(), digest_size=4).digest()
    kind = KINDS[digest[0] % 3]
    if " " in name and digest[1] % 10 == 0 and article % 7 == 0:  # a misread, now and then
        return KINDS[(digest[0] + 1) % 3]
    return kind


def articles(corpus: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Each article's id and its names (begin, end, text), the first 40 distinct."""
    found = []
    for article in iter_articles([corpus]):
        if not isinstance(article, Article):
            continue
        names: dict[str, tuple[int, int, str]] = {}
        for match in _NAME.finditer(article.text):
            names.setdefault(match.group(), (match.start(), match.end(), match.group()))
            if len(names) >= 40:
                break
        found.append((article.id, list(names.values())))
    return found


def facts(corpus: list[tuple[str, list[tuple[int, int, str]]]], n: int) -> Iterator[ArticleFacts]:
    for number in range(n):
        identifier, names = corpus[number % len(corpus)]
        rounds = number // len(corpus)
        extra = [(0, 0, f"Newcomer Number{rounds}x{number}")] if rounds else []
        entities = []
        for begin, end, name in names + extra:
            kind = _kind(name, number)
            mention = Mention(begin, end, name, kind, "PERSON")
            entities.append(Entity(kind, name, (), (mention,)))
        article = Article(id=f"{identifier}-{rounds}", text="", headline="", source="bench")
        yield ArticleFacts(article=article, entities=tuple(entities))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of .txt or a .jsonl(.gz)/.csv file")
    parser.add_argument("-n", type=int, default=100_000, help="articles")
    args = parser.parse_args()
    corpus = articles(args.corpus)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    identities = Identities()
    started = time.perf_counter()
    mentions = 0
    for one in facts(corpus, args.n):
        identities.add(one)
        mentions += len(one.entities)
    added = time.perf_counter()
    identities.resolve()
    resolved = time.perf_counter()
    described = 0
    for one in facts(corpus, args.n):
        described += len(identities.resolved(one)[1])
    applied = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.n:,} articles ({len(corpus):,} distinct), {mentions:,} entities in them, "
        f"{len(identities.described()):,} in the corpus: add {added - started:.1f} s, "
        f"resolve {resolved - added:.1f} s, apply {applied - resolved:.1f} s; "
        f"peak RSS {peak:.0f} MB ({before:.0f} MB with the names read)"
    )


if __name__ == "__main__":
    main()
