"""Every vocabulary term kg writes, as attributes of closed namespaces (the one place for them).

Turtle prefixes, the JSON-LD context and the tests derive from here. schema.org is used with its
`http://` namespace, which is what schema.org's own JSON-LD context expands to (rdflib's SDO is
`https://`, so it is not used for output).
"""

from __future__ import annotations

from rdflib import RDF, XSD, Namespace
from rdflib.namespace import DefinedNamespace

from kg.rdf.namespaces import GEONAMES, WIKIDATA_ENTITY

__all__ = ["DCT", "GEONAMES", "ITSRDF", "KG", "NIF", "OWL", "PREFIXES", "PROV", "SCHEMA", "VOID",
           "VOID_CLASS", "WIKIDATA_ENTITY"]  # fmt: skip


class SCHEMA(DefinedNamespace):
    _NS = Namespace("http://schema.org/")
    _fail = True

    NewsArticle: str
    Person: str
    Organization: str
    Place: str
    Quotation: str
    Claim: str
    headline: str
    datePublished: str
    publisher: str
    author: str
    url: str
    inLanguage: str
    mentions: str
    name: str
    alternateName: str
    jobTitle: str
    memberOf: str
    worksFor: str
    affiliation: str
    containedInPlace: str
    location: str
    text: str
    spokenByCharacter: str
    isPartOf: str
    appearance: str
    firstAppearance: str
    softwareVersion: str
    PropertyValue: str
    value: str


class NIF(DefinedNamespace):
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: str
    Phrase: str
    OffsetBasedString: str
    isString: str
    referenceContext: str
    beginIndex: str
    endIndex: str
    anchorOf: str


class ITSRDF(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: str
    taClassRef: str


class PROV(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/ns/prov#")
    _fail = True

    Activity: str
    SoftwareAgent: str
    wasDerivedFrom: str
    wasGeneratedBy: str
    wasAssociatedWith: str
    startedAtTime: str
    endedAtTime: str


class DCT(DefinedNamespace):
    _NS = Namespace("http://purl.org/dc/terms/")
    _fail = True

    identifier: str
    created: str
    title: str


class VOID(DefinedNamespace):
    _NS = Namespace("http://rdfs.org/ns/void#")
    _fail = True

    Dataset: str
    triples: str
    entities: str
    classes: str
    vocabulary: str
    classPartition: str
    # `class` is a Python keyword: reach it as VOID["class"].


class OWL(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/2002/07/owl#")
    _fail = True

    sameAs: str


class KG(DefinedNamespace):
    """The project's own terms, each defined in `ontology/kg.ttl`."""

    _NS = Namespace("https://w3id.org/kg-news/ns#")
    _fail = True

    cue: str
    quoteKind: str
    sourceMention: str
    cueMention: str
    languageModel: str
    baseIri: str
    evidence: str
    valueMention: str
    nearDuplicateOf: str
    recordField: str


VOID_CLASS = VOID._NS["class"]

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "xsd": str(XSD),
    "schema": str(SCHEMA._NS),
    "nif": str(NIF._NS),
    "itsrdf": str(ITSRDF._NS),
    "prov": str(PROV._NS),
    "dct": str(DCT._NS),
    "void": str(VOID._NS),
    "owl": str(OWL._NS),
    "kg": str(KG._NS),
}
"""Prefix -> namespace for every vocabulary kg writes."""
