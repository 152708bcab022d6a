"""Resolution within an article: which mentions name one entity, and by which canonical name.

Rules (no statistics, so every merge can be explained):
- a person's shorter mention joins the full name whose words contain its words and whose surname
  it ends with (`names.names_same_person`), Arabic-style particles aside: "Salem" and "As-Salem"
  join "Asaad As-Salem", "Zakharova" joins "Maria Zakharova";
- a one-word organisation or place mention that is exactly the surname of one fully named person
  joins that person (the model often reads a lone surname as ORG or GPE);
- when two people share the surname, the short mention is left on its own rather than guessed;
- organisations and places merge by normalised name ("U.S." and "US"; "Al-Tanf" and
  "At-Tanf": Arabic-style particles aside);
- a newspaper's one-word name that is the last word of exactly one longer organisation joins
  it ("the Times" and "The New York Times").
The canonical name is the fullest form (most words, then most characters, then first seen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.facts import Entity, EntityKind, Mention
from kg.lexicon import NEWSPAPER_WORDS
from kg.resolve import names


@dataclass
class _Cluster:
    kind: EntityKind
    mentions: list[Mention] = field(default_factory=list)
    _keys: list[str] | None = None

    @property
    def fullest(self) -> Mention:
        return max(
            self.mentions,
            key=lambda m: (len(names.words(m.text)), len(m.text), -m.begin),
        )

    def word_keys(self) -> list[str]:
        # People are clustered fullest name first: the first mention is the fullest for good.
        if self._keys is None:
            self._keys = names.word_keys(self.fullest.text)
        return self._keys


def resolve(mentions: Iterable[Mention]) -> tuple[Entity, ...]:
    """Group one article's mentions into entities, ordered by first mention."""
    ordered = sorted(mentions, key=lambda m: (m.begin, m.end))
    people: list[_Cluster] = []
    by_key: dict[tuple[EntityKind, str], _Cluster] = {}
    clusters: list[_Cluster] = []

    # People first, fullest names first, so short forms find the full name they belong to.
    for mention in sorted(
        (m for m in ordered if m.kind is EntityKind.PERSON),
        key=lambda m: (-len(names.words(m.text)), -len(m.text), m.begin),
    ):
        cluster = _person_for(mention, people, allow_new=True)
        if cluster is None:
            cluster = _Cluster(EntityKind.PERSON)
            people.append(cluster)
            clusters.append(cluster)
        cluster.mentions.append(mention)

    for mention in ordered:
        if mention.kind is EntityKind.PERSON:
            continue
        person = _person_for(mention, people, allow_new=False)
        if person is not None:
            person.mentions.append(mention)
            continue
        cluster_key = (mention.kind, names.loose_key(mention.text))
        if cluster_key not in by_key:
            by_key[cluster_key] = _Cluster(mention.kind)
            clusters.append(by_key[cluster_key])
        by_key[cluster_key].mentions.append(mention)

    clusters = _short_forms(clusters)
    entities = [_entity(c) for c in clusters]
    return tuple(sorted(entities, key=lambda e: (e.mentions[0].begin, e.mentions[0].end)))


def _short_forms(clusters: list[_Cluster]) -> list[_Cluster]:
    """A newspaper's short name that is the last word of exactly one longer organisation of the
    article joins it: `the Times` after `The New York Times`, `the Post` after `The Washington
    Post`. Only newspapers' (`kg.lexicon.NEWSPAPER_WORDS`): a company's short name (`Airbus`
    for `EADS Airbus`) joined in one article and not in the next would split it across the
    corpus, as MEANTIME's merge recall showed."""
    longer: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        words = names.words(cluster.fullest.text)
        if cluster.kind is EntityKind.ORGANIZATION and len(words) >= 2:
            longer.setdefault(names.key(words[-1]), []).append(cluster)
    kept = []
    for cluster in clusters:
        words = names.words(cluster.fullest.text)
        if (
            cluster.kind is EntityKind.ORGANIZATION
            and len(words) == 1
            and names.key(words[0]) in NEWSPAPER_WORDS
        ):
            targets = longer.get(names.key(words[0]), [])
            if len(targets) == 1:
                targets[0].mentions.extend(cluster.mentions)
                continue
        kept.append(cluster)
    return kept


def _person_for(mention: Mention, people: list[_Cluster], *, allow_new: bool) -> _Cluster | None:
    """The one person this mention names, or None (a new person, or ambiguous)."""
    keys = names.word_keys(mention.text)
    if not keys or not keys[-1]:
        return None
    candidates = []
    for person in people:
        full = person.word_keys()
        if keys == full:
            return person
        if not allow_new and (len(keys) != 1 or len(full) < 2):
            continue
        if names.names_same_person(keys, full):
            candidates.append(person)
    return candidates[0] if len(candidates) == 1 else None


def _entity(cluster: _Cluster) -> Entity:
    mentions = tuple(sorted(cluster.mentions, key=lambda m: (m.begin, m.end)))
    name = names.clean(cluster.fullest.text)
    alternates = sorted({names.clean(m.text) for m in mentions} - {name})
    return Entity(
        kind=cluster.kind, name=name, alternate_names=tuple(alternates), mentions=mentions
    )
