"""JSON-LD: kg's `@context`, and a streaming writer of compacted node objects.

The context is derived from `kg.vocab` (prefixes, and a term for every vocabulary term with the
type coercion its values need), so a document compacted with it reads like schema.org JSON-LD
(`"headline": "..."`, `"mentions": ["http://..."]`) and expands back to exactly the same triples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import RDF, XSD
from rdflib.namespace import DefinedNamespace

from kg.rdf.vocab import DCT, ITSRDF, KG, NIF, OWL, PREFIXES, PROV, SCHEMA, VOID, VOID_CLASS

# Properties whose values are IRIs (or blank nodes), and those with one fixed datatype.
_IRI_VALUED: set[str] = {
    str(term)
    for term in (
    SCHEMA.publisher, SCHEMA.author, SCHEMA.mentions, SCHEMA.memberOf, SCHEMA.worksFor,
    SCHEMA.affiliation, SCHEMA.containedInPlace, SCHEMA.location, SCHEMA.spokenByCharacter,
    SCHEMA.isPartOf, SCHEMA.appearance, SCHEMA.firstAppearance, NIF.referenceContext,
    ITSRDF.taIdentRef, ITSRDF.taClassRef, PROV.wasDerivedFrom, PROV.wasGeneratedBy,
    PROV.wasAssociatedWith, OWL.sameAs, VOID.vocabulary, VOID.classPartition, VOID_CLASS,
    KG.sourceMention, KG.cueMention,
    )
}  # fmt: skip
_DATATYPED: dict[str, str] = {
    str(prop): str(datatype)
    for prop, datatype in {
        NIF.beginIndex: XSD.nonNegativeInteger,
        NIF.endIndex: XSD.nonNegativeInteger,
        SCHEMA.url: XSD.anyURI,
        VOID.triples: XSD.integer,
        VOID.entities: XSD.integer,
        VOID.classes: XSD.integer,
        DCT.created: XSD.dateTime,
        PROV.startedAtTime: XSD.dateTime,
        PROV.endedAtTime: XSD.dateTime,
    }.items()
}
_TYPE_REF = str(ITSRDF.taClassRef)
_RDF_TYPE = str(RDF.type)
_STRING = str(XSD.string)
_NAMESPACES: list[type[DefinedNamespace]] = [SCHEMA, NIF, ITSRDF, PROV, DCT, VOID, OWL, KG]


def compact_iri(iri: str) -> str:
    """`schema:Person` for a vocabulary IRI; any other IRI stays absolute."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
            return f"{prefix}:{local}"
    return iri


def _terms() -> dict[str, str]:
    iris = [str(ns._NS[name]) for ns in _NAMESPACES for name in ns.__annotations__]
    iris.append(str(VOID_CLASS))
    terms: dict[str, str] = {}
    for iri in iris:
        local = compact_iri(iri).split(":", 1)[1]
        if local in terms and terms[local] != iri:
            raise RuntimeError(f"two vocabulary terms would share the JSON-LD term {local!r}")
        terms[local] = iri
    return terms


TERMS: dict[str, str] = _terms()
"""JSON-LD term -> IRI, one for every term kg's vocabulary has."""
_TERM_OF = {iri: term for term, iri in TERMS.items()}


def context() -> dict[str, Any]:
    """kg's JSON-LD context (the value of `@context`)."""
    ctx: dict[str, Any] = dict(PREFIXES)
    for term, iri in TERMS.items():
        if iri in _IRI_VALUED:
            ctx[term] = {"@id": compact_iri(iri), "@type": "@id"}
        elif iri in _DATATYPED:
            ctx[term] = {"@id": compact_iri(iri), "@type": compact_iri(_DATATYPED[iri])}
        else:
            ctx[term] = compact_iri(iri)
    return ctx


def _node_id(term: NamedNode | BlankNode) -> str:
    return term.value if isinstance(term, NamedNode) else f"_:{term.value}"


def _value(predicate: str, obj: NamedNode | BlankNode | Literal) -> tuple[str, Any]:
    """The key and compacted value of one (predicate, object) pair."""
    term = _TERM_OF.get(predicate)
    if term is not None and predicate in _IRI_VALUED and not isinstance(obj, Literal):
        return term, compact_iri(obj.value) if predicate == _TYPE_REF else _node_id(obj)
    if term is not None and isinstance(obj, Literal) and not obj.language:
        datatype = obj.datatype.value
        if predicate in _DATATYPED and datatype == _DATATYPED[predicate]:
            return term, obj.value
        if predicate not in _DATATYPED and predicate not in _IRI_VALUED and datatype == _STRING:
            return term, obj.value
    # No term fits this value: the full (compact) IRI as key, and an explicit value object.
    key = compact_iri(predicate)
    if isinstance(obj, Literal):
        if obj.language:
            return key, {"@value": obj.value, "@language": obj.language}
        if obj.datatype.value == _STRING:
            return key, obj.value
        return key, {"@value": obj.value, "@type": compact_iri(obj.datatype.value)}
    return key, {"@id": _node_id(obj)}


class Writer:
    """Writes a JSON-LD document, `{"@context": ..., "@graph": [...]}`, as triples are pushed
    into it: one compacted node object a line, for each run of triples that share a subject."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.nodes = 0
        self.subject: object = None
        self.current: dict[str, Any] | None = None
        out.write('{"@context": ')
        out.write(json.dumps(context(), ensure_ascii=False, sort_keys=True))
        out.write(',\n"@graph": [')

    def add(self, triple: Triple) -> None:
        obj = triple.object
        if isinstance(triple.subject, Triple) or isinstance(obj, Triple):
            raise ValueError("RDF-star triple terms have no JSON-LD 1.1 form")
        if self.current is None or triple.subject != self.subject:
            self._flush()
            self.subject = triple.subject
            self.current = {"@id": _node_id(triple.subject)}
        predicate = triple.predicate.value
        if predicate == _RDF_TYPE and isinstance(obj, NamedNode):
            key, value = "@type", _TERM_OF.get(obj.value) or compact_iri(obj.value)
        else:
            key, value = _value(predicate, obj)
        current = self.current
        if key in current:
            existing = current[key]
            current[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            current[key] = value

    def close(self) -> None:
        self._flush()
        self.out.write("\n]}\n")

    def _flush(self) -> None:
        if self.current is not None:
            self.out.write(",\n" if self.nodes else "\n")
            self.out.write(json.dumps(self.current, ensure_ascii=False))
            self.nodes += 1
            self.current = None


def write(triples: Iterable[Triple], out: IO[str]) -> None:
    """A whole JSON-LD document of `triples`."""
    writer = Writer(out)
    for triple in triples:
        writer.add(triple)
    writer.close()
