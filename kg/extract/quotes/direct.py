"""Direct quotations: which quoted stretches are statements, and with which cue and source.

A quoted stretch that is a label (after `so-called`, `dubbed`...), a short fragment with no
verb, or a title is not a statement of its own. The others are attributed to a reporting verb
(`kg.lexicon.CUES`) outside the marks, in the sentences the quotation starts and ends in or the
one right after it: the verb whose clause holds the quotation first, then the nearest, never one
that reports a clause of its own. With no verb there, a sentence right before the quotation that
ends in `:` or `,` (`He stated,`) gives the verb. Quoted words with no attribution right after
an attributed quotation go on with it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.quotes.grammar import (
    cue_lemma,
    cue_span,
    has_clause_in,
    is_clause,
    is_title,
    noun_phrase,
    reports_other,
    word_count,
)
from kg.extract.quotes.index import Attribution, DocIndex
from kg.extract.quotes.marks import Quoted
from kg.extract.quotes.speakers import source_of
from kg.lexicon import NOT_STATEMENT_BEFORE, SPEECH, STATEMENT_NOUNS

_SIGNATURE = re.compile(r"[ \t]*[\u2014\u2015\u2013][ \t]*")
"""A dash after a closing mark, before the name that signs the quotation."""
LABEL_LOOKBACK = 40
"""Characters before an opening mark searched for a labelling word (`so-called`)."""
QUOTED_AS_WINDOW = 4
"""Tokens after `quoted X as` searched for the verb of saying."""
MIN_CONTINUING_WORDS = 4
"""Words an unattributed quotation needs to go on with the statement before it."""
MAX_WORDS_BETWEEN = 40
"""Words that may lie between a statement and the quotation that goes on with it, in one
paragraph."""


class DirectQuotes:
    """The direct quotations of one Doc."""

    def __init__(self, index: DocIndex) -> None:
        self.index = index

    def attributions(self) -> dict[int, Attribution]:
        """The attribution of each quoted stretch that is a statement, by its index."""
        attributed: dict[int, Attribution] = {}
        previous: Attribution | None = None
        previous_end = -1
        for index, quoted in enumerate(self.index.quoted):
            attribution = self._attribute(quoted)
            if attribution is None and previous and self._continues(previous_end, quoted):
                attribution = previous  # the same statement: the same speaker and cue
            if attribution is None:
                previous = None
                continue
            attributed[index] = attribution
            previous, previous_end = attribution, quoted.end + (1 if quoted.closed else 0)
        return attributed

    def _continues(self, previous_end: int, quoted: Quoted) -> bool:
        """Quoted words with no attribution of their own go on with the statement before
        them when only white space, or the rest of that statement's paragraph, lies between:
        `"...," Canova said. "..."`."""
        between = self.index.doc_text[previous_end : quoted.begin - 1]
        if previous_end < 0 or word_count(self.index.doc_text[quoted.begin : quoted.end]) < (
            MIN_CONTINUING_WORDS
        ):
            return False
        return not between.strip() or (
            "\n" not in between and word_count(between) <= MAX_WORDS_BETWEEN
        )

    def _attribute(self, quoted: Quoted) -> Attribution | None:
        inside = self.index.tokens(quoted.begin, quoted.end)
        if not inside or not is_clause(inside) or is_title(inside):
            return None  # a name, a title, scare quotes: at most a fragment of reported speech
        text = self.index.doc_text
        before = text[max(0, quoted.begin - LABEL_LOOKBACK) : quoted.begin - 1].lower().split()
        if before and before[-1] in NOT_STATEMENT_BEFORE:
            return None
        first, last = inside[0], inside[-1]
        first_sentence, last_sentence = self.index.sent(first), self.index.sent(last)
        sentences = {first_sentence.start: first_sentence, last_sentence.start: last_sentence}
        after = last_sentence.end
        doc = self.index.doc
        if after < len(doc) and "\n" not in text[quoted.end : doc[after].idx]:
            # `"Why's he attacking me?" Trump said.`: the model may end the sentence at the mark
            sentences[after] = self.index.sent(doc[after])
        frame = [
            t for s in sentences.values() for t in s
            if not self.index.in_quote[t.i] and not (quoted.begin <= t.idx < quoted.end)
        ]  # fmt: skip
        inside_ids = {t.i for t in inside}
        cue = self._cue_for(frame, inside_ids, quoted)
        if cue is None:
            cue = self._cue_before(quoted)
        if cue is None:
            source = self._signed(quoted) or self._voice_before(quoted)
            return Attribution(None, None, source) if source is not None else None
        verb, cue_words, lemma = cue
        source = source_of(verb)
        if lemma == "quote":  # "quoted Zakharova as saying": Zakharova's cue is "saying"
            for token in verb.doc[verb.i + 1 : verb.i + 1 + QUOTED_AS_WINDOW]:
                said = cue_lemma(token)
                if said is not None and said != "quote" and said in SPEECH:
                    cue_words, lemma = cue_span(token), said
                    break
        if source is None and lemma not in SPEECH and not has_clause_in(verb, inside_ids):
            return None
        return Attribution(cue_words, lemma, source)

    def _cue_for(
        self, frame: list[Token], inside: set[int], quoted: Quoted
    ) -> tuple[Token, Span, str] | None:
        candidates = [
            t for t in frame
            if cue_lemma(t) is not None
            and (has_clause_in(t, inside) or not reports_other(t, inside))
        ]  # fmt: skip
        if not candidates:
            return None

        def rank(token: Token) -> tuple[int, int]:
            holds = has_clause_in(token, inside)
            distance = min(abs(token.idx - quoted.begin), abs(token.idx - quoted.end))
            return (0 if holds else 1, distance)

        verb = min(candidates, key=rank)
        lemma = cue_lemma(verb)
        assert lemma is not None
        return verb, cue_span(verb), lemma

    def _signed(self, quoted: Quoted) -> Span | None:
        """`"..." — Jolynna Sinanan, The Conversation`: a closed quotation signed with a dash
        and a name (two words or more, capitalised), no verb."""
        if not quoted.closed:
            return None
        text = self.index.doc_text
        dash = _SIGNATURE.match(text, quoted.end + 1)
        if dash is None:
            return None
        tokens = self.index.tokens(dash.end(), dash.end() + 1)
        if not tokens:
            return None
        doc, start = self.index.doc, tokens[0].i
        end = start
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
        ends = end == len(doc) or doc[end].is_space or doc[end].text == ","
        return doc[start:end] if end - start >= 2 and ends else None

    def _voice_before(self, quoted: Quoted) -> Span | None:
        """`Not far behind came a statement from Speaker Nancy Pelosi:`: a sentence ending in a
        colon right before the opening mark, with no verb of saying, that names a statement
        (a message, a tweet) and whose it is (`from X`, `by X`, `X's`)."""
        sentence = self._sentence_before(quoted, (":",))
        if sentence is None:
            return None
        for token in sentence:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in STATEMENT_NOUNS:
                continue
            for child in token.children:
                if child.dep_ == "poss":
                    return noun_phrase(child)
                if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return noun_phrase(objects[0])
        return None

    def _sentence_before(self, quoted: Quoted, ends: tuple[str, ...]) -> Span | None:
        """The sentence right before the opening mark, when it ends with one of `ends`."""
        head = self.index.doc_text[: quoted.begin - 1].rstrip()
        if not head.endswith(ends):
            return None
        tokens = self.index.tokens(len(head) - 1, len(head))
        return self.index.sent(tokens[0]) if tokens else None

    def _cue_before(self, quoted: Quoted) -> tuple[Token, Span, str] | None:
        """`He stated,` / `... in the following way:` right before the opening mark."""
        sentence = self._sentence_before(quoted, (":", ","))
        if sentence is None:
            return None
        in_quote = self.index.in_quote
        candidates = [t for t in sentence if cue_lemma(t) is not None and not in_quote[t.i]]
        if not candidates:
            return None
        verb = candidates[-1]
        lemma = cue_lemma(verb)
        assert lemma is not None
        return verb, cue_span(verb), lemma
