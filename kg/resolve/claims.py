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

A statement shorter than `MIN_WORDS`, or the quoted fragment of mixed speech (`called that
argument "absurd"`), is too common to match across the corpus, but two articles that already
share a claim report one story: there, such a piece joins the one statement of the other article
whose words hold its words in order (with speakers that agree).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

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
    """Collects appearances (in a fixed order: the same input, the same claims)."""

    def __init__(self) -> None:
        self.appearances: list[Appearance] = []
        self.shingles: list[frozenset[int]] = []
        """Empty for a short statement: it is not in the index."""
        self.index: dict[int, list[int]] = {}
        self.by_article: dict[str, list[int]] = {}
        self.pieces: list[int] = []
        """Statements that are short or hold quoted words (mixed speech)."""

    def add(self, appearance: Appearance) -> None:
        tokens = words(appearance.text)
        if not tokens:
            return
        number = len(self.appearances)
        self.appearances.append(appearance)
        self.by_article.setdefault(appearance.article, []).append(number)
        if len(tokens) < MIN_WORDS or _QUOTED.search(appearance.text):
            self.pieces.append(number)
        if len(tokens) < MIN_WORDS:
            self.shingles.append(frozenset())
            return
        grams = frozenset(shingles(tokens))
        self.shingles.append(grams)
        for gram in grams:
            self.index.setdefault(gram, []).append(number)

    def claims(self, originals: Mapping[str, str] | None = None) -> list[Claim]:
        """Every statement printed by at least two articles, as one claim; sorted by key.
        With `originals` (a copy's article IRI -> its original's: `kg.resolve.duplicates`),
        the articles must be two that are not copies of one another."""
        originals = originals or {}
        parent = list(range(len(self.appearances)))
        speaker: list[str | None] = [a.speaker for a in self.appearances]

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(i: int, j: int) -> None:
            a, b = root(i), root(j)
            if a == b or (speaker[a] and speaker[b] and speaker[a] != speaker[b]):
                return
            low, high = min(a, b), max(a, b)
            parent[high] = low
            speaker[low] = speaker[low] or speaker[high]

        for i, j in self._pairs():
            join(i, j)
        for i, j in self._fragments(root, originals):
            join(i, j)

        groups: dict[int, list[int]] = {}
        for i in range(len(self.appearances)):
            groups.setdefault(root(i), []).append(i)
        found = []
        for members in groups.values():
            appearances = [self.appearances[i] for i in members]
            articles = {originals.get(a.article, a.article) for a in appearances}
            if len(articles) < 2 or _boilerplate(appearances, len(articles)):
                continue
            found.append(_claim(appearances, speaker[root(members[0])]))
        return sorted(found, key=lambda c: c.key)

    def _fragments(
        self, root: Callable[[int], int], originals: Mapping[str, str]
    ) -> list[tuple[int, int]]:
        """Short statements and the one statement of an article of the same story (one that
        shares a claim with theirs) whose words hold theirs in order."""
        story: dict[str, set[str]] = {}
        members: dict[int, set[str]] = {}
        for i, appearance in enumerate(self.appearances):
            if self.shingles[i]:
                members.setdefault(root(i), set()).add(appearance.article)
        for articles in members.values():
            for a in articles:
                story.setdefault(a, set()).update(
                    b for b in articles if originals.get(b, b) != originals.get(a, a)
                )
        found = []
        tokens: dict[int, list[str]] = {}  # each statement's words, once
        for i in self.pieces:
            appearance = self.appearances[i]
            for other in sorted(story.get(appearance.article, ())):
                candidates = [
                    (j, tokens.get(j) or tokens.setdefault(j, words(self.appearances[j].text)))
                    for j in self.by_article[other]
                    if _agree(appearance.speaker, self.appearances[j].speaker)
                ]
                for piece in _pieces(appearance.text):
                    holding = [j for j, longer in candidates if _holds(longer, piece)]
                    if len(holding) == 1:
                        found.append((i, holding[0]))
        return found

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
                if (
                    shared[j] >= max(CONTAINMENT * smaller, MIN_SHARED)
                    and self.appearances[j].article != article
                ):
                    yield i, j


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
