"""Statements: direct quotations, reported speech and their speakers, read from a parsed Doc.

A statement needs a speaker or a reporting verb: quoted words with neither (a headline in marks,
scare quotes, titles: `so-called 'moderate rebels'`) are not statements. docs/quotations.md
states every rule with an example; in short:

1. Quoted stretches come from `kg.marks`. One that is a label (after `so-called`, `dubbed`...),
   a short fragment with no verb, or a title is not a statement of its own. The others are
   attributed to a reporting verb (`kg.cues`) outside the marks, in the sentences the quotation
   starts and ends in or the one right after it: the verb whose clause holds the quotation
   first, then the nearest, never one that reports a clause of its own. With no verb there, a
   sentence right before the quotation that ends in `:` or `,` (`He stated,`) gives the verb.
   Quoted words with no attribution right after an attributed quotation go on with it.
2. Reported speech: a reporting verb with a clause (`X said (that) ...`), a parenthetical verb
   inside the clause it reports (`..., officials said, ...`), `according to X, ...`,
   `X quoted Y as saying ...` (the speaker is Y), and verbs that report a quoted fragment
   (`called it "a disaster"`). Quoted words inside the reported clause make it `mixed`.
3. The speaker's mention (`kg:sourceMention`) is the verb's subject, the agent of a passive, or
   Y of `quoted Y as saying`. It names the speaker when an entity's mention lies in it, or when
   it is the surname of one person of the article; a pronoun refers to the last person (or, for
   `it`/`they`, organisation) that was a subject in the sentences before, else the last
   speaker; `who` to the noun its clause belongs to; a description (`the spokesperson`) to the
   one person the article gives that title, else nobody. A place is never a speaker (the
   graph's speakers are people and organisations).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg import names
from kg.cues import CUES, FRAGMENT, SPEECH
from kg.facts import Entity, EntityKind, Mention, Phrase, QuoteKind, Statement
from kg.marks import Quoted, find_quoted

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSES = {"ccomp", "xcomp", "parataxis"}
_NOT_STATEMENT_BEFORE = frozenset(
    {"so-called", "called", "dubbed", "termed", "titled", "named", "entitled", "nicknamed",
     "branded", "labelled", "labeled", "as"}
)  # fmt: skip
"""A quoted stretch right after one of these is a name or a label, not a statement."""
_PERSONAL = {"he", "she", "him", "her"}
_COLLECTIVE = {"it", "they", "them"}
_RELATIVE = {"who", "which", "that", "whom"}
_MIN_WORDS_INDIRECT = 3
_PRONOUN_WINDOW = 3
"""How many sentences back a pronoun looks for the person it refers to."""


@dataclass(frozen=True)
class _Attribution:
    cue: Span | None
    lemma: str | None
    source: Span | None


@dataclass(frozen=True)
class _Reported:
    """Reported speech (offsets into the Doc's text)."""

    begin: int
    end: int
    words: str
    attribution: _Attribution


@dataclass(frozen=True)
class _Found:
    begin: int
    end: int
    kind: QuoteKind
    words: str
    attribution: _Attribution


def statements(
    doc: Doc, text: str, entities: Sequence[Entity], *, offset: int = 0
) -> list[Statement]:
    """The statements of a Doc of `text[offset:offset + len(doc.text)]`, in text order.

    `entities` are the article's (mention offsets into `text`); a statement's speaker is a
    mention of one of them, or None when the text does not say who it is."""
    return _Reader(doc, text, entities, offset).read()


class _Reader:
    def __init__(self, doc: Doc, text: str, entities: Sequence[Entity], offset: int) -> None:
        self.doc = doc
        self.doc_text = doc.text  # Doc.text is rebuilt from the tokens on every call
        self.text = text
        self.offset = offset
        self.entities = entities
        self.mentions = sorted(
            (m for e in entities for m in e.mentions
             if offset <= m.begin < offset + len(self.doc_text)),
            key=lambda m: (m.begin, m.end),
        )  # fmt: skip
        self.kind = {m: e.kind for e in entities for m in e.mentions}
        """A mention's entity's kind (a surname the model read as ORG is a person's)."""
        self.quoted = find_quoted(self.doc_text)
        self.in_quote = [False] * len(doc)
        for quoted in self.quoted:
            for token in self._tokens(quoted.begin, quoted.end):
                self.in_quote[token.i] = True
        self.speakers: list[tuple[int, Mention]] = []  # (char, speaker) in text order
        # Token.sent walks the Doc's sentences on every call: look them up once.
        self.sentences = list(doc.sents)
        self.sentence_of = [0] * len(doc)
        for number, sentence in enumerate(self.sentences):
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = number

    def _sent(self, token: Token) -> Span:
        return self.sentences[self.sentence_of[token.i]]

    # -- helpers ---------------------------------------------------------------------------
    def _tokens(self, begin: int, end: int) -> list[Token]:
        span = self.doc.char_span(begin, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _span_phrase(self, span: Span) -> Phrase:
        begin, end = span.start_char + self.offset, span.end_char + self.offset
        return Phrase(begin, end, self.text[begin:end])

    # -- the two passes --------------------------------------------------------------------
    def read(self) -> list[Statement]:
        direct = self._direct()
        found: list[_Found] = []
        covered: list[tuple[int, int]] = []
        for reported in self._reported():
            begin, end = reported.begin, reported.end
            if any(q.begin <= begin and end <= q.end for q in self.quoted):
                continue  # a clause inside a quotation: the quotation is the statement
            inside = [
                i for i, q in enumerate(self.quoted) if q.begin >= begin - 1 and q.end <= end + 1
            ]
            if inside and all(i in direct for i in inside):
                quoted_chars = sum(self.quoted[i].end - self.quoted[i].begin for i in inside)
                if end - begin - quoted_chars < 20:  # the clause is the quotation: direct
                    continue
            for i in inside:
                direct.pop(i, None)
            covered.append((begin, end))
            kind = QuoteKind.MIXED if inside else QuoteKind.INDIRECT
            found.append(_Found(begin, end, kind, reported.words, reported.attribution))
        for index, attribution in direct.items():
            quoted = self.quoted[index]
            if any(b <= quoted.begin and quoted.end <= e for b, e in covered):
                continue
            begin, end = _trim_quoted(self.doc_text, quoted)
            if end > begin:
                words = quoted.words(self.doc_text, begin, end)
                found.append(_Found(begin, end, QuoteKind.DIRECT, words, attribution))
        # One statement a stretch of text (two verbs may report the same clause).
        rank = {QuoteKind.DIRECT: 0, QuoteKind.MIXED: 1, QuoteKind.INDIRECT: 2}
        found.sort(key=lambda f: (f.begin, f.end, rank[f.kind]))
        unique = {(f.begin, f.end): f for f in reversed(found)}  # the first of each stretch
        return [self._statement(unique[key]) for key in sorted(unique)]

    def _direct(self) -> dict[int, _Attribution]:
        """The attribution of each quoted stretch that is a statement, by its index."""
        attributed: dict[int, _Attribution] = {}
        previous: _Attribution | None = None
        previous_end = -1
        for index, quoted in enumerate(self.quoted):
            attribution = self._attribute(quoted)
            if attribution is None and previous and self._continues(previous_end, quoted):
                attribution = previous  # the same statement: the same speaker and cue
            if attribution is None:
                previous = None
                continue
            attributed[index] = attribution
            previous, previous_end = attribution, quoted.end + (1 if quoted.closed else 0)
        return attributed

    def _statement(self, found: _Found) -> Statement:
        attribution = found.attribution
        speaker = self._speaker(attribution.source) if attribution.source else None
        if speaker is not None:
            self.speakers.append((found.begin, speaker))
        return Statement(
            begin=found.begin + self.offset,
            end=found.end + self.offset,
            text=found.words,
            kind=found.kind,
            cue=attribution.lemma,
            cue_phrase=self._span_phrase(attribution.cue) if attribution.cue else None,
            source=self._span_phrase(attribution.source) if attribution.source else None,
            speaker=speaker,
        )

    def _continues(self, previous_end: int, quoted: Quoted) -> bool:
        """Quoted words with no attribution of their own go on with the statement before
        them when only white space, or the rest of that statement's paragraph, lies between:
        `"...," Canova said. "..."`."""
        between = self.doc_text[previous_end : quoted.begin - 1]
        if previous_end < 0 or _word_count(self.doc_text[quoted.begin : quoted.end]) < 4:
            return False
        return not between.strip() or ("\n" not in between and _word_count(between) <= 40)

    # -- direct quotations -----------------------------------------------------------------
    def _attribute(self, quoted: Quoted) -> _Attribution | None:
        inside = self._tokens(quoted.begin, quoted.end)
        if not inside or not _is_clause(inside) or _is_title(inside):
            return None  # a name, a title, scare quotes: at most a fragment of reported speech
        before = self.doc_text[max(0, quoted.begin - 40) : quoted.begin - 1].lower().split()
        if before and before[-1] in _NOT_STATEMENT_BEFORE:
            return None
        first, last = inside[0], inside[-1]
        first_sentence, last_sentence = self._sent(first), self._sent(last)
        sentences = {first_sentence.start: first_sentence, last_sentence.start: last_sentence}
        after = last_sentence.end
        if after < len(self.doc) and "\n" not in self.doc_text[quoted.end : self.doc[after].idx]:
            # `"Why's he attacking me?" Trump said.`: the model may end the sentence at the mark
            sentences[after] = self._sent(self.doc[after])
        frame = [
            t for s in sentences.values() for t in s
            if not self.in_quote[t.i] and not (quoted.begin <= t.idx < quoted.end)
        ]  # fmt: skip
        inside_ids = {t.i for t in inside}
        cue = self._cue_for(frame, inside_ids, quoted)
        if cue is None:
            cue = self._cue_before(quoted)
        if cue is None:
            return None
        verb, cue_span, lemma = cue
        source = self._source(verb)
        if lemma == "quote":  # "quoted Zakharova as saying": Zakharova's cue is "saying"
            for token in verb.doc[verb.i + 1 : verb.i + 5]:
                said = _cue_lemma(token)
                if said is not None and said != "quote" and said in SPEECH:
                    cue_span, lemma = _cue_span(token), said
                    break
        if source is None and lemma not in SPEECH and not _has_clause_in(verb, inside_ids):
            return None
        return _Attribution(cue_span, lemma, source)

    def _cue_for(
        self, frame: list[Token], inside: set[int], quoted: Quoted
    ) -> tuple[Token, Span, str] | None:
        candidates = [
            t for t in frame
            if _cue_lemma(t) is not None
            and (_has_clause_in(t, inside) or not _reports_other(t, inside))
        ]  # fmt: skip
        if not candidates:
            return None

        def rank(token: Token) -> tuple[int, int]:
            holds = _has_clause_in(token, inside)
            distance = min(abs(token.idx - quoted.begin), abs(token.idx - quoted.end))
            return (0 if holds else 1, distance)

        verb = min(candidates, key=rank)
        lemma = _cue_lemma(verb)
        assert lemma is not None
        return verb, _cue_span(verb), lemma

    def _cue_before(self, quoted: Quoted) -> tuple[Token, Span, str] | None:
        """`He stated,` / `... in the following way:` right before the opening mark."""
        head = self.doc_text[: quoted.begin - 1].rstrip()
        if not head.endswith((":", ",")):
            return None
        tokens = self._tokens(len(head) - 1, len(head))
        if not tokens:
            return None
        sentence = self._sent(tokens[0])
        candidates = [t for t in sentence if _cue_lemma(t) is not None and not self.in_quote[t.i]]
        if not candidates:
            return None
        verb = candidates[-1]
        lemma = _cue_lemma(verb)
        assert lemma is not None
        return verb, _cue_span(verb), lemma

    # -- reported speech -------------------------------------------------------------------
    def _reported(self) -> Iterable[_Reported]:
        """Each reported clause, in text order."""
        for token in self.doc:
            if self.in_quote[token.i]:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                yield from self._according(token)
                continue
            if token.pos_ == "VERB" and token.lemma_.lower() in FRAGMENT:
                fragment = self._fragment(token)
                if fragment is not None:
                    yield fragment
                    continue
            lemma = _cue_lemma(token)
            if lemma is None or token.pos_ not in {"VERB", "AUX"}:
                continue
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            source = self._source(token)
            if source is None:
                continue
            if clause is None:
                # "Whatever progress he made, officials said, could be undone": the verb sits
                # inside the clause it reports.
                if token.dep_ in {"parataxis", "ccomp"} and token.head.pos_ in {"VERB", "AUX"}:
                    yield from self._around(token, lemma, source)
                continue
            span = _clause_span(clause)
            if span is None or _word_count(span.text) < _MIN_WORDS_INDIRECT:
                continue
            yield self._reported_at(span.start_char, span.end_char, lemma, _cue_span(token), source)

    def _fragment(self, verb: Token) -> _Reported | None:
        """`called inversions "unpatriotic"`: what follows the verb, when it holds quoted words
        and no clause of its own."""
        if any(c.dep_ == "ccomp" for c in verb.children):
            return None
        source = self._source(verb)
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
        inner = [q for q in self.quoted if q.double and start <= self._token_at(q.begin) < end]
        if not inner:
            return None
        span = _trim_span(self.doc[start:end])
        if span is None or _word_count(span.text) < 2:
            return None
        return self._reported_at(
            span.start_char, span.end_char, verb.lemma_.lower(), _cue_span(verb), source
        )

    def _reported_at(self, begin: int, end: int, lemma: str, cue: Span, source: Span) -> _Reported:
        return _Reported(begin, end, self.doc_text[begin:end], _Attribution(cue, lemma, source))

    def _token_at(self, char: int) -> int:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else -1

    def _around(self, token: Token, lemma: str, source: Span) -> Iterable[_Reported]:
        """The clause around a parenthetical `officials said`, and its words without it."""
        aside = {t.i for t in token.subtree}
        rest = [t for t in token.head.subtree if t.i not in aside and not self.in_quote[t.i]]
        while rest and (rest[0].is_punct or rest[0].is_space):
            rest.pop(0)
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest.pop()
        if not rest:
            return
        begin, end = rest[0].idx, rest[-1].idx + len(rest[-1])
        if _word_count(self.doc_text[begin:end]) < _MIN_WORDS_INDIRECT:
            return
        first, last = min(aside), max(aside)
        text = self.doc_text
        words = text[begin:end]
        if begin < self.doc[first].idx and self.doc[last].idx < end:
            before = text[begin : self.doc[first].idx].rstrip(" ,\u2014\u2013-")
            after = text[self.doc[last].idx + len(self.doc[last]) : end].lstrip(" ,\u2014\u2013-")
            words = f"{before} {after}"
        yield _Reported(begin, end, words, _Attribution(_cue_span(token), lemma, source))

    def _according(self, token: Token) -> Iterable[_Reported]:
        to = self.doc[token.i + 1]
        if to.lower_ != "to":
            return
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return
        source = _noun_phrase(objects[0])
        phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
        sentence = self._sent(token)
        rest = [t for t in sentence if t.i not in phrase and not t.is_punct and not t.is_space]
        if not rest:
            return
        begin, end = rest[0].idx, rest[-1].idx + len(rest[-1])
        end = _through_final_punct(self.doc_text, end, sentence.end_char)
        if _word_count(self.doc_text[begin:end]) < _MIN_WORDS_INDIRECT:
            return
        yield self._reported_at(begin, end, "according to", self.doc[token.i : to.i + 1], source)

    # -- speakers --------------------------------------------------------------------------
    def _source(self, verb: Token) -> Span | None:
        if verb.lemma_ == "quote":  # "Russia Today quoted Zakharova as saying"
            quoted_person = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if quoted_person is not None:
                return _noun_phrase(quoted_person)
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                return _noun_phrase(child)
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return _noun_phrase(objects[0])
        # "..., adding that", "denounced her record and said that", "X said A but added B":
        # the subject of the nearest reporting verb up the chain, else of the nearest verb.
        chain: list[Token] = []
        head = verb
        for _ in range(4):
            if head.head is head or not (
                head.dep_ in {"advcl", "xcomp", "conj", "pcomp", "prep"}
                or (chain and head.dep_ == "ccomp")
            ):
                break
            head = head.head
            chain.append(head)
        for head in chain:
            if head.lemma_ == "quote":  # "quoted Zakharova as saying"
                return self._source(head)
        with_subject = [
            (h, c) for h in chain for c in h.children if c.dep_ in {"nsubj", "nsubjpass"}
        ]
        for head, subject in with_subject:
            if _cue_lemma(head) is not None:
                return _noun_phrase(subject)
        return _noun_phrase(with_subject[0][1]) if with_subject else None

    def _speaker(self, source: Span) -> Mention | None:
        begin, end = source.start_char + self.offset, source.end_char + self.offset
        inside = [m for m in self.mentions if m.begin < end and begin < m.end]
        speakers = [m for m in inside if self.kind[m] is not EntityKind.PLACE]
        if inside:
            at = source.root.idx + self.offset
            covering = [m for m in speakers if m.begin <= at < m.end]
            chosen = covering or speakers
            return chosen[-1] if chosen else None
        root = source.root
        word = root.lower_
        if word in _PERSONAL and len(source) == 1:
            return self._antecedent(source, EntityKind.PERSON)
        if word in _COLLECTIVE and len(source) == 1:
            return self._antecedent(source, EntityKind.ORGANIZATION)
        if word in _RELATIVE and len(source) == 1:
            noun = root.head.head if root.head.dep_ == "relcl" else None
            if noun is not None:
                return self._speaker(_noun_phrase(noun))
            return None
        if root.pos_ == "PROPN" or root.text[:1].isupper():
            return self._named(source)
        if root.pos_ == "NOUN":
            return self._described(root)
        return None

    def _named(self, source: Span) -> Mention | None:
        """A name the model did not tag here (`As-Salem`) that is the surname (or the whole
        name) of exactly one person or organisation of the article."""
        wanted = [names.word_key(w) for w in names.words(source.text)]
        if not wanted or not wanted[-1]:
            return None
        found = []
        for entity in self.entities:
            if entity.kind is EntityKind.PLACE:
                continue
            keys = [names.word_key(w) for w in names.words(entity.name)]
            if keys == wanted or (
                entity.kind is EntityKind.PERSON and keys[-1:] == wanted[-1:]
                and set(wanted) <= set(keys)
            ):  # fmt: skip
                found.append(entity)
        people = [e for e in found if e.kind is EntityKind.PERSON]
        chosen = people or found
        return chosen[0].mentions[0] if len(chosen) == 1 else None

    def _antecedent(self, pronoun: Span, kind: EntityKind) -> Mention | None:
        """The last `kind` mention that is a subject within the last sentences, outside
        quotations; else the last speaker of that kind; else None."""
        first_sentence = self._sent(pronoun.root)
        for _ in range(_PRONOUN_WINDOW):
            if first_sentence.start == 0:
                break
            first_sentence = self._sent(self.doc[first_sentence.start - 1])
        window = (first_sentence.start_char + self.offset, pronoun.start_char + self.offset)
        candidates = [
            m for m in self.mentions
            if window[0] <= m.begin and m.end <= window[1] and self.kind[m] is kind
            and self._is_subject(m)
        ]  # fmt: skip
        if candidates:
            return candidates[-1]
        earlier = [s for _, s in self.speakers if self.kind[s] is kind]
        return earlier[-1] if earlier else None

    def _is_subject(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.begin - self.offset, mention.end - self.offset,
                                  alignment_mode="expand")  # fmt: skip
        if span is None or self.in_quote[span.root.i]:
            return False
        root = span.root
        while root.dep_ in {"compound", "appos", "conj"} and root.head is not root:
            root = root.head
        return root.dep_ in {"nsubj", "nsubjpass"}

    def _described(self, noun: Token) -> Mention | None:
        """The one person the article gives this title (`spokesperson Maria Zakharova`,
        `Salem, a former officer`), or the one organisation whose name ends with it."""
        lemma = noun.lemma_.lower()
        people: dict[str, Mention] = {}
        organisations: dict[str, Mention] = {}
        for mention in self.mentions:
            if self.kind[mention] is EntityKind.ORGANIZATION:
                if mention.text.lower().rstrip("s").endswith(lemma):
                    organisations.setdefault(mention.text.lower(), mention)
                continue
            if self.kind[mention] is not EntityKind.PERSON:
                continue
            span = self.doc.char_span(mention.begin - self.offset, mention.end - self.offset,
                                      alignment_mode="expand")  # fmt: skip
            if span is None:
                continue
            titles = {
                t.lemma_.lower()
                for t in span.root.children
                if t.dep_ in {"compound", "appos", "amod"}
                and t.i not in range(span.start, span.end)
            }
            titles |= {t.lemma_.lower() for t in self.doc[max(span.start - 3, 0) : span.start]
                       if t.pos_ == "NOUN"}  # fmt: skip
            if span.root.dep_ == "appos":
                titles.add(span.root.head.lemma_.lower())
            if lemma in titles:
                people.setdefault(_person_key(mention), mention)
        if len(people) == 1:
            return next(iter(people.values()))
        if not people and len(organisations) == 1:
            return next(iter(organisations.values()))
        return None


def _person_key(mention: Mention) -> str:
    return mention.text.split()[-1].lower() if mention.text.split() else mention.text


def _cue_lemma(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"} and not (token.pos_ == "NOUN" and lemma in {"say"}):
        return None
    if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return "point out"
    return lemma if lemma in CUES else None


def _reports_other(verb: Token, inside: set[int]) -> bool:
    """Whether the verb has a clause of its own outside the quoted words (`Reid said both
    ... are` is not the cue of the quotation before it)."""
    return any(
        c.dep_ == "ccomp" and not any(t.i in inside for t in c.subtree) for c in verb.children
    )


def _is_clause(inside: Sequence[Token]) -> bool:
    """Quoted words that say something: a verb, or six words or more."""
    words = [t for t in inside if not t.is_punct and not t.is_space]
    return len(words) >= 6 or any(t.pos_ in {"VERB", "AUX"} for t in words)


def _is_title(inside: Sequence[Token]) -> bool:
    """`Doomed to Succeed`, `Game of Thrones`: every longer word capitalised, no full stop."""
    words = [t for t in inside if t.is_alpha]
    longer = [t for t in words if len(t) > 3]
    return (
        len(words) >= 2
        and bool(longer)
        and all(t.text[0].isupper() for t in longer)
        and words[0].text[0].isupper()
        and not any(t.text in {".", "?", "!"} for t in inside)
    )


def _cue_span(verb: Token) -> Span:
    doc = verb.doc
    end = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return doc[verb.i : end]


def _has_clause_in(verb: Token, inside: set[int]) -> bool:
    return any(c.i in inside for c in verb.children if c.dep_ in _CLAUSES | {"dobj", "advcl"}) or (
        verb.head.i in inside and verb.dep_ in {"parataxis", "ccomp", "advcl", "conj"}
    )


def _noun_phrase(token: Token) -> Span:
    """The noun phrase headed by `token`, without relative clauses, appositions and commas."""
    doc = token.doc
    start, end = token.i, token.i + 1
    for child in token.children:
        if child.dep_ in {"relcl", "appos", "acl", "punct", "cc", "conj", "prep", "advmod"}:
            continue
        left, right = child.left_edge.i, child.right_edge.i + 1
        if child.i < token.i:
            start = min(start, left)
        else:
            end = max(end, right)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _trim_span(span: Span) -> Span | None:
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ";", ":", "-"}):
        end -= 1
    end = _through_closing_mark(doc, start, end)
    return doc[start:end] if end > start else None


def _clause_span(clause: Token) -> Span | None:
    """The reported clause, without a following `but added, ...` (a statement of its own)."""
    doc = clause.doc
    tokens = [t for t in clause.subtree]
    start, end = tokens[0].i, tokens[-1].i + 1
    for child in clause.children:
        if child.dep_ in {"conj", "advcl"} and child.i > clause.i and _cue_lemma(child) is not None:
            cut = child.left_edge.i
            while cut > clause.i + 1 and doc[cut - 1].dep_ in {"cc", "punct"}:
                cut -= 1
            end = min(end, cut)
    if doc[start].dep_ == "mark" and doc[start].lower_ in {"that", "whether", "if"}:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in {".", "?", "!"} and end - 1 > start:
            break
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = _through_closing_mark(doc, start, end)
    return doc[start:end] if end > start else None


def _through_closing_mark(doc: Doc, start: int, end: int) -> int:
    """Where a span that opens a quoted fragment and ends before its closing mark should end."""
    if _opens_quote(doc[start:end].text):
        for after in range(end, min(end + 2, len(doc))):
            if doc[after].text in _CLOSING:
                return after + 1
            if not doc[after].is_punct:
                break
    return end


_CLOSING = {'"', "\u201d", "''", "\u2019", "'"}


def _opens_quote(text: str) -> bool:
    return (text.count('"') % 2 == 1) or text.count("\u201c") > text.count("\u201d")


def _through_final_punct(text: str, end: int, limit: int) -> int:
    rest = text[end:limit]
    stripped = rest.rstrip()
    if stripped[-1:] in {".", "?", "!"} and not stripped[:-1].strip():
        return end + len(stripped)
    return end


def _trim_quoted(text: str, quoted: Quoted) -> tuple[int, int]:
    """The quoted words without surrounding white space and a trailing comma."""
    begin, end = quoted.begin, quoted.end
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return begin, end


def _word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))
