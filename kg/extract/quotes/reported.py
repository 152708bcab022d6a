"""Reported speech: a reporting verb with a clause (`X said (that) ...`), a parenthetical verb
inside the clause it reports (`..., officials said, ...`), `according to X, ...`, `X quoted Y as
saying ...` (the speaker is Y), and verbs that report a quoted fragment (`called it "a
disaster"`). Which of these hold quoted words (`mixed`) is for `kg.extract.quotes` to decide.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.quotes.grammar import (
    clause_span,
    cue_lemma,
    cue_span,
    noun_phrase,
    through_final_punct,
    trim_span,
    word_count,
)
from kg.extract.quotes.index import Attribution, DocIndex, Reported
from kg.extract.quotes.speakers import source_of
from kg.lexicon import FRAGMENT, OBJECT_SPEECH, PROMISES, SPEECH

MIN_WORDS = 3
"""Words a reported clause needs (`he said so` reports nothing)."""
AT_TIME = frozenset(("time",))
"""`said at the time`: the noun of a time phrase the parse may hang the reported clause on."""
LIGHT_VERBS = frozenset(("make", "issue", "repeat", "renew"))
"""Verbs with which a noun of promising is made: `made the vow to`, `issued a threat to`."""
STATED = SPEECH | OBJECT_SPEECH | {"indicate"}
"""Reported speech is reported with these verbs (`a study indicated that`); verbs of thinking
(`believe`, `expect`) report a thought, not a statement."""
MIN_OBJECT_WORDS = 2
"""Words what a verb of saying takes instead of a clause needs (`denied any involvement`)."""
_OBJECTS = frozenset(("dobj", "xcomp", "prep", "dative"))
_OBJECT_PREPOSITIONS = frozenset(("on", "for", "of", "against", "to"))
MIN_FRAGMENT_WORDS = 2
"""Words a reported fragment needs (`called it "a disaster"`)."""


class ReportedSpeech:
    """The reported clauses of one Doc."""

    def __init__(self, index: DocIndex) -> None:
        self.index = index

    def clauses(self) -> Iterator[Reported]:
        """Each reported clause, in text order."""
        for token in self.index.doc:
            if self.index.in_quote[token.i]:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.index.doc):
                yield from self._according(token)
                continue
            if token.pos_ == "VERB" and token.lemma_.lower() in FRAGMENT:
                fragment = self._fragment(token)
                if fragment is not None:
                    yield fragment
                    continue
            if token.lemma_.lower() in LIGHT_VERBS:
                promised = self._promise(token)
                if promised is not None:
                    yield promised
                    continue
            lemma = cue_lemma(token)
            if lemma is None or token.pos_ not in {"VERB", "AUX"} or lemma not in STATED:
                continue  # `Experts believe ...`: a thought, not a statement
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            clause = clause or _after_time(token)
            source = source_of(token)
            if source is None:
                continue
            if clause is None:
                # "Whatever progress he made, officials said, could be undone": the verb sits
                # inside the clause it reports.
                if (
                    token.dep_ in {"parataxis", "ccomp"}
                    and token.head.pos_ in {"VERB", "AUX"}
                    and cue_lemma(token.head) is None  # `The teen said he was questioned`
                ):
                    yield from self._around(token, lemma, source)
                elif lemma in OBJECT_SPEECH or token.lemma_.lower() in OBJECT_SPEECH:
                    said = self._object(token, source)
                    if said is not None:
                        yield said
                continue
            span = clause_span(clause)
            if span is None or word_count(span.text) < MIN_WORDS:
                continue
            yield self._reported_at(span.start_char, span.end_char, lemma, cue_span(token), source)

    def _fragment(self, verb: Token) -> Reported | None:
        """`called inversions "unpatriotic"`: what follows the verb, when it holds quoted words
        and no clause of its own."""
        if any(c.dep_ == "ccomp" for c in verb.children):
            return None
        source = source_of(verb)
        if source is None:
            return None
        parts = [
            c for c in verb.children
            if c.i > verb.i and c.dep_ in {"dobj", "oprd", "prep", "xcomp", "attr", "dative",
                                           "acomp", "npadvmod", "advcl"}
        ]  # fmt: skip
        if not parts:
            return None
        start = min(p.left_edge.i for p in parts)
        end = max(p.right_edge.i for p in parts) + 1
        index = self.index
        inner = [q for q in index.quoted if q.double and start <= index.token_at(q.begin) < end]
        if not inner:
            return None
        span = trim_span(self.index.doc[start:end])
        if span is None or word_count(span.text) < MIN_FRAGMENT_WORDS:
            return None
        return self._reported_at(
            span.start_char, span.end_char, verb.lemma_.lower(), cue_span(verb), source
        )

    def _promise(self, verb: Token) -> Reported | None:
        """`Pyongyang made the highly improbable vow to nuke the United States`: a vow, pledge or
        promise made (the nouns `PROMISES` shares with its verbs), and the infinitive that says
        what (the verb's or the noun's)."""
        nouns = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in PROMISES]
        if not nouns:
            return None
        source = source_of(verb)
        infinitives = [
            c for c in [*verb.children, *nouns[0].children]
            if c.dep_ in {"advcl", "xcomp", "acl"} and c.i > nouns[0].i
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]  # fmt: skip
        if source is None or not infinitives:
            return None
        said = infinitives[0]
        span = trim_span(self.index.doc[said.left_edge.i : said.right_edge.i + 1])
        if span is None or word_count(span.text) < MIN_OBJECT_WORDS:
            return None
        cue = self.index.doc[nouns[0].i : nouns[0].i + 1]
        return self._reported_at(
            span.start_char, span.end_char, nouns[0].lemma_.lower(), cue, source
        )

    def _object(self, verb: Token, source: Span) -> Reported | None:
        """What a verb of saying takes instead of a clause: `denied any involvement`, `vowed to
        respond in kind`, `urged Congress to act`, `called on the authorities to release her`,
        `accused Trump of undermining the rule of law`."""
        parts = [c for c in verb.children if c.i > verb.i and c.dep_ in _OBJECTS]
        if verb.lemma_.lower() == "call" and not any(  # `called on X to`; not `called X`
            c.dep_ == "prep" and c.lower_ in {"on", "for"} for c in parts
        ):
            return None
        parts = [c for c in parts if c.dep_ != "prep" or c.lower_ in _OBJECT_PREPOSITIONS]
        if not parts:
            return None
        if verb.lemma_.lower() in PROMISES and not any(c.dep_ == "xcomp" for c in parts):
            return None
        start = min(p.left_edge.i for p in parts)
        end = max(p.right_edge.i for p in parts) + 1
        if any(self.index.in_quote[t.i] for t in self.index.doc[start:end]):
            return None  # quoted words: `kg.extract.quotes.direct` or a fragment
        span = trim_span(self.index.doc[start:end])
        if span is None or word_count(span.text) < MIN_OBJECT_WORDS:
            return None
        if all(t.pos_ in {"PRON", "PROPN", "DET", "PUNCT"} for t in span):
            return None  # `warned reporters`, `told Trump`: whom, not what
        return self._reported_at(
            span.start_char, span.end_char, verb.lemma_.lower(), cue_span(verb), source
        )

    def _reported_at(self, begin: int, end: int, lemma: str, cue: Span, source: Span) -> Reported:
        words = self.index.doc_text[begin:end]
        return Reported(begin, end, words, Attribution(cue, lemma, source))

    def _around(self, token: Token, lemma: str, source: Span) -> Iterator[Reported]:
        """The clause around a parenthetical `officials said`, and its words without it."""
        aside = {t.i for t in token.subtree}
        in_quote = self.index.in_quote
        rest = [t for t in token.head.subtree if t.i not in aside and not in_quote[t.i]]
        while rest and (rest[0].is_punct or rest[0].is_space):
            rest.pop(0)
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest.pop()
        if not rest:
            return
        begin, end = rest[0].idx, rest[-1].idx + len(rest[-1])
        if word_count(self.index.doc_text[begin:end]) < MIN_WORDS:
            return
        first, last = min(aside), max(aside)
        text = self.index.doc_text
        words = text[begin:end]
        if begin < self.index.doc[first].idx and self.index.doc[last].idx < end:
            before = text[begin : self.index.doc[first].idx].rstrip(" ,\u2014\u2013-")
            after = text[self.index.doc[last].idx + len(self.index.doc[last]) : end].lstrip(
                " ,\u2014\u2013-"
            )
            words = f"{before} {after}"
        yield Reported(begin, end, words, Attribution(cue_span(token), lemma, source))

    def _according(self, token: Token) -> Iterator[Reported]:
        to = self.index.doc[token.i + 1]
        if to.lower_ != "to":
            return
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return
        source = noun_phrase(objects[0])
        phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
        sentence = self.index.sent(token)
        rest = [t for t in sentence if t.i not in phrase and not t.is_punct and not t.is_space]
        if not rest:
            return
        begin, end = rest[0].idx, rest[-1].idx + len(rest[-1])
        end = through_final_punct(self.index.doc_text, end, sentence.end_char)
        if word_count(self.index.doc_text[begin:end]) < MIN_WORDS:
            return
        yield self._reported_at(
            begin, end, "according to", self.index.doc[token.i : to.i + 1], source
        )


def _after_time(verb: Token) -> Token | None:
    """`Brown said at the time she was forced ...`: the clause the parse hung on `time` as a
    relative clause is what was said."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "at":
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in AT_TIME:
                return next((c for c in noun.children if c.dep_ == "relcl"), None)
    return None
