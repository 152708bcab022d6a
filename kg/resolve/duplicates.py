"""Near-duplicate articles: the same article republished (by a syndicating site, a wire copy, an
aggregator), found by the words of their texts, so that its statements are not taken for one
statement that several outlets printed.

Each text is a set of five-word shingles of its normalised words (`claims.words`), summarised by
a MinHash sketch of `SKETCH` values (one permutation hashing: a shingle's hash picks its bin and
its value, each bin keeps the smallest). Sketches are banded (`BANDS` bands of `SKETCH // BANDS`
values) so that only articles sharing a band are compared, and two articles are copies when
the sketches estimate the Jaccard similarity of their shingles at `NEAR_DUPLICATE` or more.
Copies are grouped (a copy of a copy is a copy); the original of a group is its earliest-dated
article (undated ones after, then by IRI).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable

from kg.resolve.claims import words

SHINGLE = 5
"""Words a shingle of an article's text holds."""
SKETCH = 64
"""Bins of an article's MinHash sketch."""
BANDS = 16
"""Bands the sketch is cut into to find candidates (four values each)."""
NEAR_DUPLICATE = 0.8
"""Estimated Jaccard similarity of two texts' shingles from which they are one article."""
MIN_SHINGLES = 20
"""A text with fewer shingles (a caption, a stub) is never called a copy."""
MAX_BUCKET = 100
"""A band value shared by more articles than this is boilerplate all of them print (a
newsletter box), not a sign that they are copies: it is not used to find candidates."""

_EMPTY = (1 << 64) - 1


def sketch(text: str) -> array[int] | None:
    """The MinHash sketch of a text (None when it is too short to compare)."""
    tokens = words(text)
    grams = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    if len(grams) < MIN_SHINGLES:
        return None
    bins = array("Q", [_EMPTY] * SKETCH)
    for gram in grams:
        value = int.from_bytes(
            hashlib.blake2b(gram.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        )
        slot = value % SKETCH
        if value < bins[slot]:
            bins[slot] = value
    return bins


def similarity(a: array[int], b: array[int]) -> float:
    """The estimated Jaccard similarity of two sketches' texts (bins empty in both aside)."""
    used = [(x, y) for x, y in zip(a, b, strict=True) if x != _EMPTY or y != _EMPTY]
    return sum(x == y for x, y in used) / len(used) if used else 0.0


class Copies:
    """Collects the articles' sketches (`add`), then groups the copies (`originals`)."""

    def __init__(self) -> None:
        self._sketches: dict[str, array[int]] = {}
        self._dates: dict[str, str | None] = {}
        self._bands: dict[tuple[int, bytes], list[str]] = defaultdict(list)

    def add(self, article: str, text: str, date: str | None = None) -> None:
        found = sketch(text)
        if found is None or article in self._sketches:
            return
        self._sketches[article] = found
        self._dates[article] = date
        rows = SKETCH // BANDS
        for band in range(BANDS):
            values = found[band * rows : (band + 1) * rows]
            if all(v == _EMPTY for v in values):
                continue
            self._bands[(band, values.tobytes())].append(article)

    def originals(self) -> dict[str, str]:
        """Each copy's original (the articles that are no one's copy are not keys)."""
        parent: dict[str, str] = {}

        def root(a: str) -> str:
            while parent.get(a, a) != a:
                a = parent[a]
            return a

        for a, b in sorted(self._pairs()):
            x, y = root(a), root(b)
            if x != y:
                first, then = sorted((x, y), key=self._order)
                parent[then] = first
        return {a: root(a) for a in sorted(parent)}

    def _pairs(self) -> Iterable[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        for members in self._bands.values():
            if len(members) > MAX_BUCKET:
                continue
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pair = (a, b) if a < b else (b, a)
                    if pair in seen:
                        continue
                    seen.add(pair)
                    if similarity(self._sketches[a], self._sketches[b]) >= NEAR_DUPLICATE:
                        yield pair

    def _order(self, article: str) -> tuple[int, str, str]:
        date = self._dates.get(article)
        return (0, date, article) if date else (1, "", article)
