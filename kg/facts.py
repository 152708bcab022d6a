"""Plain, immutable records that flow between the stages. Neither spaCy nor rdflib here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """JSON can carry lone surrogates ("\\ud800"), which neither UTF-8 nor any RDF syntax can
    hold: each becomes U+FFFD, one character for one, so offsets into the text stay right."""
    return _SURROGATE.sub("\ufffd", text)


class EntityKind(StrEnum):
    """The three kinds of entity the graph holds; the value is the schema.org class name."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


@dataclass(frozen=True)
class Article:
    """One news article as read from the input, before any language processing."""

    id: str
    """The input's own identifier: a record's id, or a file's path under its input directory."""
    text: str
    """The exact text every character offset of this article indexes into."""
    headline: str
    source: str
    """Where it was read from, relative to the input's parent folder (`seeds/000.txt`,
    `allsides-10k.jsonl.gz#line=12`)."""
    date: str | None = None
    """ISO 8601 date (`2017-09-01`) or date-time with zone (`2017-09-01T14:54:00+05:30`)."""
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    language: str = "en"
    fields: tuple[RecordField, ...] = ()
    """The record's own fields that kg does not model (AllSides' `label`, `extra.topic`), as
    the input gives them: kept on the article (`kg:recordField`), so queries can use them."""


@dataclass(frozen=True)
class RecordField:
    """One field of an input record: its name (a nested one joined by dots, `extra.topic`)
    and its values (a list gives several; JSON's null gives none and is left out)."""

    name: str
    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True)
class Problem:
    """An article, record or file that could not be used (or only with a warning), and why.
    Reported, never fatal."""

    source: str
    message: str
    skipped: bool = True
    """False for a warning: the article was still read (say, decoded as Windows-1252)."""


REPEAT_LABEL = "kg:repeat"
"""`Mention.label` of a name found again as printed before, not by the model."""
SOURCE_LABEL = "kg:source"
"""`Mention.label` of a name found as a statement's source, not by the model."""


@dataclass(frozen=True)
class Mention:
    """A name in an article's text: `text == article.text[begin:end]`."""

    begin: int
    end: int
    text: str
    kind: EntityKind
    label: str
    """The NER label the mention came from (PERSON, ORG, GPE, LOC, FAC), or how kg found it
    otherwise (`REPEAT_LABEL`, `SOURCE_LABEL`)."""


@dataclass(frozen=True)
class Hint:
    """What the words around a stretch of an article say it is (`the X base`: a place)."""

    begin: int
    end: int
    kind: EntityKind
    strong: bool
    """The words say what it is (`the X group`); weak: usually so (`in X`)."""
    rule: str
    """Which rule: `head`, `naming`, `apposition`, `title`, `employer`, `body` (may hold other
    mentions), `preposition`, `possessive`."""


@dataclass(frozen=True)
class Phrase:
    """A stretch of an article's text that is not a name: `text == article.text[begin:end]`."""

    begin: int
    end: int
    text: str


class QuoteKind(StrEnum):
    """How a statement is reported (`kg:quoteKind`)."""

    DIRECT = "direct"
    MIXED = "mixed"
    """Reported speech holding a quoted fragment."""
    INDIRECT = "indirect"


@dataclass(frozen=True)
class Statement:
    """Words an article attributes to a speaker (a `schema:Quotation`)."""

    begin: int
    end: int
    text: str
    """The attributed words: `article.text[begin:end]` without the quotation marks repeated at
    paragraph starts (the outer marks are outside `begin:end`)."""
    kind: QuoteKind
    cue: str | None
    """The reporting verb's lemma (`say`, `add`), or `according to`."""
    cue_phrase: Phrase | None
    source: Phrase | None
    """Where the text names the speaker: a name, a pronoun, a description."""
    speaker: Mention | None
    """The entity mention the source resolves to; None when the text does not say who."""


@dataclass(frozen=True)
class Entity:
    """One real-world entity as one article names it, with every mention of it there."""

    kind: EntityKind
    name: str
    """The canonical name: the fullest form the article uses, or once the corpus is resolved
    (`kg.resolve.corpus`) the name the corpus gives the entity."""
    alternate_names: tuple[str, ...]
    """Every other surface form the article uses, sorted."""
    mentions: tuple[Mention, ...]
    same_as: tuple[str, ...] = ()
    """External IRIs (Wikidata, GeoNames) when a gazetteer linked it: the first is its identity
    across articles."""


class RelationKind(StrEnum):
    """What a relation says; the value is the schema.org property's name."""

    JOB_TITLE = "jobTitle"
    WORKS_FOR = "worksFor"
    MEMBER_OF = "memberOf"
    CONTAINED_IN = "containedInPlace"


@dataclass(frozen=True)
class Relation:
    """A relation an article's sentence states: between two mentions' entities, or from a
    person's mention to a job title the text gives."""

    subject: Mention
    kind: RelationKind
    object: Mention | None
    """The other entity's mention (worksFor, memberOf, containedInPlace)."""
    value: Phrase | None
    """The job title as printed (jobTitle)."""
    evidence: Phrase
    """The sentence that says it."""


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article, ready to become triples."""

    article: Article
    entities: tuple[Entity, ...] = field(default=())
    statements: tuple[Statement, ...] = field(default=())
    relations: tuple[Relation, ...] = field(default=())
    publisher: Entity | None = None
    """The article's publisher as an entity (no mentions); None when not yet made from
    `article.publisher` (`kg.resolve.corpus.with_credits` makes it)."""
    authors: tuple[Entity, ...] = field(default=())
    """The article's authors as entities (no mentions), likewise."""
