"""Speakers: who a statement's source names. The source is a mention of an entity, the surname
of one person of the article (`As-Salem`), a pronoun (the last person, or organisation, that was
a subject in the sentences before, else the last speaker), `who` (the noun its clause belongs
to), or a description (`the spokesperson`: the one person the article gives that title). A
place speaks when it is the source itself (`North Korea said`, `Pyongyang denied`), for its
government; a place inside a longer source (`a Russian Foreign Ministry spokeswoman`) never."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.quotes.grammar import cue_lemma, noun_phrase
from kg.extract.quotes.index import DocIndex
from kg.facts import SOURCE_LABEL, Entity, EntityKind, Mention
from kg.lexicon import (
    COLLECTIVE_PRONOUNS,
    DESCRIBED_ORGANIZATIONS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    MALE_PRONOUNS,
    MALE_TITLES,
    OBJECT_CONTROL,
    PAST,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    STUDY_NOUNS,
    TIME_NOUNS,
    TITLE_QUALIFIERS,
    VOICE_NOUNS,
)
from kg.resolve import forenames, names
from kg.resolve.forenames import Gender

PRONOUN_WINDOW = 3
"""How many sentences back a pronoun looks for the person it refers to."""
UNTAGGED_WINDOW = 1
"""How many sentences back a pronoun looks for a subject the model did not tag as a name
(`D\u2019Souza, 53, admitted ... He was sentenced after telling the judge`)."""
VERB_CHAIN = 4
"""How many heads up a verb with no subject looks for one (`..., adding that`)."""
TITLE_WINDOW = 3
"""Tokens before a person's name searched for the title a description names."""
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
DOMINANCE = 2
"""How many times as often as every other holder of a title a person must be named for `the
president` to be that person (`President Trump` in an article that also names `President
Erdogan` once)."""
MAX_NAME_WORDS = 5
"""Words a name the model did not tag may have to be taken as a speaker's."""
MAX_WORD = 40
"""Characters after the first of a word of a headline's name (`_headline_author`)."""
MAX_HEADLINE = 500
"""Characters of a headline searched for a report's author: a hostile one costs no more."""
MAX_ACRONYM = 5
"""Letters of the longest word in capitals taken as a name (`NTSB`, not `WASHINGTON`)."""
_MODIFIERS = frozenset(("compound", "amod", "nmod"))
_NAME_LINKS = frozenset(("for", "of", "and", "&"))
"""Lowercase words inside an organisation's name (`Department for Work and Pensions`)."""


def source_of(verb: Token) -> Span | None:
    """Where the text names who speaks through `verb`: its subject, the agent of a passive,
    Y of `quoted Y as saying`, the object of the verb it completes (`prompting critics to
    accuse him`, `blasted the administration for claiming`), or the subject up a chain of verbs
    (`..., adding that`)."""
    if verb.lemma_ == "quote":  # "Russia Today quoted Zakharova as saying"
        quoted_person = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if quoted_person is not None:
            return noun_phrase(quoted_person)
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return _subject(verb, child)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    if verb.dep_ in {"xcomp", "advcl"} and verb.head.lemma_.lower() in OBJECT_CONTROL:
        # "prompting critics to accuse him", "asked Ryan to comment": the object speaks
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if objects:
            return noun_phrase(objects[0])
    if verb.dep_ == "pcomp" and verb.head.lower_ in {"for", "of"} and verb.head.dep_ == "prep":
        # "blasted the administration for claiming", "accused him of saying": the object
        governor = verb.head.head
        objects = [c for c in governor.children if c.dep_ == "dobj" and c.i < verb.head.i]
        if governor.pos_ == "VERB" and objects:
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
            return _subject(head, subject)
    if with_subject:
        return _subject(*with_subject[0])
    return _name_before(verb)


