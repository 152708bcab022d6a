"""Identity across the corpus: which entities of different articles are one, of which kind, by
which name. It runs once every article is read, so no decision depends on the order they came.

Each article resolves its own mentions (`kg.resolve.entities`) and links what the gazetteer is
sure of (`kg.resolve.link`); here every article's entities (and its publisher and authors) are
seen together, and:

1. **One name, one kind.** Entities are grouped by name key (`names.loose_key`: case, dots,
   a leading "the" and Arabic-style particles aside) and kind; the kinds of one key vote, each
   entity with its number of mentions (a publisher or author credit counts `CREDIT`). When one
   kind holds `MAJORITY` of the votes, every entity of that key takes it; otherwise the name
   is truly used for different things and each kind stays its own entity. The vote makes a
   person a place or a place a person only for a name of two words or more that no linked
   entity has (`Marco Rubio`, misread once as a place; never `Jordan` the player and the
   country, nor `Austin`), and a publisher never anything but an organisation.
2. **Linked and unlinked are one.** An unlinked group joins a linked entity when its name is the
   name or an alternate name of exactly one linked entity in the corpus, or else, for a name
   the gazetteer finds ambiguous (`Washington`: a state, the capital, towns), when the corpus
   links exactly one of the records it may be; and the kinds are compatible (a person never
   becomes a place or organisation, nor the reverse; an organisation and a place may be one,
   as the model often confuses them).
3. **Shorter forms of a person.** A person group whose name is a lone surname, or a full name
   without a middle name (`Donald Trump` of `Donald J. Trump`), joins the one fully named person
   of the corpus it can be (`names.names_same_person`, the same first name for a full name).
   When several are possible, a lone surname joins the one named in at least `DOMINANCE` times
   as many articles as all the others together (`Trump`, in news where Donald Trump is named
   in hundreds of articles and Ivanka Trump in a dozen); otherwise it stays on its own: a wrong
   merge is worse than a missed one. An article that itself names two people of one surname
   kept its lone surname apart, and so does the corpus.

An entity's name is the spelling most entities of its group use (ties: the fullest, then the
first in code point order); its alternate names are every other form the corpus gives it.
No spaCy, no RDF here: facts in, facts out.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kg.facts import ArticleFacts, Entity, EntityKind, Mention, Relation, RelationKind
from kg.resolve import names
from kg.resolve.gazetteer import Gazetteer

MAJORITY = 2 / 3
"""Share of a name's votes a kind needs to become the kind of every entity of that name."""
CREDIT = 3.0
"""Votes of a publisher or author credit (the input says what it is)."""
REAL = 3
"""Articles a fully named person must be named in (unless linked) to make a lone surname of
an article that also names another person of that surname ambiguous: a misread phrase
(`Removing Trump`, `Trump Trump`) is in one or two."""
DOMINANCE = 10
"""How many times as many articles the one person a lone surname joins must be named in as the
other people of that surname together."""

RELATION_KINDS: dict[RelationKind, tuple[frozenset[EntityKind], frozenset[EntityKind]]] = {
    RelationKind.JOB_TITLE: (frozenset({EntityKind.PERSON}), frozenset()),
    RelationKind.WORKS_FOR: (frozenset({EntityKind.PERSON}), frozenset({EntityKind.ORGANIZATION})),
    RelationKind.MEMBER_OF: (
        frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION}),
        frozenset({EntityKind.ORGANIZATION}),
    ),
    RelationKind.CONTAINED_IN: (frozenset({EntityKind.PLACE}), frozenset({EntityKind.PLACE})),
}
"""The kinds a relation's subject and object may have; a relation whose entities the corpus
gives other kinds is left out (jobTitle's object is a text)."""

_NAMED = (EntityKind.ORGANIZATION, EntityKind.PLACE)
_PERSON_AND_PLACE = {EntityKind.PERSON, EntityKind.PLACE}


