"""Relations between an article's entities, each with the sentence that says it.

Rules over the dependency parse, for precision (a wrong relation is worse than a missing one):
- a title right before a person's name: `Russia's foreign ministry spokesperson Maria
  Zakharova`, `Rossiya-24 correspondent Eugeniy Poddubny` -> `jobTitle`, and `worksFor` the
  organisation named just before the title (or owning it: `X's correspondent Y`);
- an apposition or a `who served as` clause: `Salem, who served as a chief security officer at
  the X base`, `Y, a spokesman for X`, `Y, a Burlington operations manager` -> `jobTitle`, and
  `worksFor` X when X is an organisation;
- a person `of` an organisation right after the name (`David Pimentel of Cornell University`)
  -> `worksFor`;
- `defected from` / `joined` / `a member of` an organisation -> `memberOf`;
- a place `in` another (`Raqqa in Syria`, `the Al-Tanf base in the southern Syria`) or followed
  by it after a comma (`Raqqa, Syria`) -> `containedInPlace` (`kg.resolve.link.plausible` keeps
  only those whose outer place is a country the gazetteer knows, and that GeoNames does not
  contradict).
Titles with `former`, `ex-`, `then` or `late` are the past: no relation. Read-only over a Doc.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.facts import Entity, EntityKind, Mention, Phrase, Relation, RelationKind
from kg.lexicon import (
    EMPLOYER_PREPOSITIONS,
    MEMBER_NOUNS,
    MEMBER_VERBS,
    PAST,
    TITLE_NOUNS,
    TITLE_WORDS,
    WORK_VERBS,
)
from kg.resolve import names

PATTERNS: dict[str, list[dict[str, object]]] = {
    # `Salem, who served as a chief security officer at ...`: anchored at the clause's verb.
    "served_as": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"DEP": "relcl", "LEMMA": {"IN": sorted(WORK_VERBS)}}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "who",
         "RIGHT_ATTRS": {"DEP": "nsubj", "LOWER": "who"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": "as"}},
        {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "title",
         "RIGHT_ATTRS": {"DEP": "pobj", "LOWER": {"IN": sorted(TITLE_NOUNS)}}},
    ],
    # `Peter Brown, a member of the Labour Party`: anchored at the person's head word.
    "member_of": [
        {"RIGHT_ID": "person", "RIGHT_ATTRS": {}},
        {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "member",
         "RIGHT_ATTRS": {"DEP": "appos", "LOWER": {"IN": sorted(MEMBER_NOUNS)}}},
        {"LEFT_ID": "member", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
        {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "organisation", "RIGHT_ATTRS": {}},
    ],
}  # fmt: skip
"""Dependency rules as spaCy `DependencyMatcher` patterns: a name, and the tokens it binds."""

_matchers: dict[int, tuple[Vocab, DependencyMatcher]] = {}


def _matches(doc: Doc) -> dict[str, dict[int, list[dict[str, Token]]]]:
    """Each pattern's matches in the Doc, by anchor token, in token order (as the rules would
    walk the children): rule -> anchor's index -> [{token name: token}]."""
    held = _matchers.get(id(doc.vocab))
    if held is None or held[0] is not doc.vocab:
        matcher = DependencyMatcher(doc.vocab)
        for name, pattern in PATTERNS.items():
            matcher.add(name, [pattern])
        held = _matchers[id(doc.vocab)] = (doc.vocab, matcher)
    found: dict[str, dict[int, list[dict[str, Token]]]] = {name: {} for name in PATTERNS}
    for match_id, token_ids in sorted(
        {(m, tuple(ids)) for m, ids in held[1](doc)}, key=lambda m: m[1]
    ):
        name = doc.vocab.strings[match_id]
        specs = PATTERNS[name]
        tokens = {str(spec["RIGHT_ID"]): doc[i] for spec, i in zip(specs, token_ids, strict=True)}
        found[name].setdefault(token_ids[0], []).append(tokens)
    return found


def relations(
    doc: Doc, text: str, entities: Sequence[Entity], *, offset: int = 0
) -> Iterator[Relation]:
    """The relations the Doc's sentences state between `entities`' mentions."""
    at: dict[int, Mention] = {}
    kind: dict[Mention, EntityKind] = {}
    end = offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
    for entity in entities:
        for mention in entity.mentions:
            if offset <= mention.begin < end:
                kind[mention] = entity.kind
                for char in range(mention.begin, mention.end):
                    at.setdefault(char, mention)
    finder = _Finder(doc, text, offset, at, kind)
    seen: set[tuple[Mention, RelationKind, int, int]] = set()
    for mention, mention_kind in kind.items():
        span = finder.span(mention)
        if span is None:
            continue
        found: list[Relation] = []
        if mention_kind is EntityKind.PERSON:
            found.extend(finder.title_before(mention, span))
            found.extend(finder.described(mention, span))
            found.extend(finder.membership(mention, span))
            found.extend(finder.affiliation(mention, span))
        elif mention_kind is EntityKind.PLACE:
            found.extend(finder.containment(mention, span))
        for relation in found:
            target = relation.object or relation.value
            assert target is not None
            key = (relation.subject, relation.kind, target.begin, target.end)
            if key not in seen:
                seen.add(key)
                yield relation