def _subject(verb: Token, subject: Token) -> Span | None:
    """The subject's phrase; for a time phrase the parse took for the subject (`Thursday
    evening in Wilkes-Barre, Trump referred`), the name right before the verb, if any; for a
    heading before a colon (`The Latest: Trump urges`), the subject after it."""
    if subject.lemma_.lower() in TIME_NOUNS:
        return _name_before(verb)
    colons = [t.i for t in verb.doc[subject.i + 1 : verb.i] if t.text == ":"]
    if colons:
        # A heading's colon between them (`The Latest: Trump urges`, headlines run together:
        # `Donald Trump: Unrepentant, on the attack ... US defense chief says`): the subject is
        # one after it (`Trump`), else the name right before the verb, if any
        after = [c for c in verb.children if c.dep_ in _SUBJECTS and colons[-1] < c.i < verb.i]
        return noun_phrase(after[0]) if after else _name_before(verb)
    voice = _voice_before(verb)
    if voice is not None and subject.left_edge.i < voice.i and voice in subject.subtree:
        # `A Department for Work and Pensions spokeswoman said`, parsed with the spokeswoman
        # as the object of `for`: the whole phrase names the source
        return verb.doc[subject.left_edge.i : voice.i + 1]
    return noun_phrase(subject)


def _voice_before(verb: Token) -> Token | None:
    """The organisation's voice right before the verb (`spokeswoman said`), adverbs aside."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].pos_ == "ADV":
        i -= 1
    word = verb.doc[i] if i >= 0 else None
    return word if word is not None and word.lower_ in VOICE_NOUNS else None


def _name_before(verb: Token) -> Span | None:
    """The name right before a verb the parse gave no subject (`spokesperson Michael McCarthy
    said "..."`, parsed as an apposition of an earlier noun)."""
    doc = verb.doc
    end = verb.i
    while end > 0 and doc[end - 1].pos_ == "ADV":
        end -= 1
    if end >= 3 and doc[end - 1].text == ")" and doc[end - 3].text == "(":
        acronym = doc[end - 2]  # `U.S. Customs and Border Protection (CBP) confirmed`
        return doc[end - 2 : end - 1] if acronym.is_upper and acronym.is_alpha else None
    start = end
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    if start == end or doc[end - 1].dep_ == "pobj" or (start > 0 and doc[start - 1].pos_ == "ADP"):
        return None  # `speaking at the White House said`: an object, not the speaker
    return doc[start:end]


class Speakers:
    """Resolves sources to speakers in text order, remembering each statement's speaker (a
    pronoun with no subject before it refers to the last speaker)."""

    def __init__(self, index: DocIndex) -> None:
        self.index = index
        self.said: list[tuple[int, Mention]] = []  # (char, speaker) in text order
        self._genders: dict[Entity, Gender | None] = {}

    def remember(self, begin: int, speaker: Mention) -> None:
        self.said.append((begin, speaker))

    def speaker(self, source: Span) -> Mention | None:
        """The entity mention a source names, or None when the text does not say who."""
        begin, end = source.start_char + self.index.offset, source.end_char + self.index.offset
        inside = [m for m in self.index.mentions if m.begin < end and begin < m.end]
        if inside:
            at = source.root.idx + self.index.offset
            covering = [m for m in inside if m.begin <= at < m.end]
            if covering:  # the source is the name: a person, an organisation, a country
                return covering[-1]
            return self._qualified(source.root, inside)
        root = source.root
        word = root.lower_
        voice = self._unnamed_voice(source) if source[-1].lower_ in VOICE_NOUNS else None
        if voice is not None:
            return voice
        if word in PERSONAL_PRONOUNS and len(source) == 1:
            return self._antecedent(source, EntityKind.PERSON)
        if word in PLURAL_PRONOUNS and len(source) == 1:
            return self._they(source)
        if word in COLLECTIVE_PRONOUNS and len(source) == 1:
            return self._antecedent(source, EntityKind.ORGANIZATION)
        if word in RELATIVE_PRONOUNS and len(source) == 1:
            noun = root.head.head if root.head.dep_ == "relcl" else None
            if noun is not None:
                return self.speaker(noun_phrase(noun))
            return None
        if root.text[:1].isupper() or (root.pos_ == "PROPN" and not root.is_lower):
            return self._named(source)
        if root.pos_ == "NOUN" and root.lower_ in VOICE_NOUNS:  # `the report said`
            return self._accompanying(root) or self._author(root)
        if root.pos_ in {"NOUN", "PROPN"}:  # `the president`, which the model may tag PROPN
            return self._described(root)
        return None

    def _author(self, voice: Token) -> Mention | None:
        """Whose report, memo or statement speaks (`the report said`): the one person or
        organisation the article names as its author, here or where the same word comes
        before (`the administration's report`, `a statement released by U.S. Forces Korea`,
        `the NTSB report`); nobody when none is named, or two are. `A report` is only what its
        own words say (`according to a statement released by U.S. Forces Korea`)."""
        known = any(c.dep_ == "poss" or c.lower_ == "the" for c in voice.children)
        # `a report said`: which report, only its own words can say
        reports = self.index.doc[: voice.i + 1] if known else [voice]
        authors: dict[str, Mention] = {}
        for token in reports:
            if token.lower_ != voice.lower_ or token.pos_ != "NOUN":
                continue
            for mention in self._authors_of(token):
                entity = self.index.entity_of.get(mention)
                if self.index.kind.get(mention, mention.kind) is not EntityKind.PLACE:
                    authors[entity.name if entity else names.key(mention.text)] = mention
        if not authors and known:
            return self._headline_author(voice)
        return next(iter(authors.values())) if len(authors) == 1 else None

    def _accompanying(self, voice: Token) -> Mention | None:
        """`Downing Street defended the decision, with a spokesperson saying: "..."`: a voice
        that speaks `with` a clause speaks for the organisation that clause's subject names
        (a person's spokesperson is not the person: nobody)."""
        verb = voice.head
        if voice.dep_ != "nsubj" or verb.dep_ != "pcomp" or verb.head.lower_ != "with":
            return None
        head = verb.head.head
        for _ in range(VERB_CHAIN):
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if subjects:
                at = subjects[0].idx + self.index.offset
                named = [m for m in self.index.mentions if m.begin <= at < m.end]
                if not named and subjects[0].pos_ == "PROPN":
                    unnamed = self._unnamed(noun_phrase(subjects[0]))  # `Downing Street`
                    named = [unnamed] if unnamed is not None else []
                kind = self.index.kind.get(named[-1], named[-1].kind) if named else None
                return named[-1] if kind is EntityKind.ORGANIZATION else None
            if head.head is head:
                break
            head = head.head
        return None

    def _headline_author(self, voice: Token) -> Mention | None:
        """The author the headline names for the report (`NTSB report: No equipment issue`,
        `Pentagon's Memo Says`), when the article names it too: the longest end of the
        capitalised words before the word that is the name of one person or organisation."""
        word = rf"[A-Z][\w.&'\u2019-]{{0,{MAX_WORD}}}"  # bounded: linear in any headline
        found = re.search(
            rf"((?:{word} ){{0,{MAX_NAME_WORDS - 1}}}{word}?)"  # the last one lazy: `X's`
            rf"(?:['\u2019]s)? (?i:{re.escape(voice.lower_)})\b",
            self.index.headline[:MAX_HEADLINE],
        )
        if found is None:
            return None
        words = found.group(1).split()
        for start in range(len(words)):
            wanted = names.word_keys(" ".join(words[start:]))
            named = [
                e for e in self.index.entities
                if e.kind is not EntityKind.PLACE
                and any(names.word_keys(m.text) == wanted for m in e.mentions)
            ]  # fmt: skip
            if len(named) == 1:
                return self._mention_near(named[0], voice)
        return None

    def _authors_of(self, voice: Token) -> list[Mention]:
        """The mentions naming who issued this report: its possessor, a name compounded with
        it, or the agent of `released by`, `issued by`, or `by`/`from` right after it."""
        phrases: list[Span] = []
        for child in voice.children:
            if child.dep_ == "poss" and child.lower_ not in PERSONAL_PRONOUNS | {"its", "their"}:
                phrase = noun_phrase(child)
                if len(phrase) > 1 and phrase[-1].dep_ == "case":  # the `'s`
                    phrase = phrase[:-1]
                phrases.append(phrase)
            elif child.dep_ == "compound" and child.i < voice.i:
                phrases.append(voice.doc[child.i : child.i + 1])
            elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                phrases += [noun_phrase(c) for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ == "acl":
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    phrases += [noun_phrase(c) for c in agent.children if c.dep_ == "pobj"]
        found = []
        for phrase in phrases:
            at = phrase.root.idx + self.index.offset
            covering = [m for m in self.index.mentions if m.begin <= at < m.end]
            unnamed = self._unnamed(phrase) if phrase.root.pos_ == "PROPN" else None
            if covering and (
                unnamed is None or covering[-1].end - covering[-1].begin >= len(unnamed.text)
            ):
                found.append(covering[-1])
            elif unnamed is not None:  # `U.S. Forces Korea`, which the model took for places
                found.append(unnamed)
            elif phrase.root.pos_ == "NOUN" and phrase.root.lower_ not in VOICE_NOUNS:
                described = self._described(phrase.root)  # `the administration's report`
                if described is not None:
                    found.append(described)
        return found

    def _qualified(self, root: Token, inside: list[Mention]) -> Mention | None:
        """A source that names an entity but is not its name: the organisation's own voice
        (`a Home Office spokeswoman`, `the NTSB report`) is the organisation; anyone else
        (`the GOP leader`, `a State Department official`, `Trump's lawyer`) is the one person
        the article gives that title, else nobody the text names."""
        if root.lemma_.lower() in STUDY_NOUNS:  # `a 2014 study by professors X and Y`
            by = [c for c in root.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}]
            author = self._person_within(by[0], {"pobj"}) if by else None
            if author is not None:
                return author
        if root.lemma_.lower() in VOICE_NOUNS or root.lower_ in VOICE_NOUNS:
            organisations = [m for m in inside if self.index.kind[m] is EntityKind.ORGANIZATION]
            return organisations[-1] if organisations else None
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
        if len(chosen) == 1:
            return chosen[0].mentions[0]
        return self._unnamed(source) if not chosen else None

    def _unnamed(self, source: Span) -> Mention | None:
        """A name the model did not see as one, as the source of a statement (`said Swiss Re`,
        `according to The Tennessean`, `Jean-Michel Lemetayer, from the FNSEA union, told`): a
        person when it opens with a common first name, else an organisation. A new mention of
        no entity yet: the pipeline makes it one (`kg.resolve.sources`). Single words other
        than acronyms, headings in capitals, and titles are left alone."""
        tokens = list(source)
        if tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        words = [t for t in tokens if not t.is_punct]
        if not words or len(words) > MAX_NAME_WORDS or any(t.pos_ != "PROPN" for t in words):
            return None
        if any(names.is_title(t.text) or t.lower_ in PERSONAL_PRONOUNS for t in words):
            return None
        if any(t.is_upper and len(t) > MAX_ACRONYM for t in words):
            return None  # `WASHINGTON`, a heading
        if len(words) == 1 and not (words[0].is_upper or len(tokens) < len(source)):
            return None  # `Pyongyang`, `Jordan`: a word alone could be anything
        begin = tokens[0].idx + self.index.offset
        end = tokens[-1].idx + len(tokens[-1]) + self.index.offset
        person = len(words) >= 2 and forenames.is_forename(words[0].text)
        kind = EntityKind.PERSON if person else EntityKind.ORGANIZATION
        return Mention(begin, end, self.index.text[begin:end], kind, SOURCE_LABEL)

    def _unnamed_voice(self, source: Span) -> Mention | None:
        """The organisation a spokesperson speaks for, named by words the model did not tag
        (`A Department for Work and Pensions spokeswoman`): capitalised words, with `for`,
        `of`, `and` between them, two at least or an acronym; a new mention, as `_unnamed`."""
        tokens = list(source[:-1])
        if tokens and tokens[0].pos_ == "DET":
            tokens = tokens[1:]
        if not tokens or not (tokens[0].is_title or tokens[0].is_upper):
            return None
        if not (tokens[-1].is_title or tokens[-1].is_upper):
            return None
        if (
            any(not (t.is_title or t.is_upper) and t.lower_ not in _NAME_LINKS for t in tokens)
            or len(tokens) > MAX_NAME_WORDS + 2
        ):
            return None
        capitalised = [t for t in tokens if t.lower_ not in _NAME_LINKS]
        if len(capitalised) < 2 and not (capitalised[0].is_upper and len(capitalised[0]) > 1):
            return None
        if any(names.is_title(t.text) for t in capitalised):
            return None
        begin = tokens[0].idx + self.index.offset
        end = tokens[-1].idx + len(tokens[-1]) + self.index.offset
        return Mention(begin, end, self.index.text[begin:end], EntityKind.ORGANIZATION,
                       SOURCE_LABEL)  # fmt: skip

    def _antecedent(self, pronoun: Span, kind: EntityKind) -> Mention | None:
        """The last `kind` mention that is a subject within the last sentences, outside
        quotations and not inside a clause someone reports (`Klingner said Kim ...`), or a
        subject the model did not tag that names one of the article's (`_untagged_subjects`,
        from the sentence before); else
        the last speaker of that kind; else None. `he` and `she` never go to a person whose
        gender the article or the first name tells otherwise. `they` after a plural subject
        that names no one (`US officials ... they say`) is nobody the text names."""
        word = pronoun.root.lower_
        wanted = (
            Gender.MALE if word in MALE_PRONOUNS
            else Gender.FEMALE if word in FEMALE_PRONOUNS
            else None
        )  # fmt: skip
        first_sentence = self._window(pronoun)
        window = (
            first_sentence.start_char + self.index.offset,
            pronoun.start_char + self.index.offset,
        )

        def fits(mention: Mention) -> bool:
            if self.index.kind.get(mention, mention.kind) is not kind:
                return False
            if wanted is None or kind is not EntityKind.PERSON:
                return True
            known = self._gender(mention)
            return known is None or known is wanted

        candidates = [
            (m.begin, m) for m in self.index.mentions
            if window[0] <= m.begin and m.end <= window[1] and fits(m) and self._is_subject(m)
        ]  # fmt: skip
        untagged = self._untagged_subjects(self._window(pronoun, UNTAGGED_WINDOW), pronoun)
        candidates += [(at, m) for at, m in untagged if fits(m)]
        if candidates:
            return max(candidates, key=lambda candidate: candidate[0])[1]
        earlier = [s for _, s in self.said if fits(s)]
        return earlier[-1] if earlier else None

    def _untagged_subjects(self, first: Span, pronoun: Span) -> list[tuple[int, Mention]]:
        """Subjects from `first` to the pronoun that are names the model did not tag there
        (`D\u2019Souza, 53, admitted`) but that name one entity of the article (`_named`),
        with where they are; outside quotations and reported clauses, as tagged ones."""
        doc, index = self.index.doc, self.index
        found = []
        for token in doc[first.start : pronoun.root.i]:
            if token.dep_ not in {"nsubj", "nsubjpass"} or not token.text[:1].isupper():
                continue  # the model may tag the name a noun: `D\u2019Souza/NOUN`
            if index.in_quote[token.i] or (
                token.head.dep_ == "ccomp" and cue_lemma(token.head.head) is not None
            ):
                continue
            at = token.idx + index.offset
            if any(m.begin <= at < m.end for m in index.mentions):
                continue  # tagged: a candidate already
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == token:
                start -= 1
            named = self._named(doc[start : token.i + 1])
            if named is not None and named in index.entity_of:
                found.append((at, named))
        return found

    def _window(self, pronoun: Span, sentences: int = PRONOUN_WINDOW) -> Span:
        """The first sentence a pronoun looks back to: `sentences` before its own."""
        first = self.index.sent(pronoun.root)
        for _ in range(sentences):
            if first.start == 0:
                break
            first = self.index.sent(self.index.doc[first.start - 1])
        return first

    def _they(self, pronoun: Span) -> Mention | None:
        """`they`: the last subject before it, in its sentence or the PRONOUN_WINDOW before,
        outside quotations and reported clauses, that is an organisation (`the Times ... they
        wrote`) or names people together (`analysts Victor Cha and David Kang wrote ... they
        wrote`: the first named); a plural that names no one (`US officials`) is nobody the
        text names, and so is a `they` with no such subject."""
        doc, index = self.index.doc, self.index
        first = self._window(pronoun)
        for i in range(pronoun.root.i - 1, first.start - 1, -1):
            token = doc[i]
            if token.dep_ not in {"nsubj", "nsubjpass"} or index.in_quote[i]:
                continue
            if token.head.dep_ == "ccomp" and cue_lemma(token.head.head) is not None:
                continue  # the subject of a reported clause
            if token.lower_ in PLURAL_PRONOUNS:
                continue  # `they` again: further back
            at = token.idx + index.offset
            named = [m for m in index.mentions if m.begin <= at < m.end]
            kind = index.kind.get(named[-1]) if named else None
            together = any(c.dep_ == "conj" for c in token.children)
            if kind is EntityKind.ORGANIZATION:
                return named[-1]
            phrase = (token.left_edge.idx + index.offset, token.right_edge.idx + index.offset)
            people = [
                m for m in index.mentions
                if phrase[0] <= m.begin <= phrase[1] and index.kind[m] is EntityKind.PERSON
            ]  # fmt: skip
            if len(people) >= 2:
                return people[0]  # `analysts Victor Cha and David Kang`: the first named
            if token.tag_ in {"NNS", "NNPS"} or together:
                return None  # `officials`, `leaders from both parties`
        return None

    def _gender(self, mention: Mention) -> Gender | None:
        """A person's gender as the article tells it: `Mr`/`Mrs` before a name of theirs, else
        their first name's, when the name has one."""
        entity = self.index.entity_of.get(mention)
        if entity is None:
            return None
        if entity not in self._genders:
            self._genders[entity] = _gender_of(entity, self.index.text)
        return self._genders[entity]

    def _is_subject(self, mention: Mention) -> bool:
        span = self.index.span_of(mention.begin, mention.end)
        if span is None or self.index.in_quote[span.root.i]:
            return False
        root = span.root
        while root.dep_ in {"compound", "appos", "conj"} and root.head is not root:
            root = root.head
        if root.dep_ not in {"nsubj", "nsubjpass"}:
            return False
        verb = root.head
        # the subject of a reported clause is not who speaks next: `Klingner said Kim ...`
        return not (verb.dep_ == "ccomp" and cue_lemma(verb.head) is not None)

    def _title_before(self, span: Span) -> list[Token]:
        """The words right before a name that are its title (`Senate Majority Leader`,
        `spokesperson`), up to the first that is not a noun or an adjective."""
        doc = self.index.doc
        title: list[Token] = []
        i = span.start - 1
        while i >= max(span.start - TITLE_WINDOW, 0):
            word = doc[i]
            if word.pos_ not in {"NOUN", "PROPN", "ADJ"} or word.dep_ not in _MODIFIERS:
                break
            if not i < word.head.i < span.end:
                break  # `the official denounces Trump's`: not a word of his name
            title.append(word)
            i -= 1
        return title

    def _described(self, noun: Token) -> Mention | None:
        """The person the article gives this title (`spokesperson Maria Zakharova`, `Salem, a
        former officer`, `Rep. Eliot Engel, D-N.Y., the committee's chairman`): the only one, or
        the one named DOMINANCE times as often as the others together, a title in the past
        (`former President Obama`) or qualified (`Vice President`) aside. Else the one
        organisation named before it whose name ends with the noun, or is of the kind it names
        (`the newspaper`: the one whose name ends with `Times`, `Post`...)."""
        if noun.tag_ in {"NNS", "NNPS"}:  # `analysts Victor Cha and David Kang`: the first
            return self._person_within(noun, {"appos"})  # `leaders`: no one in particular
        lemma = noun.lemma_.lower()
        people: dict[Entity, int] = {}
        for mention in self.index.mentions:
            entity = self.index.entity_of.get(mention)
            if entity is None or entity.kind is not EntityKind.PERSON:
                continue
            span = self.index.span_of(mention.begin, mention.end)
            if span is not None and lemma in self._titles(span):
                people[entity] = len(entity.mentions)
        if people:
            ranked = sorted(people.items(), key=lambda item: -item[1])
            others = sum(count for _, count in ranked[1:])
            if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * others:
                return self._mention_near(ranked[0][0], noun)
            return None
        kinds = DESCRIBED_ORGANIZATIONS.get(lemma, frozenset())
        at = noun.idx + self.index.offset
        # Named before it: the page's own name at its foot (`GET THE FOX NEWS APP`) is not
        # what `the news station` refers back to.
        organisations = [
            e for e in self.index.entities
            if e.kind is EntityKind.ORGANIZATION
            and any(m.begin < at for m in e.mentions)
            and any(
                m.text.lower().rstrip("s").endswith(lemma)
                or lemma in _words(m.text)  # `the ministry`: the Ministry of Defence
                or _last_word(m.text) in kinds
                for m in e.mentions
            )
        ]  # fmt: skip
        if len(organisations) == 1:
            return self._mention_near(organisations[0], noun)
        return None

    def _titles(self, span: Span) -> set[str]:
        """The title words a person's mention has: before the name, in apposition (either
        way, and one apposition further: `Engel, D-N.Y., the committee's chairman`); none
        when the title is in the past or qualified (`former`, `vice`)."""
        root = span.root
        words = [t for t in root.children if t.dep_ in _MODIFIERS | {"appos"}]
        words = [t for t in words if t.i not in range(span.start, span.end)]
        words += [c for t in words if t.dep_ == "appos" for c in t.children if c.dep_ == "appos"]
        words += self._title_before(span)
        if root.dep_ == "appos":
            words.append(root.head)
        qualifiers = {c.lower_ for t in words for c in t.children} | {t.lower_ for t in words}
        if qualifiers & (PAST | TITLE_QUALIFIERS):
            return set()
        return {t.lemma_.lower() for t in words}

    def _person_within(self, token: Token, deps: set[str]) -> Mention | None:
        """The first person named in the phrases that hang from `token` by `deps`."""
        for child in token.children:
            if child.dep_ not in deps:
                continue
            begin = child.left_edge.idx + self.index.offset
            end = child.right_edge.idx + len(child.right_edge) + self.index.offset
            people = [
                m for m in self.index.mentions
                if begin <= m.begin and m.end <= end
                and self.index.kind[m] is EntityKind.PERSON
            ]  # fmt: skip
            if people:
                return people[0]
        return None

    def _mention_near(self, entity: Entity, noun: Token) -> Mention:
        """The entity's last mention before the description, else its first."""
        at = noun.idx + self.index.offset
        before = [m for m in entity.mentions if m.begin < at]
        return before[-1] if before else entity.mentions[0]


def _gender_of(entity: Entity, text: str) -> Gender | None:
    told: set[Gender] = set()
    for mention in entity.mentions:
        before = text[max(0, mention.begin - 6) : mention.begin].split()
        words = [w.lower().rstrip(".") for w in [*before[-1:], *mention.text.split()[:1]]]
        told |= {Gender.MALE for w in words if w in MALE_TITLES}
        told |= {Gender.FEMALE for w in words if w in FEMALE_TITLES}
    if not told:
        first = [w for w in names.words(entity.name) if not names.is_title(w)]
        if len(first) >= 2:
            forename = forenames.gender(first[0])
            if forename is not None:
                told.add(forename)
    return told.pop() if len(told) == 1 else None


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", name.lower()) if w]


def _last_word(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""
