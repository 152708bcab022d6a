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
candidates, so the work grows with the number of statements, not with its square. The
statements and the index are kept in an SQLite file, not in memory: a corpus of millions of
statements needs little more memory than one of thousands.

A statement shorter than `MIN_WORDS`, or the quoted fragment of mixed speech (`called that
argument "absurd"`), is too common to match across the corpus, but two articles that already
share a claim report one story: there, such a piece joins the one statement of the other article
whose words hold its words in order (with speakers that agree).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import tempfile
import unicodedata
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO

SHINGLE = 3
"""Words a shingle holds."""
MIN_WORDS = 6
"""Statements shorter than this ("We will see.") are too common to say two outlets copied."""
CONTAINMENT = 0.6
"""Share of the shorter statement's shingles the longer must hold."""
MIN_SHARED = 4
"""Shingles two statements must share at least, whatever their length: `why he didn't want to
be identified` and `Obama looked like he didn't want to be there` share three."""
MIN_PIECE_WORDS = 3
"""Words a short statement needs to join a longer one of the same story (`the sanctions` says
nothing of whose words it is); a quoted fragment needs none (`called that argument "absurd"`)."""
MAX_POSTINGS = 500
"""A shingle shared by more statements than this is boilerplate, not used to find pairs."""
ONE_OUTLET = 3
"""A statement that one outlet, and only it, prints in this many articles or more is its web
page's furniture (a strip of related headlines), not a claim."""
BOILERPLATE = re.compile(
    r"\s[|\u2022]\s|\bsign up (?:for|to|today|now|here)\b|\bsubscribe (?:now|today|to our)\b"
    r"|\b(?:our|daily|free) newsletters?\b|\byour email\b|\bemail address\b"
    r"|\bprivacy policy\b|\bterms of (?:service|use)\b|\ball rights reserved\b|\u00a9",
    re.IGNORECASE,
)
"""What web-page furniture reads like: headlines strung with `|`, a sign-up box, a copyright."""

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
    outlet: str | None = None
    """The article's publisher (its entity's IRI), when known."""


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
    """Collects appearances (in a fixed order: the same input, the same claims), then finds the
    claims among them (`claims`, once).

    What it collects is kept in an SQLite file (in `directory`, or the system's temporary
    folder; deleted by `close`), so memory stays flat as statements grow: what stays in memory
    is four integers a statement (its article, its speaker, its number of shingles, and its
    place in the claims' groups) and each distinct article and speaker once. Use it as a
    context manager, or `close` it."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by `close`)
            prefix="claims-", suffix=".sqlite", dir=directory
        )
        self._db = sqlite3.connect(self._file.name)
        self._closed = weakref.finalize(self, _close, self._db, self._file)
        """Closed and deleted by `close`, or when the collection is garbage-collected."""
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE",
                       f"cache_size=-{CACHE_KB}"):  # fmt: skip
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(
            "CREATE TABLE statement (n INTEGER PRIMARY KEY, quotation TEXT, article TEXT, "
            "date TEXT, speaker TEXT, text TEXT, outlet TEXT, piece INTEGER)"
        )
        self._db.execute("CREATE TABLE shingle (gram INTEGER, n INTEGER)")
        self._article: array[int] = array("q")
        self._speaker: array[int] = array("q")
        """-1: no known speaker."""
        self._size: array[int] = array("q")
        """Shingles of each statement; 0 for a short statement, which is not in the index."""
        self._articles: dict[str, int] = {}
        self._speakers: dict[str | None, int] = {None: -1}
        self._rows: list[tuple[object, ...]] = []
        self._grams: list[tuple[int, int]] = []

    def __enter__(self) -> Claims:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed()

    def __len__(self) -> int:
        return len(self._article)

    def add(self, appearance: Appearance) -> None:
        tokens = words(appearance.text)
        if not tokens:
            return
        number = len(self._article)
        article = self._articles.setdefault(appearance.article, len(self._articles))
        speaker = self._speakers.setdefault(appearance.speaker, len(self._speakers) - 1)
        piece = len(tokens) < MIN_WORDS or bool(_QUOTED.search(appearance.text))
        grams = shingles(tokens) if len(tokens) >= MIN_WORDS else set()
        self._article.append(article)
        self._speaker.append(speaker)
        self._size.append(len(grams))
        a = appearance
        self._rows.append(
            (number, a.quotation, a.article, a.date, a.speaker, a.text, a.outlet, piece)
        )
        self._grams.extend((_signed(gram), number) for gram in grams)
        if len(self._rows) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO statement VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._rows)
        self._db.executemany("INSERT INTO shingle VALUES (?, ?)", self._grams)
        self._rows, self._grams = [], []

    def claims(self, originals: Mapping[str, str] | None = None) -> list[Claim]:
        """Every statement printed by at least two articles, as one claim; sorted by key.
        With `originals` (a copy's article IRI -> its original's: `kg.resolve.duplicates`),
        the articles must be two that are not copies of one another."""
        originals = originals or {}
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS shingle_gram ON shingle (gram, n)")
        self._db.execute("CREATE INDEX IF NOT EXISTS statement_article ON statement (article, n)")
        parent = array("q", range(len(self)))
        speaker = array("q", self._speaker)

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(i: int, j: int) -> None:
            a, b = root(i), root(j)
            if a == b or (speaker[a] >= 0 and speaker[b] >= 0 and speaker[a] != speaker[b]):
                return
            low, high = min(a, b), max(a, b)
            parent[high] = low
            if speaker[low] < 0:
                speaker[low] = speaker[high]

        for i, j in self._pairs():
            join(i, j)
        for i, j in self._fragments(root, originals):
            join(i, j)

        sizes: Counter[int] = Counter(root(i) for i in range(len(self)))
        groups: dict[int, list[int]] = {}
        for i in range(len(self)):
            if sizes[root(i)] > 1:  # one statement alone is in one article: no claim
                groups.setdefault(root(i), []).append(i)
        speakers = {n: iri for iri, n in self._speakers.items()}
        found = []
        for first, members in groups.items():
            appearances = self._appearances(members)
            articles = {originals.get(a.article, a.article) for a in appearances}
            if len(articles) < 2 or _boilerplate(appearances, len(articles)):
                continue
            found.append(_claim(appearances, speakers[speaker[first]]))
        return sorted(found, key=lambda c: c.key)

    def _appearances(self, numbers: list[int]) -> list[Appearance]:
        rows = self._db.execute(
            "SELECT quotation, article, date, speaker, text, outlet FROM statement "
            f"WHERE n IN ({','.join(map(str, numbers))}) ORDER BY n"
        )
        return [Appearance(q, a, d, s, t, o) for q, a, d, s, t, o in rows]

    def _fragments(
        self, root: Callable[[int], int], originals: Mapping[str, str]
    ) -> list[tuple[int, int]]:
        """Short statements and the one statement of an article of the same story (one that
        shares a claim with theirs) whose words hold theirs in order."""
        iris = list(self._articles)
        sizes: Counter[int] = Counter(root(i) for i in range(len(self)) if self._size[i])
        members: dict[int, set[str]] = {}
        for i in range(len(self)):
            if self._size[i] and sizes[root(i)] > 1:
                members.setdefault(root(i), set()).add(iris[self._article[i]])
        story: dict[str, set[str]] = {}
        for articles in members.values():
            for a in articles:
                story.setdefault(a, set()).update(
                    b for b in articles if originals.get(b, b) != originals.get(a, a)
                )
        found = []

        @functools.lru_cache(maxsize=STORY_CACHE)
        def statements_of(article: str) -> list[tuple[int, str | None, list[str]]]:
            rows = self._db.execute(
                "SELECT n, speaker, text FROM statement WHERE article = ? ORDER BY n", (article,)
            )
            return [(j, speaker, words(text)) for j, speaker, text in rows]

        pieces = self._db.execute(
            "SELECT n, article, speaker, text FROM statement WHERE piece ORDER BY n"
        )
        for i, article, speaker, text in pieces:
            if article not in story:
                continue
            for other in sorted(story[article]):
                candidates = [
                    (j, longer)
                    for j, theirs, longer in statements_of(other)
                    if _agree(speaker, theirs)
                ]
                for piece in _pieces(text):
                    holding = [j for j, longer in candidates if _holds(longer, piece)]
                    if len(holding) == 1:
                        found.append((i, holding[0]))
        return found

    def _pairs(self) -> Iterator[tuple[int, int]]:
        """Pairs of statements of different articles that are the same words, in order (by
        the first, then the second): the pairs sharing shingles, counted by SQLite on disk."""
        shared = self._db.execute(
            "SELECT a.n, b.n, count(*) FROM shingle a JOIN shingle b "
            "ON b.gram = a.gram AND b.n > a.n "
            "WHERE a.gram NOT IN (SELECT gram FROM shingle GROUP BY gram HAVING count(*) > ?) "
            "GROUP BY a.n, b.n HAVING count(*) >= ? ORDER BY a.n, b.n",
            (MAX_POSTINGS, MIN_SHARED),
        )
        size, article = self._size, self._article
        for i, j, count in shared:
            smaller = min(size[i], size[j])
            if count >= max(CONTAINMENT * smaller, MIN_SHARED) and article[i] != article[j]:
                yield i, j


FLUSH = 10_000
"""Statements collected in memory before they are written to the SQLite file."""
STORY_CACHE = 1024
"""Articles whose statements' words `_fragments` keeps at hand (the articles of one story come
together)."""
CACHE_KB = 65_536
"""SQLite's page cache for the claims' file (64 MB): what finding pairs may hold in memory."""


def _close(db: sqlite3.Connection, file: IO[bytes]) -> None:
    db.close()
    file.close()


def _signed(gram: int) -> int:
    """A 64-bit shingle hash as SQLite's signed INTEGER."""
    return gram - (1 << 64) if gram >= 1 << 63 else gram


_QUOTED = re.compile(r"[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e]+)[\"\u201c\u201d\u201e]")
"""Words in quotation marks inside a statement: the quoted fragment of mixed speech."""


def _pieces(text: str) -> list[list[str]]:
    """What of a statement must be found whole in another: a short statement itself, and
    each quoted fragment of a mixed one."""
    tokens = words(text)
    found = [tokens] if MIN_PIECE_WORDS <= len(tokens) < MIN_WORDS else []
    found.extend(w for m in _QUOTED.finditer(text) if (w := words(m.group(1))))
    return found


def _boilerplate(appearances: list[Appearance], articles: int) -> bool:
    """Web-page furniture: it reads like it, or one outlet alone prints it again and again."""
    if any(BOILERPLATE.search(a.text) for a in appearances):
        return True
    outlets = {a.outlet for a in appearances}
    return len(outlets) == 1 and None not in outlets and articles >= ONE_OUTLET


def _holds(longer: list[str], short: list[str]) -> bool:
    """Whether `short` is a run of consecutive words of `longer`."""
    n = len(short)
    return any(longer[k : k + n] == short for k in range(len(longer) - n + 1))


def _agree(a: str | None, b: str | None) -> bool:
    return not (a and b and a != b)


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
