"""Claims: the same statement printed by several articles, found by near-duplicate matching.

Outlets copy each other with small edits (marks, `U.S.` for `US`, a dropped word) and one may
print as two quotations what another prints as one. So statements are compared as sets of
three-word shingles of their normalised words, and two statements of different articles are one
claim when the shingles of the shorter are mostly (`CONTAINMENT`) in the longer. Claims are the
connected groups of such pairs (a long quotation joins the two halves another outlet printed
apart). Speakers must agree: two statements whose known speakers differ are never one claim, and
neither are two groups with different known speakers.

Finding pairs uses an inverted index from shingle to statements; a shingle shared by more than
`MAX_POSTINGS` statements is boilerplate ("the United States and") and is not counted. The
candidates of a statement are found through its rarest shingles only (a prefix filter: a
statement that shares none of the first `kept - needed + 1` of them cannot share the `needed`),
then each candidate's shared shingles are counted: the same pairs as counting every pair, with
far less work. The statements, the index and the claims found are kept in an SQLite file, not
in memory: a corpus of millions of statements needs little more memory than one of thousands.

A statement shorter than `MIN_WORDS`, or the quoted fragment of mixed speech (`called that
argument "absurd"`), is too common to match across the corpus, but two articles that already
share a claim report one story: there, such a piece joins the one statement of the other article
whose words hold its words in order (with speakers that agree).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
import weakref
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
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
    """The speaker and normalised words the claim's IRI is minted from, and the first of its
    appearances (sorted) when another claim has the same speaker and words: one key a claim."""
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
    is a few integers a statement (its speaker, whether it is long enough to match, and its
    place in the claims' groups) and each distinct speaker once. Use it as a context manager,
    or `close` it."""

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
            "date TEXT, speaker TEXT, text TEXT, outlet TEXT, piece INTEGER, size INTEGER, "
            "words TEXT)"
        )
        self._db.execute("CREATE TABLE shingle (gram INTEGER, n INTEGER, size INTEGER)")
        """Each statement's shingles, with the statement's number of shingles."""
        self._speaker: array[int] = array("q")
        """-1: no known speaker."""
        self._long = bytearray()
        """1 for a statement long enough to match, 0 for a short one (not in the index)."""
        self._speakers: dict[str | None, int] = {None: -1}
        self._rows: list[tuple[object, ...]] = []
        self._grams: list[tuple[int, int, int]] = []

    def __enter__(self) -> Claims:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed()

    def __len__(self) -> int:
        return len(self._speaker)

    def add(self, appearance: Appearance) -> None:
        tokens = words(appearance.text)
        if not tokens:
            return
        number = len(self)
        speaker = self._speakers.setdefault(appearance.speaker, len(self._speakers) - 1)
        piece = len(tokens) < MIN_WORDS or bool(_QUOTED.search(appearance.text))
        grams = shingles(tokens) if len(tokens) >= MIN_WORDS else set()
        size = len(grams)
        self._speaker.append(speaker)
        self._long.append(1 if grams else 0)
        a = appearance
        self._rows.append(
            (
                number,
                a.quotation,
                a.article,
                a.date,
                a.speaker,
                a.text,
                a.outlet,
                piece,
                size,
                f" {' '.join(tokens)} ",
            )
        )
        self._grams.extend((_signed(gram), number, size) for gram in grams)
        if len(self._rows) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany(
            "INSERT INTO statement VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._rows
        )
        self._db.executemany("INSERT INTO shingle VALUES (?, ?, ?)", self._grams)
        self._rows, self._grams = [], []

    def claims(self, originals: Mapping[str, str] | None = None) -> list[Claim]:
        """Every statement printed by at least two articles, as one claim; sorted by key.
        With `originals` (a copy's article IRI -> its original's: `kg.resolve.duplicates`),
        the articles must be two that are not copies of one another."""
        return list(self.iter_claims(originals))

    def iter_claims(self, originals: Mapping[str, str] | None = None) -> Iterator[Claim]:
        """The claims of `claims`, in the same order, read one at a time from the file (they
        are sorted there): what a corpus of millions of statements writes out."""
        originals = originals or {}
        self._flush()
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

        self._groups(root, lambda i: True, "grp")
        speakers = {n: iri for iri, n in self._speakers.items()}
        self._table("claim (key TEXT, root INTEGER, text TEXT, speaker TEXT, appearances TEXT, "
                    "first TEXT)")  # fmt: skip
        rows = self._db.execute(
            "SELECT g.root, s.quotation, s.article, s.date, s.speaker, s.text, s.outlet "
            "FROM grp g JOIN statement s ON s.n = g.n ORDER BY g.root, g.n"
        )
        found: list[tuple[object, ...]] = []
        for first, group in itertools.groupby(rows, key=lambda row: row[0]):
            appearances = [Appearance(*row[1:]) for row in group]
            articles = {originals.get(a.article, a.article) for a in appearances}
            if len(articles) < 2 or _boilerplate(appearances, len(articles)):
                continue
            c = _claim(appearances, speakers[speaker[first]])
            found.append((c.key, first, c.text, c.speaker, "\n".join(c.appearances), c.first))
            if len(found) >= FLUSH:
                self._db.executemany("INSERT INTO claim VALUES (?, ?, ?, ?, ?, ?)", found)
                found = []
        self._db.executemany("INSERT INTO claim VALUES (?, ?, ?, ?, ?, ?)", found)
        ordered = self._db.execute(
            "SELECT key, text, speaker, appearances, first FROM claim ORDER BY key, root"
        )
        for key, alike in itertools.groupby(ordered, key=lambda row: row[0]):
            same = [Claim(k, text, who, tuple(held.split("\n")), earliest)
                    for k, text, who, held, earliest in alike]  # fmt: skip
            if len(same) == 1:
                yield same[0]
            else:  # the same words and speaker in stories that share no claim (short ones)
                apart = [replace(c, key=f"{key}\n{c.appearances[0]}") for c in same]
                yield from sorted(apart, key=lambda c: c.key)

    def _table(self, definition: str) -> None:
        """A table of what one `claims` finds, made again by each."""
        self._db.execute(f"DROP TABLE IF EXISTS {definition.split()[0]}")
        self._db.execute(f"CREATE TABLE {definition}")

    def _groups(self, root: Callable[[int], int], counted: Callable[[int], bool],
                table: str) -> None:  # fmt: skip
        """`table` (n, root): the `counted` statements whose group has two or more of them."""
        count = array("q", bytes(8 * len(self)))
        for i in range(len(self)):
            if counted(i):
                count[root(i)] += 1
        self._table(f"{table} (n INTEGER PRIMARY KEY, root INTEGER)")
        self._db.executemany(
            f"INSERT INTO {table} VALUES (?, ?)",
            ((i, r) for i in range(len(self)) if counted(i) and count[r := root(i)] > 1),
        )
        self._db.execute(f"CREATE INDEX {table}_root ON {table} (root, n)")

    def _fragments(
        self, root: Callable[[int], int], originals: Mapping[str, str]
    ) -> list[tuple[int, int]]:
        """Short statements and the one statement of an article of the same story (one that
        shares a claim with theirs) whose words hold theirs in order."""
        self._db.execute("CREATE INDEX IF NOT EXISTS statement_article ON statement (article, n)")
        self._groups(root, lambda i: self._long[i] == 1, "member")

        @functools.lru_cache(maxsize=STORY_CACHE)
        def story(article: str) -> list[str]:
            """The other articles of the story `article` tells, but not its copies."""
            rows = self._db.execute(
                "SELECT DISTINCT b.article FROM statement a JOIN member x ON x.n = a.n "
                "JOIN member y ON y.root = x.root JOIN statement b ON b.n = y.n "
                "WHERE a.article = ?",
                (article,),
            )
            mine = originals.get(article, article)
            return sorted(b for (b,) in rows if originals.get(b, b) != mine)

        @functools.lru_cache(maxsize=STORY_CACHE)
        def statements_of(article: str) -> list[tuple[int, str | None, str]]:
            """Each statement's number, speaker and words (spaced, a space at each end)."""
            rows = self._db.execute(
                "SELECT n, speaker, words FROM statement WHERE article = ? ORDER BY n", (article,)
            )
            return rows.fetchall()

        found = []
        pieces = self._db.execute(
            "SELECT n, article, speaker, text FROM statement WHERE piece ORDER BY n"
        )
        for i, article, speaker, text in pieces:
            wanted = [f" {' '.join(piece)} " for piece in _pieces(text)]
            for other in story(article) if wanted else ():
                candidates = [
                    (j, longer)
                    for j, theirs, longer in statements_of(other)
                    if _agree(speaker, theirs)
                ]
                for piece in wanted:  # a run of consecutive words of the longer statement
                    holding = [j for j, longer in candidates if piece in longer]
                    if len(holding) == 1:
                        found.append((i, holding[0]))
        return found

    def _pairs(self) -> Iterator[tuple[int, int]]:
        """Pairs of statements of different articles that are the same words, in order (by
        the first, then the second), found by SQLite on disk.

        For a pair, `S` is the statement with fewer shingles (the lower number of two with as
        many) and `needed` the shingles they must share. S's shingles that are not boilerplate,
        rarest first, and that another statement holds (`kept`): if none of the first
        `kept - needed + 1` is shared, at most `needed - 1` are. So S's candidates are the
        statements, with more shingles, that hold one of those first shingles (its prefix);
        the shared shingles of each candidate are then counted."""
        db = self._db
        db.create_function("needed", 1, _needed, deterministic=True)  # one rule for both
        db.execute("CREATE INDEX IF NOT EXISTS shingle_gram ON shingle (gram, size, n)")
        self._table("postings (gram INTEGER PRIMARY KEY, count INTEGER)")
        db.execute(
            "INSERT INTO postings SELECT gram, count(*) FROM shingle GROUP BY gram "
            "HAVING count(*) BETWEEN 2 AND ?",
            (MAX_POSTINGS,),
        )
        self._table("kept (n INTEGER, count INTEGER, gram INTEGER, size INTEGER)")
        """The shingles two statements may share: in another statement, and not boilerplate."""
        db.execute(
            "INSERT INTO kept SELECT s.n, p.count, s.gram, s.size FROM postings p "
            "CROSS JOIN shingle s ON s.gram = p.gram"
        )  # both in the shingles' order; then sorted by statement, each one's rarest first:
        db.execute("CREATE INDEX kept_n ON kept (n, count, gram, size)")
        self._table("prefix (n INTEGER, gram INTEGER, size INTEGER)")
        rows = db.execute("SELECT n, gram, size FROM kept ORDER BY n, count, gram")
        prefixes: list[tuple[int, int, int]] = []
        for _, held in itertools.groupby(rows, key=lambda row: row[0]):
            grams = list(held)
            prefixes.extend(grams[: len(grams) - _needed(grams[0][2]) + 1])
            if len(prefixes) >= FLUSH:
                db.executemany("INSERT INTO prefix VALUES (?, ?, ?)", prefixes)
                prefixes = []
        db.executemany("INSERT INTO prefix VALUES (?, ?, ?)", prefixes)
        self._table("candidate (i INTEGER, j INTEGER, PRIMARY KEY (i, j)) WITHOUT ROWID")
        db.execute(
            "INSERT OR IGNORE INTO candidate SELECT p.n, s.n FROM prefix p JOIN shingle s "
            "ON s.gram = p.gram AND (s.size > p.size OR (s.size = p.size AND s.n > p.n))"
        )
        pairs = db.execute(
            "SELECT min(c.i, c.j) AS x, max(c.i, c.j) AS y FROM candidate c "
            "JOIN statement a ON a.n = c.i JOIN statement b ON b.n = c.j "
            "WHERE a.article != b.article AND (SELECT count(*) FROM kept k "
            "JOIN kept l ON l.n = c.j AND l.count = k.count AND l.gram = k.gram WHERE k.n = c.i) "
            ">= needed(a.size) ORDER BY x, y"
        )
        yield from pairs


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


def _needed(size: int) -> int:
    """The shingles a statement of `size` shingles must share with a longer one."""
    return max(math.ceil(CONTAINMENT * size), MIN_SHARED)


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
