"""The one module that turns facts into triples (pyoxigraph terms). No spaCy here.

Each article's facts go into a named graph whose name is the article's IRI: the article, its
mentions, statements and relations. What is said of an entity itself (its type, names and
links) is said once, in the entities' named graph (`<base>entities`), so the union of the named
graphs is the merged graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import RDF, XSD

from kg.facts import ArticleFacts, Entity, EntityKind, Mention, without_lone_surrogates
from kg.rdf.iri import Minter
from kg.rdf.vocab import DCT, ITSRDF, KG, NIF, OWL, PROV, SCHEMA
from kg.resolve.claims import Appearance, Claim
from kg.resolve.corpus import Described, with_credits


@cache
def node(iri: str) -> NamedNode:
    """A vocabulary term (or any IRI) as a pyoxigraph NamedNode."""
    return NamedNode(str(iri))


def text(value: str) -> Literal:
    """An `xsd:string` literal (safe for Articles built by hand, not read by `kg.read`)."""
    return Literal(without_lone_surrogates(value))


def typed(value: str | int, datatype: str) -> Literal:
    return Literal(str(value), datatype=node(datatype))


def _value_literal(value: str | int | float | bool) -> Literal:
    """A record's value with its JSON type: xsd:boolean, xsd:integer, xsd:double or a string."""
    if isinstance(value, bool):
        return typed("true" if value else "false", XSD.boolean)
    if isinstance(value, int):
        return typed(value, XSD.integer)
    if isinstance(value, float):
        return typed(repr(value).replace("inf", "INF"), XSD.double)
    return text(value)


def date_literal(iso: str) -> Literal:
    """`2017` is an `xsd:gYear`, `2017-05` an `xsd:gYearMonth`, a date an `xsd:date`, a
    date-time an `xsd:dateTime`: each date at the precision the article states."""
    if "T" in iso:
        return typed(iso, XSD.dateTime)
    return typed(iso, {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(iso), XSD.date))


def class_of(kind: EntityKind) -> NamedNode:
    return node(SCHEMA[kind.value])


