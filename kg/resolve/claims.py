"""Claims: the same statement printed by several articles, found by near-duplicate matching.

Outlets copy each other with small edits (marks, `U.S.` for `US`, a dropped word) and one may
print as two quotations what another prints as one. So statements are compared as sets of
three-word shingles of their normalised words, and two statements of different articles are one
claim when the shingles of the shorter are mostly (`CONTAINMENT`) in the longer. Claims are the
connected groups of such pairs (a long quotation joins the two halves another outlet printed
apart). Speakers must agree: two statements whose known speakers differ are never one claim, and
neither are two groups with different known speakers.

Finding pairs uses an inverted index from shingle to statements; a shingle shared by more than
`MAX_POSTINGS` statements is boilerplate ("the United States and") and is not used to find
candidates, so the work grows with the number of statements, not with its square.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

SHINGLE = 3
"""Words a shingle holds."""
MIN_WORDS = 6
"""Statements shorter than this ("We will see.") are too common to say two outlets copied."""
CONTAINMENT = 0.6
"""Share of the shorter statement's shingles the longer must hold."""
MAX_POSTINGS = 500
"""A shingle shared by more statements than this is boilerplate, not used to find pairs."""

_ABBREVIATION = re.compile(r"(?<![\w.])(\w(?:\.\w)+)\.?")
"""Single letters joined by dots: `U.S.`, `U.S`, `e.g.`."""
_NOT_WORD = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Appearance:
    """One statement as one article prints it, with what claims need of it."""

    quotation: str
    """The Quotation's IRI."""
    article: str
    date: str | None
    """The article's ISO date or date-time, when known."""
    speaker: str | None
    """The speaker entity's IRI, when known."""
    text: str


@dataclass(frozen=True)
class Claim:
    key: str
    """The speaker and normalised words the claim's IRI is minted from."""
    text: str
    speaker: str | None
    appearances: tuple[str, ...]
    """Quotation IRIs, sorted."""
    first: str | None
    """The earliest appearance, when the dates tell one."""


def words(text: str) -> list[str]:
    """Normalised words: case, marks, punctuation and the dots of `U.S.` do not count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), text)
    return _NOT_WORD.sub(" ", text.replace("'", "")).split()


def shingles(tokens: list[str]) -> set[int]:
    """Hashes of the word n-grams (stable across runs and machines)."""
    grams = (" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))
    return {
        int.from_bytes(hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=8).digest())
        for g in grams
    }


class Claims:
    """Collects appearances (in a fixed order: the same input, the same claims)."""

    def __init__(self) -> None:
        self.appearances: list[Appearance] = []
        self.shingles: list[frozenset[int]] = []
        self.index: dict[int, list[int]] = {}

    def add(self, appearance: Appearance) -> None:
        tokens = words(appearance.text)
        if len(tokens) < MIN_WORDS:
            return
        number = len(self.appearances)
        grams = frozenset(shingles(tokens))
        self.appearances.append(appearance)
        self.shingles.append(grams)
        for gram in grams:
            self.index.setdefault(gram, []).append(number)

    def claims(self) -> list[Claim]:
        """Every statement printed by at least two articles, as one claim; sorted by key."""
        parent = list(range(len(self.appearances)))
        speaker: list[str | None] = [a.speaker for a in self.appearances]

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in self._pairs():
            a, b = root(i), root(j)
            if a == b or (speaker[a] and speaker[b] and speaker[a] != speaker[b]):
                continue
            low, high = min(a, b), max(a, b)
            parent[high] = low
            speaker[low] = speaker[low] or speaker[high]

        groups: dict[int, list[int]] = {}
        for i in range(len(self.appearances)):
            groups.setdefault(root(i), []).append(i)
        found = []
        for members in groups.values():
            appearances = [self.appearances[i] for i in members]
            if len({a.article for a in appearances}) < 2:
                continue
            found.append(_claim(appearances, speaker[root(members[0])]))
        return sorted(found, key=lambda c: c.key)

    def _pairs(self) -> Iterable[tuple[int, int]]:
        """Pairs of statements of different articles that are the same words, in order."""
        for i, grams in enumerate(self.shingles):
            shared: dict[int, int] = {}
            for gram in grams:
                postings = self.index[gram]
                if len(postings) > MAX_POSTINGS or postings[-1] <= i:
                    continue
                # Postings are in insertion order: only the statements after this one.
                for j in postings[bisect_right(postings, i) :]:
                    shared[j] = shared.get(j, 0) + 1
            article = self.appearances[i].article
            for j in sorted(shared):
                smaller = min(len(grams), len(self.shingles[j]))
                if shared[j] >= CONTAINMENT * smaller and self.appearances[j].article != article:
                    yield i, j


def _claim(appearances: list[Appearance], speaker: str | None) -> Claim:
    longest = max(appearances, key=lambda a: (len(words(a.text)), len(a.text), a.quotation))
    key = f"{speaker or ''}\n{' '.join(words(longest.text))}"
    return Claim(
        key=key,
        text=longest.text,
        speaker=speaker,
        appearances=tuple(sorted(a.quotation for a in appearances)),
        first=_first(appearances),
    )


def _first(appearances: list[Appearance]) -> str | None:
    """The earliest appearance, when every article's date is known and they tell one: not when
    an undated article may have been first, nor for a tie (the same day, a time missing)."""
    dated = [(_instant(a.date), a.quotation) for a in appearances]
    if any(when is None for when, _ in dated):
        return None
    known = [(when, q) for when, q in dated if when is not None]
    earliest_day = min(day for (day, _), _ in known)
    candidates = [(moment, q) for (day, moment), q in known if day == earliest_day]
    if len(candidates) == 1:
        return candidates[0][1]
    moments = sorted((m, q) for m, q in candidates if m is not None)
    if len(moments) < len(candidates) or moments[0][0] == moments[1][0]:
        return None
    return moments[0][1]


def _instant(iso: str | None) -> tuple[date, datetime | None] | None:
    if not iso:
        return None
    try:
        if "T" in iso:
            moment = datetime.fromisoformat(iso)
            if moment.tzinfo is None:
                return moment.date(), None
            moment = moment.astimezone(UTC)
            return moment.date(), moment
        return date.fromisoformat(iso), None
    except ValueError:
        return None