@dataclass(frozen=True)
class Described:
    """What the graph says of one entity itself, once for the corpus: its kind, name, other
    names and links (`Minter.entity_of` gives its IRI)."""

    kind: EntityKind
    name: str
    alternate_names: tuple[str, ...]
    same_as: tuple[str, ...] = ()


@dataclass
class _Group:
    """The entities of the corpus that one name key and kind (or one link) gather."""

    kind: EntityKind
    key: str
    link: tuple[str, ...] = ()
    articles: array[int] = field(default_factory=lambda: array("i"))
    """The articles naming its entities, in the order they were added, each once."""
    spellings: Counter[str] = field(default_factory=Counter)
    forms: set[str] = field(default_factory=set)
    published: bool = False
    """A publisher's: an organisation, whatever the votes."""
    into: _Group | None = None
    number: int = -1
    """Its place among the corpus's groups: what the resolved identities are keyed by (an
    object's `id` would not survive the identities being sent to a cluster's workers)."""

    def root(self) -> _Group:
        group = self
        while group.into is not None:
            group = group.into
        return group

    words: list[str] = field(default_factory=list)
    """The word keys of its name (`names.word_keys`: `Pro-Trump` is one word)."""


_Index = tuple[EntityKind, str] | tuple[str, ...]


class Identities:
    """Collects the entities of every article (`add`), then decides (`resolve`, once) and
    rewrites each article's facts with the corpus's identities (`apply`)."""

    def __init__(self, known: Gazetteer | None = None) -> None:
        self._known = known
        self._articles = 0
        self._groups: dict[_Index, _Group] = {}
        self._votes: dict[str, dict[EntityKind, float]] = defaultdict(_no_votes)
        self._apart: set[_Index] = set()
        """Lone surnames of articles that name two people of that surname: never merged."""
        self._articles_of: dict[int, int] = {}
        """How many articles name each entity (by its root group's number), once resolved."""
        self._described: dict[int, Described] | None = None

    def add(self, facts: ArticleFacts) -> None:
        """Take one article's entities into account."""
        if self._described is not None:
            raise RuntimeError("Identities.add after the identities were decided")
        number = self._articles
        self._articles += 1
        facts = with_credits(facts)
        for entity in facts.entities:
            self._add(number, entity, len(entity.mentions))
        for credited in _credited(facts):
            self._add(number, credited, CREDIT)
        if facts.publisher is not None:
            publisher = facts.publisher
            key = names.loose_key(publisher.name)
            self._group(publisher.kind, key, publisher.same_as).published = True
        for entity in _lone_surnames(facts, real=lambda _: True):
            self._apart.add((entity.kind, names.loose_key(entity.name)))

    def _add(self, article: int, entity: Entity, votes: float) -> None:
        key = names.loose_key(entity.name)
        group = self._named(entity)
        if not group.articles or group.articles[-1] != article:  # articles come in order
            group.articles.append(article)
        group.spellings[entity.name] += 1
        group.forms.update((entity.name, *entity.alternate_names))
        self._votes[key][entity.kind] += votes

    def _group(self, kind: EntityKind, key: str, link: tuple[str, ...] = ()) -> _Group:
        index: _Index = link[:1] if link else (kind, key)
        group = self._groups.get(index)
        if group is None:
            group = self._groups[index] = _Group(kind, key, link, number=len(self._groups))
        return group

    def _named(self, entity: Entity) -> _Group:
        group = self._group(entity.kind, names.loose_key(entity.name), entity.same_as)
        if not group.words:
            group.words = names.word_keys(entity.name)
        return group

    def resolve(self) -> None:
        """Decide every identity (once all articles are added; `apply` calls it)."""
        if self._described is not None:
            return
        unlinked = sorted(
            (g for g in self._groups.values() if not g.link), key=lambda g: (g.key, g.kind)
        )
        linked_keys = {g.key for g in self._groups.values() if g.link}
        for group in unlinked:  # 1. one name, one kind
            votes = self._votes[group.key]
            kind, most = max(votes.items(), key=lambda kv: (kv[1], kv[0] is group.kind, kv[0]))
            if (
                kind is not group.kind
                and most >= MAJORITY * sum(votes.values())
                and not group.published
                and (
                    {kind, group.kind} != _PERSON_AND_PLACE
                    or (len(group.words) > 1 and group.key not in linked_keys)
                )
            ):
                group.into = self._group(kind, group.key)
                group.into.words = group.into.words or group.words
        linked = sorted((g for g in self._groups.values() if g.link), key=lambda g: g.link)
        by_form: dict[str, set[int]] = defaultdict(set)  # 2. linked and unlinked are one
        for number, group in enumerate(linked):
            for form in group.forms:
                by_form[names.loose_key(form)].add(number)
        for group in sorted(
            (g for g in self._groups.values() if not g.link and g.into is None),
            key=lambda g: (g.key, g.kind),
        ):
            found = by_form.get(group.key, set()) or self._linked_in_corpus(group, linked)
            if len(found) == 1:
                target = linked[next(iter(found))]
                if _compatible(group.kind, target.kind) and not (
                    group.published and target.kind is not group.kind
                ):
                    group.into = target
        self._people()  # 3. shorter forms of a person
        members: dict[int, list[_Group]] = defaultdict(list)
        for group in self._groups.values():
            members[group.root().number].append(group)
        self._articles_of = _articles_naming(members)
        self._described = {}
        for group in self._groups.values():
            root = group.root()
            if root is group:
                self._described[group.number] = _describe(group, members[group.number])
        for index in self._apart:  # described as themselves, whatever their group joined
            group = self._groups[index]
            if group.root() is not group:
                self._described[group.number] = _describe(group, [group])

    def _linked_in_corpus(self, group: _Group, linked: list[_Group]) -> set[int]:
        """The linked entities of the corpus that a name the gazetteer finds ambiguous may be
        (`Washington`: the state, the capital, towns): when the corpus links only one of them,
        the name is that one."""
        if self._known is None:
            return set()
        iris = {
            iri
            for spelling in group.spellings
            for record in self._known.candidates(spelling)
            for iri in record.iris
        }
        return {n for n, g in enumerate(linked) if iris.intersection(g.link)} if iris else set()

    def _people(self) -> None:
        # Full names first (`Donald Trump` into `Donald J. Trump`), then lone surnames, which
        # then see each person once.
        for lone in (False, True):
            roots = {g.root().number: g.root() for g in self._groups.values()}
            people = sorted(
                (r for r in roots.values() if r.kind is EntityKind.PERSON),
                key=lambda g: (g.link, g.key),
            )
            grouped: dict[int, list[_Group]] = defaultdict(list)
            for group in self._groups.values():
                grouped[group.root().number].append(group)
            articles = _articles_naming(grouped)
            by_surname: dict[str, list[_Group]] = defaultdict(list)
            for person in people:
                if len(person.words) > 1:
                    by_surname[person.words[-1]].append(person)
            for person in people:
                words = person.words
                if not words or person.link or (len(words) == 1) is not lone:
                    continue
                candidates = [
                    other
                    for other in by_surname.get(words[-1], ())
                    if other is not person
                    and len(other.words) > len(words)
                    and names.names_same_person(words, other.words)
                    and (lone or words[0] == other.words[0])
                ]
                target = _one(candidates, articles, lone=lone)
                if target is not None:
                    person.into = target

    def _lone_apart(self, facts: ArticleFacts) -> list[Entity]:
        """The article's lone surnames that two people it names in full may be: people the
        corpus links or names in `REAL` articles or more."""

        def real(entity: Entity) -> bool:
            root = self._named(entity).root()
            return bool(root.link) or self._articles_of.get(root.number, 0) >= REAL

        return _lone_surnames(facts, real)

    def identity(self, entity: Entity, *, apart: bool = False) -> Described:
        """The corpus's identity of an entity as an article gave it (`apart`: a lone surname
        its article leaves ambiguous)."""
        self.resolve()
        assert self._described is not None
        group = self._named(entity)
        if apart and group.number in self._described:
            return self._described[group.number]
        root = group.root()
        found = self._described.get(root.number)
        return found if found is not None else _describe(root, [root, group])

    def described(self) -> list[Described]:
        """Every entity of the corpus, once (in no particular order: the RDF side sorts)."""
        self.resolve()
        assert self._described is not None
        return list(self._described.values())

    def apply(self, facts: ArticleFacts) -> ArticleFacts:
        """The article's facts with the corpus's identities: each entity's kind, name and links;
        two entities that are one merged; relations whose kinds no longer fit left out."""
        return self.resolved(facts)[0]

    def resolved(self, facts: ArticleFacts) -> tuple[ArticleFacts, list[Described]]:
        """`apply`, and the identities of the article's entities and credits (what the
        entities graph says of them)."""
        facts = with_credits(facts)
        apart = set(self._lone_apart(facts))
        merged: dict[Described, list[Entity]] = {}
        for entity in facts.entities:
            merged.setdefault(self.identity(entity, apart=entity in apart), []).append(entity)
        entities = tuple(
            sorted(
                (_as(identity, group) for identity, group in merged.items()),
                key=lambda e: (e.mentions[0].begin, e.mentions[0].end),
            )
        )
        kind_of = {m: e.kind for e in entities for m in e.mentions}
        entity_of = {m: n for n, e in enumerate(entities) for m in e.mentions}
        relations = tuple(r for r in facts.relations if _fits(r, kind_of, entity_of))
        credits = [(c, self.identity(c)) for c in _credited(facts)]
        credited = {id(c): _as(identity, [c]) for c, identity in credits}
        applied = replace(
            facts,
            entities=entities,
            relations=relations,
            publisher=credited[id(facts.publisher)] if facts.publisher else None,
            authors=tuple(credited[id(a)] for a in facts.authors),
        )
        return applied, [*merged, *(identity for _, identity in credits)]