class _Finder:
    def __init__(
        self,
        doc: Doc,
        text: str,
        offset: int,
        at: dict[int, Mention],
        kind: dict[Mention, EntityKind],
    ) -> None:
        self.doc, self.text, self.offset, self.at, self.kind = doc, text, offset, at, kind
        self.matches = _matches(doc)

    # --- where things are -------------------------------------------------------------------

    def span(self, mention: Mention) -> Span | None:
        return self.doc.char_span(
            mention.begin - self.offset, mention.end - self.offset, alignment_mode="expand"
        )

    def mention_at(self, token: Token) -> Mention | None:
        return self.at.get(self.offset + token.idx)

    def phrase(self, start: int, end: int) -> Phrase:
        """Tokens [start, end) as a Phrase of the article."""
        begin = self.offset + self.doc[start].idx
        last = self.doc[end - 1]
        stop = self.offset + last.idx + len(last.text)
        return Phrase(begin, stop, self.text[begin:stop])

    def sentence(self, token: Token) -> Phrase:
        sent = token.sent
        tokens = [t for t in sent if not t.is_space]
        return self.phrase(tokens[0].i, tokens[-1].i + 1)

    def entity_in(self, tokens: Sequence[Token], kind: EntityKind) -> Mention | None:
        """The one mention of that kind among `tokens` (a noun phrase's words), else None."""
        found = {m for t in tokens if (m := self.mention_at(t)) and self.kind[m] is kind}
        return found.pop() if len(found) == 1 else None

    # --- rules ------------------------------------------------------------------------------

    def title_before(self, person: Mention, span: Span) -> Iterator[Relation]:
        """`[X's | X] <title words> <Person>`."""
        doc = span.doc
        start = span.start
        while start > 0 and self._title_word(doc[start - 1], span):
            start -= 1
        if start == span.start:
            return
        # A title ends with a title noun; lowercase articles or adjectives do not start one.
        while start < span.start and doc[start].lower_ not in TITLE_WORDS:
            start += 1
        if start == span.start or doc[span.start - 1].lower_ not in TITLE_NOUNS:
            return
        seen: set[str] = set()
        for i in range(span.start - 1, start - 1, -1):  # `president President X`: the last
            if doc[i].lower_ in seen:
                start = i + 1
                break
            seen.add(doc[i].lower_)
        words = doc[start : span.start]
        if any(t.lower_ in PAST for t in words) or (start > 0 and doc[start - 1].lower_ in PAST):
            return
        evidence = self.sentence(span.root)
        yield Relation(person, RelationKind.JOB_TITLE, None, self.phrase(start, span.start),
                       evidence)  # fmt: skip
        employer = self._owner_before(start)
        if employer is not None:
            yield Relation(person, RelationKind.WORKS_FOR, employer, None, evidence)

    def _title_word(self, token: Token, person: Span) -> bool:
        if not token.is_alpha or self.mention_at(token) is not None:
            return False
        if not token.is_lower and token.lower_ not in TITLE_WORDS:
            return False
        return token.head.i in range(token.i, person.end) and token.dep_ in (
            "compound", "amod", "nmod", "npadvmod", "appos"
        )  # fmt: skip

    def _owner_before(self, start: int) -> Mention | None:
        """The organisation named right before a title (`Rossiya-24 correspondent`, `the
        Foreign Ministry's spokesman`, `Reuters' correspondent`)."""
        doc = self.doc
        i = start - 1
        if i >= 0 and doc[i].text in names.POSSESSIVES | names.APOSTROPHES:
            i -= 1
        if i < 0:
            return None
        mention = self.mention_at(doc[i]) or self._mention_ending(doc[i])
        if mention is not None and self.kind[mention] is EntityKind.ORGANIZATION:
            return mention
        return None

    def _mention_ending(self, token: Token) -> Mention | None:
        end = self.offset + token.idx + len(token.text)
        mention = self.at.get(end - 1)
        return mention if mention is not None and mention.end == end else None

    def described(self, person: Mention, span: Span) -> Iterator[Relation]:
        """`Person, a spokesman for X` and `Person, who served as a chief officer at X`."""
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.lower_ in TITLE_NOUNS:
                yield from self._title_noun(person, child)
            for served in self.matches["served_as"].get(child.i, ()):
                yield from self._title_noun(person, served["title"], via=child)

    def _title_noun(
        self, person: Mention, noun: Token, via: Token | None = None
    ) -> Iterator[Relation]:
        if any(t.lower_ in PAST for t in noun.lefts):
            return
        words = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod") and t.is_alpha]
        start = min((t.i for t in words), default=noun.i)
        # `a Burlington operations manager`: the organisation, then the title.
        inside = [m for i in range(start, noun.i + 1) if (m := self.mention_at(self.doc[i]))]
        employer = None
        if inside:
            last = max(inside, key=lambda m: m.end)
            if len(set(inside)) > 1 or self.kind[last] is not EntityKind.ORGANIZATION:
                return
            employer = last
            after = [
                i for i in range(start, noun.i + 1) if self.doc[i].idx + self.offset >= last.end
            ]
            if not after:  # the organisation's name takes the title noun too: no title
                return
            start = after[0]
        evidence = self.sentence(noun)
        yield Relation(person, RelationKind.JOB_TITLE, None, self.phrase(start, noun.i + 1),
                       evidence)  # fmt: skip
        if employer is not None:
            yield Relation(person, RelationKind.WORKS_FOR, employer, None, evidence)
            return
        heads = [noun] if via is None else [noun, via]
        for head in heads:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in EMPLOYER_PREPOSITIONS:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            org = self._organisation_of(obj)
                            if org is not None:
                                yield Relation(person, RelationKind.WORKS_FOR, org, None, evidence)
                                return
            for child in head.children:
                if child.dep_ == "poss":
                    org = self.entity_in(list(child.subtree), EntityKind.ORGANIZATION)
                    if org is not None:
                        yield Relation(person, RelationKind.WORKS_FOR, org, None, evidence)
                        return

    def _organisation_of(self, noun: Token) -> Mention | None:
        """The organisation a noun phrase names: the one its head word is part of, else the one
        mention of an organisation in it."""
        at = self.mention_at(noun)
        if at is not None and self.kind[at] is EntityKind.ORGANIZATION:
            return at
        return self.entity_in(list(noun.subtree), EntityKind.ORGANIZATION)

    def affiliation(self, person: Mention, span: Span) -> Iterator[Relation]:
        """`David Pimentel of Cornell University said`: works for it."""
        for prep in span.root.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == span.end:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        org = self._organisation_of(obj)
                        if org is not None:
                            yield Relation(person, RelationKind.WORKS_FOR, org, None,
                                           self.sentence(obj))  # fmt: skip

    def membership(self, person: Mention, span: Span) -> Iterator[Relation]:
        """`Person, who defected from the X group`, `Person joined X`, `Person, a member of X`."""
        root = span.root
        verbs = [c for c in root.children if c.dep_ == "relcl" and c.lemma_ in MEMBER_VERBS]
        if root.dep_ == "nsubj" and root.head.lemma_ in MEMBER_VERBS:
            verbs.append(root.head)
        for verb in verbs:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            objects += [
                o
                for p in verb.children
                if p.dep_ == "prep" and p.lower_ in ("from", "to")
                for o in p.children
                if o.dep_ == "pobj"
            ]
            for obj in objects:
                org = self.entity_in(list(obj.subtree), EntityKind.ORGANIZATION)
                if org is not None:
                    yield Relation(person, RelationKind.MEMBER_OF, org, None, self.sentence(verb))
        for member in self.matches["member_of"].get(root.i, ()):
            obj = member["organisation"]
            org = self.entity_in(list(obj.subtree), EntityKind.ORGANIZATION)
            if org is not None:
                yield Relation(person, RelationKind.MEMBER_OF, org, None,
                               self.sentence(member["member"]))  # fmt: skip

    def containment(self, place: Mention, span: Span) -> Iterator[Relation]:
        """`Raqqa in Syria`, `the Al-Tanf base in Syria's southeastern desert`, `Raqqa, Syria`."""
        root = span.root
        heads = [root]
        if root.dep_ == "compound":
            heads.append(root.head)  # `Al-Tanf` in `the Al-Tanf base in Syria`
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ != "in":
                    continue
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    # `in Syria`, `in Syria's southeastern desert`; not `in the Iraq war`.
                    words = [obj, *(c for c in obj.children if c.dep_ == "poss")]
                    outer = self.entity_in(words, EntityKind.PLACE)
                    if outer is not None and outer is not place:
                        yield Relation(place, RelationKind.CONTAINED_IN, outer, None,
                                       self.sentence(obj))  # fmt: skip
        after = span.end
        doc = span.doc
        if after + 1 < len(doc) and doc[after].text == ",":
            outer = self.mention_at(doc[after + 1])
            if outer is not None and outer is not place and self.kind[outer] is EntityKind.PLACE:
                outer_span = self.span(outer)
                if outer_span is not None and (
                    outer_span.end == len(doc) or doc[outer_span.end].is_punct
                ):
                    yield Relation(place, RelationKind.CONTAINED_IN, outer, None,
                                   self.sentence(span.root))  # fmt: skip
