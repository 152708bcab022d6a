"""The spaCy pipeline: loading it, the fixes kg adds to it, and parsing articles in batches.

Fixes (each measured on the seeds, see docs/model.md):
- Arabic-style hyphenated names (`As-Salem`, `al-Thawra`) stay one token, so that `Asaad As-Salem`
  can be one PERSON;
- a newline always starts a sentence, so a headline or dateline never runs into the body;
- unusual spaces (no-break, thin...) become plain spaces before parsing; they are one character
  each, so character offsets into the original text are unchanged.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import names
from kg.errors import ConfigurationError
from kg.facts import Article, EntityKind
from kg.gazetteer import Gazetteer
from kg.settings import DEFAULT_MODEL

_ODD_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000", " "))


@Language.component("kg_newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines and datelines carry no full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


RULER_POPULATION = 1_000_000
"""Cities the gazetteer ruler spots where the model saw no name: from this many people."""
_RULER_LABELS = {EntityKind.PERSON: "PERSON", EntityKind.ORGANIZATION: "ORG",
                 EntityKind.PLACE: "GPE"}  # fmt: skip


def load(name: str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or path, with kg's fixes added (and,
    given a gazetteer, an entity ruler after the model's NER that adds the gazetteer's names
    the model did not find; it never overrides the model's entities)."""
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as error:
        raise ConfigurationError(
            f"spaCy pipeline {name!r} is not installed (kg never downloads models): {error}"
        ) from None
    tokenizer: Any = nlp.tokenizer
    original = tokenizer.token_match
    pattern = f"^{names.PREFIXED_NAME}$"
    if original is not None:
        pattern = f"(?:{original.__self__.pattern})|(?:{pattern})"
    # A plain compiled pattern keeps the tokenizer serialisable (worker processes need it).
    tokenizer.token_match = re.compile(pattern).match
    where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe("kg_newline_sentences", **where)
    if gazetteer is not None:
        add_gazetteer(nlp, gazetteer)
    return nlp


def add_gazetteer(
    nlp: Language, gazetteer: Gazetteer, *, min_population: int = RULER_POPULATION
) -> None:
    """An EntityRuler of the gazetteer's names, exactly as written and in capitals (headlines),
    leaving out one-word names that are stop words (`Of`, a Turkish town)."""
    stop_words = nlp.Defaults.stop_words
    patterns: dict[tuple[str, str], None] = {}
    for kind, name in gazetteer.ruler_names(min_population=min_population):
        if " " not in name and name.casefold() in stop_words:
            continue
        for form in (name, name.upper()):
            patterns[(_RULER_LABELS[kind], form)] = None
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {"last": True}
    ruler: Any = nlp.add_pipe(
        "entity_ruler", name="kg_gazetteer", config={"overwrite_ents": False}, **where
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([{"label": label, "pattern": form} for label, form in patterns])


def describe(nlp: Language) -> str:
    """`en_core_web_sm 3.8.0`: the pipeline's own name and version, as its meta states them."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()


def prepare(text: str) -> str:
    """The text spaCy sees: same length as `text`, so offsets carry over unchanged."""
    return text.translate(_ODD_SPACES)


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
    workers: int = 1,
) -> Iterator[Parsed]:
    """Parse articles in batches, in input order.

    When a batch fails (any component raising on any of its docs), the pieces that were in it
    are parsed again one by one, and only an article that fails alone comes out with its error:
    no article is lost with its batch, and the run goes on.
    """
    source = (
        _Piece(article, offset, text, index == len(cut) - 1)
        for article in articles
        for cut in [pieces(article.text)]
        for index, (offset, text) in enumerate(cut)
    )
    in_flight: deque[_Piece] = deque()
    reading_error: list[BaseException] = []

    def feed() -> Iterator[tuple[str, _Piece]]:
        while True:
            try:
                piece = next(source)
            except StopIteration:
                return
            except BaseException as error:  # the reader's, not spaCy's: raised below
                reading_error.append(error)
                return
            in_flight.append(piece)
            yield prepare(piece.text), piece

    collect = _Collector()
    finished = False
    while not finished:
        try:
            stream = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=workers)
            for doc, piece in stream:
                in_flight.popleft()
                yield from collect(piece, doc, None)
            finished = True
        except Exception:
            while in_flight:
                piece = in_flight.popleft()
                try:
                    doc = nlp(prepare(piece.text))
                except Exception as error:
                    yield from collect(piece, None, f"language processing failed: {error}")
                else:
                    yield from collect(piece, doc, None)
    if reading_error:
        raise reading_error[0]


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
