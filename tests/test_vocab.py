from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from kg.rdf import vocab
from tests.conftest import ROOT


def test_every_kg_term_is_defined_in_the_ontology() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    defined = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(vocab.KG._NS))}
    used = {URIRef(vocab.KG._NS[name]) for name in vocab.KG.__annotations__}
    assert used == defined
    for term in used:
        assert (term, RDF.type, OWL.DatatypeProperty) in ontology or (
            term,
            RDF.type,
            OWL.ObjectProperty,
        ) in ontology


def test_namespaces_are_closed() -> None:
    with pytest.raises(AttributeError):
        _ = vocab.SCHEMA.headLine
    assert str(vocab.SCHEMA.headline) == "http://schema.org/headline"  # http, not https


def test_shapes_use_the_same_namespaces() -> None:
    text = (ROOT / "shapes" / "kg-shapes.ttl").read_text(encoding="utf-8")
    for prefix in ("schema", "nif", "itsrdf", "prov", "dct", "void", "kg"):
        assert f"@prefix {prefix}: " in text
        declared = text.split(f"@prefix {prefix}: ", 1)[1].split(">", 1)[0].strip(" <")
        assert declared == vocab.PREFIXES[prefix], prefix