def identify(facts: Iterable[ArticleFacts], known: Gazetteer | None = None) -> list[ArticleFacts]:
    """Every article's facts with the identities of the corpus they make together (`known`:
    the gazetteer the articles were linked with)."""
    everything = list(facts)
    identities = Identities(known)
    for one in everything:
        identities.add(one)
    return [identities.apply(one) for one in everything]


def with_credits(facts: ArticleFacts) -> ArticleFacts:
    """The facts with the article's publisher and authors as entities (when not yet given):
    the publisher an organisation, an author a person unless the byline reads like an
    organisation ("News Agencies")."""
    article = facts.article
    if facts.publisher is not None or facts.authors or not (article.publisher or article.authors):
        return facts
    publisher = _credit(EntityKind.ORGANIZATION, article.publisher) if article.publisher else None
    authors = tuple(
        _credit(
            EntityKind.ORGANIZATION if names.looks_like_organization(a) else EntityKind.PERSON, a
        )
        for a in article.authors
    )
    return replace(facts, publisher=publisher, authors=authors)


def _credit(kind: EntityKind, name: str) -> Entity:
    """A credited name as an entity; one printed in capitals ("GARY LANGER") is named in its
    usual case ("Gary Langer"), the written form kept as an alternate name."""
    written = names.clean(name)
    if kind is EntityKind.PERSON and written.isupper() and len(written) > 3:
        usual = " ".join(_usual_case(word) for word in written.split())
        return Entity(kind=kind, name=usual, alternate_names=(written,), mentions=())
    return Entity(kind=kind, name=written, alternate_names=(), mentions=())


