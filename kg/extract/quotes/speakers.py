"""Speakers: who a statement's source names. The source is a mention of an entity, the surname
of one person of the article (`As-Salem`), a pronoun (the last person, or organisation, that was
a subject in the sentences before, else the last speaker), `who` (the noun its clause belongs
to), or a description (`the spokesperson`: the one person the article gives that title). A place
is never a speaker: the graph's speakers are people and organisations."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.quotes.grammar import cue_lemma, noun_phrase
from kg.extract.quotes.index import DocIndex
from kg.facts import EntityKind, Mention
from kg.lexicon import COLLECTIVE_PRONOUNS, PERSONAL_PRONOUNS, RELATIVE_PRONOUNS
from kg.resolve import names

PRONOUN_WINDOW = 3
"""How many sentences back a pronoun looks for the person it refers to."""
VERB_CHAIN = 4
"""How many heads up a verb with no subject looks for one (`..., adding that`)."""
TITLE_WINDOW = 3
"""Tokens before a person's name searched for the title a description names."""
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))


def source_of(verb: Token) -> Span | None:
    """Where the text names who speaks through `verb`: its subject, the agent of a passive,
    Y of `quoted Y as saying`, or the subject up a chain of verbs (`..., adding that`)."""
    if verb.lemma_ == "quote":  # "Russia Today quoted Zakharova as saying"
        quoted_person = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if quoted_person is not None:
            return noun_phrase(quoted_person)
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return noun_phrase(child)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    # "..., adding that", "denounced her record and said that", "X said A but added B":
    # the subject of the nearest reporting verb up the chain, else of the nearest verb.
    chain: list[Token] = []
    head = verb
    for _ in range(VERB_CHAIN):
        if head.head is head or not (
            head.dep_ in {"advcl", "xcomp", "conj", "pcomp", "prep"}
            or (chain and head.dep_ == "ccomp")
        ):
            break
        head = head.head
        chain.append(head)
    for head in chain:
        if head.lemma_ == "quote":  # "quoted Zakharova as saying"
            return source_of(head)
    with_subject = [(h, c) for h in chain for c in h.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for head, subject in with_subject:
        if cue_lemma(head) is not None:
            return noun_phrase(subject)
    return noun_phrase(with_subject[0][1]) if with_subject else None


class Speakers:
    """Resolves sources to speakers in text order, remembering each statement's speaker (a
    pronoun with no subject before it refers to the last speaker)."""

    def __init__(self, index: DocIndex) -> None:
        self.index = index
        self.said: list[tuple[int, Mention]] = []  # (char, speaker) in text order

    def remember(self, begin: int, speaker: Mention) -> None:
        self.said.append((begin, speaker))

    def speaker(self, source: Span) -> Mention | None:
        """The entity mention a source names, or None when the text does not say who."""
        begin, end = source.start_char + self.index.offset, source.end_char + self.index.offset
        inside = [m for m in self.index.mentions if m.begin < end and begin < m.end]
        speakers = [m for m in inside if self.index.kind[m] is not EntityKind.PLACE]
        if inside:
            at = source.root.idx + self.index.offset
            covering = [m for m in speakers if m.begin <= at < m.end]
            chosen = covering or speakers
            return chosen[-1] if chosen else None
        root = source.root
        word = root.lower_
        if word in PERSONAL_PRONOUNS and len(source) == 1:
            return self._antecedent(source, EntityKind.PERSON)
        if word in COLLECTIVE_PRONOUNS and len(source) == 1:
            return self._antecedent(source, EntityKind.ORGANIZATION)
        if word in RELATIVE_PRONOUNS and len(source) == 1:
            noun = root.head.head if root.head.dep_ == "relcl" else None
            if noun is not None:
                return self.speaker(noun_phrase(noun))
            return None
        if root.pos_ == "PROPN" or root.text[:1].isupper():
            return self._named(source)
        if root.pos_ == "NOUN":
            return self._described(root)
        return None

    def _named(self, source: Span) -> Mention | None:
        """A name the model did not tag here (`As-Salem`) that is the surname (or the whole
        name) of exactly one person or organisation of the article."""
        wanted = names.word_keys(source.text)
        if not wanted or not wanted[-1]:
            return None
        found = []
        for entity in self.index.entities:
            if entity.kind is EntityKind.PLACE:
                continue
            keys = names.word_keys(entity.name)
            if keys == wanted or (
                entity.kind is EntityKind.PERSON and names.names_same_person(wanted, keys)
            ):
                found.append(entity)
        people = [e for e in found if e.kind is EntityKind.PERSON]
        chosen = people or found
        return chosen[0].mentions[0] if len(chosen) == 1 else None

    def _antecedent(self, pronoun: Span, kind: EntityKind) -> Mention | None:
        """The last `kind` mention that is a subject within the last sentences, outside
        quotations; else the last speaker of that kind; else None."""
        first_sentence = self.index.sent(pronoun.root)
        for _ in range(PRONOUN_WINDOW):
            if first_sentence.start == 0:
                break
            first_sentence = self.index.sent(self.index.doc[first_sentence.start - 1])
        window = (
            first_sentence.start_char + self.index.offset,
            pronoun.start_char + self.index.offset,
        )
        candidates = [
            m for m in self.index.mentions
            if window[0] <= m.begin and m.end <= window[1] and self.index.kind[m] is kind
            and self._is_subject(m)
        ]  # fmt: skip
        if candidates:
            return candidates[-1]
        earlier = [s for _, s in self.said if self.index.kind[s] is kind]
        return earlier[-1] if earlier else None

    def _is_subject(self, mention: Mention) -> bool:
        span = self.index.span_of(mention.begin, mention.end)
        if span is None or self.index.in_quote[span.root.i]:
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
        for mention in self.index.mentions:
            if self.index.kind[mention] is EntityKind.ORGANIZATION:
                if mention.text.lower().rstrip("s").endswith(lemma):
                    organisations.setdefault(mention.text.lower(), mention)
                continue
            if self.index.kind[mention] is not EntityKind.PERSON:
                continue
            span = self.index.span_of(mention.begin, mention.end)
            if span is None:
                continue
            titles = {
                t.lemma_.lower()
                for t in span.root.children
                if t.dep_ in {"compound", "appos", "amod"}
                and t.i not in range(span.start, span.end)
            }
            before = self.index.doc[max(span.start - TITLE_WINDOW, 0) : span.start]
            titles |= {t.lemma_.lower() for t in before if t.pos_ == "NOUN"}
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
