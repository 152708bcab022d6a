"""Parsing articles in batches: the text spaCy sees, long articles cut into pieces, and a
failed batch parsed again one by one.

Unusual spaces (no-break, thin...) become plain spaces before parsing; the headlines a web page
links to a person's name become spaces, to be parsed apart, and so does the heading of a linked
headline (`kg.nlp.furniture`). Each keeps the text's length, so character offsets into the
original text are unchanged.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.facts import Article
from kg.nlp.furniture import blank_headings, blank_link_strips, link_strips

_ODD_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000", " "))


def prepare(text: str) -> str:
    """The text spaCy sees: same length as `text`, so offsets carry over unchanged."""
    return blank_link_strips(blank_headings(text.translate(_ODD_SPACES)))


MAX_PIECE = 100_000
"""Longest text handed to spaCy at once (characters). A longer article is parsed in pieces cut
at paragraph, line or word boundaries, so a 20 MB article costs memory like a 100 kB one."""


def pieces(text: str, *, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """`text` cut into pieces of at most `limit` characters, each with its offset."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        # The last paragraph break in the window's second half, else line break, else space.
        end = start + limit
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at > limit // 2:
                end = start + at + len(separator)
                break
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


@dataclass(frozen=True)
class Parsed:
    """One article after spaCy: its Doc(s), or why it could not be parsed."""

    article: Article
    docs: tuple[tuple[int, Doc], ...] = ()
    """(offset of the piece in the article's text, its Doc), in order."""
    error: str | None = None


@dataclass(frozen=True)
class _Piece:
    article: Article
    offset: int
    text: str
    last: bool


def parse(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 32,
) -> Iterator[Parsed]:
    """Parse articles in batches, in input order, in this process (`kg.pipeline` runs it in
    worker processes, whole articles each).

    When a batch fails (any component raising on any of its docs), the pieces that were in it
    are parsed again one by one, and only an article that fails alone comes out with its error:
    no article is lost with its batch, and the run goes on. An article longer than one piece
    (`MAX_PIECE`) is parsed on its own, a piece at a time, so that memory stays that of one
    piece: in a batch, its pieces would be parsed together.
    """
    remaining = iter(articles)
    in_flight: deque[_Piece] = deque()
    reading_error: list[BaseException] = []
    alone: list[list[_Piece]] = []  # the long article that ended the last stream

    def feed() -> Iterator[tuple[str, _Piece]]:
        while not alone:
            try:
                article = next(remaining)
            except StopIteration:
                return
            except BaseException as error:  # the reader's, not spaCy's: raised below
                reading_error.append(error)
                return
            cut = pieces(article.text)
            parts = _parts(article, cut)
            if len(cut) > 1:
                alone.append(parts)
                return
            for part in parts:
                in_flight.append(part)
                yield prepare(part.text), part

    collect = _Collector()
    while True:
        finished = False
        while not finished:
            try:
                stream = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size)
                for doc, piece in stream:
                    in_flight.popleft()
                    yield from collect(piece, doc, None)
                finished = True
            except Exception:
                while in_flight:
                    yield from _one_by_one(nlp, in_flight.popleft(), collect)
                finished = bool(alone)
        if not alone:
            break
        for piece in alone.pop():
            yield from _one_by_one(nlp, piece, collect)
    if reading_error:
        raise reading_error[0]


def _parts(article: Article, cut: list[tuple[int, str]]) -> list[_Piece]:
    """What is parsed of an article: each piece, then the headlines of its link strips."""
    parts: list[_Piece] = []
    for offset, text in cut:
        parts.append(_Piece(article, offset, text, False))
        for strip in link_strips(text.translate(_ODD_SPACES)):
            begin, end = strip.headlines
            parts.append(_Piece(article, offset + begin, text[begin:end], False))
    parts[-1] = _Piece(article, parts[-1].offset, parts[-1].text, True)
    return parts


def _one_by_one(nlp: Language, piece: _Piece, collect: _Collector) -> Iterator[Parsed]:
    try:
        doc = nlp(prepare(piece.text))
    except Exception as error:
        yield from collect(piece, None, f"language processing failed: {error}")
    else:
        yield from collect(piece, doc, None)


@dataclass
class _Collector:
    """Gathers the pieces of each article into one Parsed."""

    docs: list[tuple[int, Doc]] = field(default_factory=list)
    error: str | None = None

    def __call__(self, piece: _Piece, doc: Doc | None, error: str | None) -> Iterator[Parsed]:
        if doc is not None:
            self.docs.append((piece.offset, doc))
        self.error = self.error or error
        if piece.last:
            docs = () if self.error else tuple(self.docs)
            yield Parsed(piece.article, docs, self.error)
            self.docs, self.error = [], None