def _usual_case(word: str) -> str:
    """`GARY` -> `Gary`, `O'NEIL` -> `O'Neil`, `SMITH-JONES` -> `Smith-Jones`; initials stay."""
    if len(word.rstrip(".")) <= 1 or word in ("II", "III", "IV"):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m[0][0] + m[0][1:].lower(), word)


def _credited(facts: ArticleFacts) -> list[Entity]:
    return [*([facts.publisher] if facts.publisher else []), *facts.authors]


def _as(identity: Described, entities: list[Entity]) -> Entity:
    mentions = tuple(
        sorted({m for e in entities for m in e.mentions}, key=lambda m: (m.begin, m.end))
    )
    forms = {f for e in entities for f in (e.name, *e.alternate_names)}
    return Entity(
        kind=identity.kind,
        name=identity.name,
        alternate_names=tuple(sorted(forms - {identity.name})),
        mentions=mentions,
        same_as=identity.same_as,
    )


def _no_votes() -> defaultdict[EntityKind, float]:
    """A name's votes before any (a function, not a lambda: the identities pickle)."""
    return defaultdict(float)


def _compatible(kind: EntityKind, linked: EntityKind) -> bool:
    return kind is linked or (kind in _NAMED and linked in _NAMED)


def _articles_naming(members: dict[int, list[_Group]]) -> dict[int, int]:
    """How many articles name each root group's entities (by its number), from its members'."""
    return {
        number: len(groups[0].articles)
        if len(groups) == 1
        else len(set().union(*(g.articles for g in groups)))
        for number, groups in members.items()
    }


