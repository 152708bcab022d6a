"""What the statement rules look up in one Doc, computed once: its text, quoted stretches,
which tokens are quoted, sentences, and the article's mentions within it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.quotes.marks import find_quoted
from kg.facts import Entity, Phrase, QuoteKind


@dataclass(frozen=True)
class Attribution:
    """Who says it and with which verb, as spans of the Doc."""

    cue: Span | None
    lemma: str | None
    source: Span | None


@dataclass(frozen=True)
class Reported:
    """Words attributed to a source (offsets into the Doc's text)."""

    begin: int
    end: int
    words: str
    attribution: Attribution


@dataclass(frozen=True)
class Found:
    """A statement before its speaker is resolved (offsets into the Doc's text)."""

    begin: int
    end: int
    kind: QuoteKind
    words: str
    attribution: Attribution


class DocIndex:
    """One Doc of `text[offset:]` with the article's `entities` (and its `headline`, which
    may not be in `text`), looked up once."""

    def __init__(
        self, doc: Doc, text: str, entities: Sequence[Entity], offset: int, headline: str = ""
    ) -> None:
        self.doc = doc
        self.headline = headline
        self.doc_text = doc.text  # Doc.text is rebuilt from the tokens on every call
        self.text = text
        self.offset = offset
        self.entities = entities
        self.mentions = sorted(
            (m for e in entities for m in e.mentions
             if offset <= m.begin < offset + len(self.doc_text)),
            key=lambda m: (m.begin, m.end),
        )  # fmt: skip
        self.entity_of = {m: e for e in entities for m in e.mentions}
        self.kind = {m: e.kind for e in entities for m in e.mentions}
        """A mention's entity's kind (a surname the model read as ORG is a person's)."""
        self.quoted = find_quoted(self.doc_text)
        self.in_quote = [False] * len(doc)
        for quoted in self.quoted:
            for token in self.tokens(quoted.begin, quoted.end):
                self.in_quote[token.i] = True
        # Token.sent walks the Doc's sentences on every call: look them up once.
        self.sentences = list(doc.sents)
        self.sentence_of = [0] * len(doc)
        for number, sentence in enumerate(self.sentences):
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = number

    def sent(self, token: Token) -> Span:
        return self.sentences[self.sentence_of[token.i]]

    def tokens(self, begin: int, end: int) -> list[Token]:
        """The tokens over characters [begin, end) of the Doc's text."""
        span = self.doc.char_span(begin, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def token_at(self, char: int) -> int:
        """The index of the token over a character of the Doc's text, or -1."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else -1

    def span_of(self, begin: int, end: int) -> Span | None:
        """The tokens over an article's characters [begin, end) (a mention's offsets)."""
        return self.doc.char_span(begin - self.offset, end - self.offset, alignment_mode="expand")

    def phrase(self, span: Span) -> Phrase:
        """A span of the Doc as a Phrase of the article."""
        begin, end = span.start_char + self.offset, span.end_char + self.offset
        return Phrase(begin, end, self.text[begin:end])