def article_quads(facts: ArticleFacts, minter: Minter) -> list[Quad]:
    """Every quad of one article's graph, in a fixed order (the same facts, the same bytes):
    the article, its mentions, statements and relations. What is said of its entities
    themselves is in `entity_quads`."""
    facts = with_credits(facts)
    article = facts.article
    subject = NamedNode(minter.article(article.id))
    graph = subject
    quads: list[Quad] = []

    def add(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        quads.append(Quad(s, node(p), o, graph))

    def describe_phrase(begin: int, end: int, anchor: str) -> NamedNode:
        """A `nif:Phrase` of the article at those offsets (a mention, a source, a cue)."""
        phrase = NamedNode(minter.mention(subject.value, begin, end))
        add(phrase, RDF.type, node(NIF.Phrase))
        add(phrase, RDF.type, node(NIF.OffsetBasedString))
        add(phrase, NIF.referenceContext, subject)
        add(phrase, NIF.beginIndex, typed(begin, XSD.nonNegativeInteger))
        add(phrase, NIF.endIndex, typed(end, XSD.nonNegativeInteger))
        add(phrase, NIF.anchorOf, text(anchor))
        return phrase

    add(subject, RDF.type, node(SCHEMA.NewsArticle))
    add(subject, RDF.type, node(NIF.Context))
    add(subject, DCT.identifier, text(article.id))
    add(subject, SCHEMA.headline, text(article.headline))
    if article.date:
        add(subject, SCHEMA.datePublished, date_literal(article.date))
    if facts.publisher is not None:
        add(subject, SCHEMA.publisher, NamedNode(minter.entity_of(facts.publisher)))
    for author in facts.authors:
        add(subject, SCHEMA.author, NamedNode(minter.entity_of(author)))
    if article.url:
        add(subject, SCHEMA.url, typed(article.url, XSD.anyURI))
    add(subject, SCHEMA.inLanguage, text(article.language))
    add(subject, NIF.isString, text(article.text))
    add(subject, PROV.wasDerivedFrom, NamedNode(minter.source(article.source)))
    for record_field in article.fields:
        field_node = NamedNode(minter.record_field(subject.value, record_field.name))
        add(subject, KG.recordField, field_node)
        add(field_node, RDF.type, node(SCHEMA.PropertyValue))
        add(field_node, SCHEMA.name, text(record_field.name))
        for given in record_field.values:
            add(field_node, SCHEMA.value, _value_literal(given))

    entity_iris = [NamedNode(minter.entity_of(e)) for e in facts.entities]
    for iri in dict.fromkeys(entity_iris):
        add(subject, SCHEMA.mentions, iri)

    for iri, entity in zip(entity_iris, facts.entities, strict=True):
        for mention in entity.mentions:
            phrase = describe_phrase(mention.begin, mention.end, mention.text)
            add(phrase, ITSRDF.taIdentRef, iri)
            add(phrase, ITSRDF.taClassRef, class_of(entity.kind))

    entity_of = {m: NamedNode(iri) for m, iri in _entity_of(facts, minter).items()}
    for statement in facts.statements:
        # The phrases first, so that each node's triples come together.
        phrases = [
            (prop, describe_phrase(phrase.begin, phrase.end, phrase.text))
            for prop, phrase in ((KG.sourceMention, statement.source),
                                 (KG.cueMention, statement.cue_phrase))
            if phrase is not None
        ]  # fmt: skip
        quotation = NamedNode(minter.quotation(subject.value, statement.begin, statement.end))
        add(quotation, RDF.type, node(SCHEMA.Quotation))
        add(quotation, SCHEMA.text, text(statement.text))
        add(quotation, SCHEMA.isPartOf, subject)
        add(quotation, NIF.referenceContext, subject)
        add(quotation, NIF.beginIndex, typed(statement.begin, XSD.nonNegativeInteger))
        add(quotation, NIF.endIndex, typed(statement.end, XSD.nonNegativeInteger))
        add(quotation, KG.quoteKind, text(statement.kind.value))
        speaker = entity_of.get(statement.speaker) if statement.speaker else None
        if speaker is not None:
            add(quotation, SCHEMA.spokenByCharacter, speaker)
        if statement.cue:
            add(quotation, KG.cue, text(statement.cue))
        for prop, phrase in phrases:
            add(quotation, prop, phrase)

    for relation in facts.relations:
        subject_iri = entity_of.get(relation.subject)
        target: NamedNode | Literal | None
        if relation.value is not None:
            target = text(relation.value.text)
        else:
            target = entity_of.get(relation.object) if relation.object else None
        if subject_iri is None or target is None or target == subject_iri:
            continue
        predicate = str(SCHEMA._NS[relation.kind.value])
        evidence = describe_phrase(relation.evidence.begin, relation.evidence.end,
                                   relation.evidence.text)  # fmt: skip
        value = (
            describe_phrase(relation.value.begin, relation.value.end, relation.value.text)
            if relation.value is not None
            else None
        )
        add(subject_iri, predicate, target)
        reified = NamedNode(
            minter.relation(subject.value, subject_iri.value, predicate, str(target.value))
        )
        add(reified, RDF.type, node(RDF.Statement))
        add(reified, RDF.subject, subject_iri)
        add(reified, RDF.predicate, node(predicate))
        add(reified, RDF.object, target)
        add(reified, KG.evidence, evidence)
        if value is not None:
            add(reified, KG.valueMention, value)
    return _dedupe(quads)


def entity_quads(described: Iterable[Described | Entity], minter: Minter) -> list[Quad]:
    """What is said of each entity itself (its type, name, other names and links), once, in
    the entities' own named graph, in the order of their IRIs. Two descriptions of one IRI
    (two names that mint alike) are one: the first name in code point order stays the name,
    the others become alternate names."""
    graph = NamedNode(minter.entities_graph())
    by_iri: dict[str, list[Described | Entity]] = {}
    for one in described:
        by_iri.setdefault(minter.entity_of(one), []).append(one)
    quads: list[Quad] = []
    for iri in sorted(by_iri):
        group = sorted(by_iri[iri], key=lambda d: (d.name, d.kind.value))
        first = group[0]
        subject = NamedNode(iri)
        quads.append(Quad(subject, node(RDF.type), class_of(first.kind), graph))
        quads.append(Quad(subject, node(SCHEMA.name), text(first.name), graph))
        alternates = {n for d in group for n in (d.name, *d.alternate_names)} - {first.name}
        for alternate in sorted(alternates):
            quads.append(Quad(subject, node(SCHEMA.alternateName), text(alternate), graph))
        for external in sorted({e for d in group for e in d.same_as}):
            quads.append(Quad(subject, node(OWL.sameAs), NamedNode(external), graph))
    return quads


def appearances(facts: ArticleFacts, minter: Minter) -> list[Appearance]:
    """The article's statements as claims need them (IRIs as `article_quads` mints them)."""
    facts = with_credits(facts)
    article = minter.article(facts.article.id)
    entity_of = _entity_of(facts, minter)
    outlet = minter.entity_of(facts.publisher) if facts.publisher is not None else None
    return [
        Appearance(
            quotation=minter.quotation(article, s.begin, s.end),
            article=article,
            date=facts.article.date,
            speaker=entity_of.get(s.speaker) if s.speaker else None,
            text=s.text,
            outlet=outlet,
        )
        for s in facts.statements
    ]


def claim_quads(
    claims: Iterable[Claim], minter: Minter, originals: Mapping[str, str] | None = None
) -> list[Quad]:
    """The claims, in the claims' own named graph, and which articles are copies of which
    (`originals`: article IRIs)."""
    graph = NamedNode(minter.claims_graph())
    quads: list[Quad] = []
    for copy, original in sorted((originals or {}).items()):
        quads.append(Quad(NamedNode(copy), node(KG.nearDuplicateOf), NamedNode(original), graph))
    for claim in claims:
        subject = NamedNode(minter.claim(claim.key))

        def add(p: str, o: NamedNode | Literal, s: NamedNode = subject) -> None:
            quads.append(Quad(s, node(p), o, graph))

        add(RDF.type, node(SCHEMA.Claim))
        add(SCHEMA.text, text(claim.text))
        if claim.speaker:
            add(SCHEMA.author, NamedNode(claim.speaker))
        for quotation in claim.appearances:
            add(SCHEMA.appearance, NamedNode(quotation))
        if claim.first:
            add(SCHEMA.firstAppearance, NamedNode(claim.first))
    return quads


def _entity_of(facts: ArticleFacts, minter: Minter) -> dict[Mention, str]:
    """The IRI of the entity each mention names (a speaker is a mention)."""
    return {m: minter.entity_of(e) for e in facts.entities for m in e.mentions}


def _dedupe(quads: list[Quad]) -> list[Quad]:
    # An entity's alternate name can equal another's, or one mention be claimed twice: RDF is a
    # set, and the output should say each triple once.
    return list(dict.fromkeys(quads))