def _one(candidates: list[_Group], articles: dict[int, int], *, lone: bool) -> _Group | None:
    """The one person of `candidates` (roots), or for a lone surname the one that dominates
    (`articles`: how many articles name each root)."""
    if len(candidates) == 1:
        return candidates[0]
    if not lone or not candidates:
        return None
    ranked = sorted(candidates, key=lambda g: (-articles.get(g.number, 0), g.link, g.key))
    first = articles.get(ranked[0].number, 0)
    rest = sum(articles.get(g.number, 0) for g in ranked[1:])
    return ranked[0] if first >= DOMINANCE * rest else None


def _describe(root: _Group, members: list[_Group]) -> Described:
    """A group's identity: its name is the spelling most of its own entities use (the
    linked record's, for a linked group), its alternate names every other form."""
    spellings = (
        root.spellings
        or sum((m.spellings for m in members if m.key == root.key), Counter())
        or sum((m.spellings for m in members), Counter())
    )
    name = _best(spellings) if spellings else root.key
    forms = {f for member in members for f in member.forms}
    return Described(root.kind, name, tuple(sorted(forms - {name})), root.link)


def _lone_surnames(facts: ArticleFacts, real: Callable[[Entity], bool]) -> list[Entity]:
    """The article's lone-surname people whose surname two of its fully named people share
    (those `real` says are)."""
    surnames = Counter(
        names.word_keys(e.name)[-1]
        for e in facts.entities
        if e.kind is EntityKind.PERSON and len(names.words(e.name)) > 1 and real(e)
    )
    return [
        e
        for e in facts.entities
        if e.kind is EntityKind.PERSON
        and len(names.words(e.name)) == 1
        and surnames[names.word_keys(e.name)[-1]] > 1
    ]


def _best(spellings: Counter[str]) -> str:
    return min(spellings, key=lambda s: (-spellings[s], -len(names.words(s)), -len(s), s))


def _fits(
    relation: Relation, kind_of: dict[Mention, EntityKind], entity_of: dict[Mention, int]
) -> bool:
    subjects, objects = RELATION_KINDS[relation.kind]
    if kind_of.get(relation.subject) not in subjects:
        return False
    if relation.object is None:
        return True
    if entity_of.get(relation.object) == entity_of.get(relation.subject):
        return False
    return kind_of.get(relation.object) in objects
