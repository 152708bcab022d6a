"""Any text yields Turtle, N-Quads and JSON-LD that parse back to the same graph."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld as pyld
from pyoxigraph import RdfFormat, parse
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.facts import Article, ArticleFacts, Entity, EntityKind, Mention
from kg.rdf import emit, jsonld
from kg.rdf.convert import to_rdflib
from kg.rdf.iri import Minter
from kg.rdf.triples import article_quads
from kg.rdf.vocab import KG, SCHEMA

# Any Unicode text but lone surrogates (covered in test_rdf): quotes, backslashes, <, >,
# newlines, control characters, IRI- and Turtle-looking strings.
hostile = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30
) | st.sampled_from(['"""', "\\", "<http://x/>", "@prefix a: <b> .", "a'b\"c", "\n\r\t\x00\x1f"])


def article_facts(headline: str, name: str, article_id: str) -> ArticleFacts:
    text = f"{name} said {headline}"
    person = Entity(
        EntityKind.PERSON, name, (), (Mention(0, len(name), name, EntityKind.PERSON, "PERSON"),)
    )
    article = Article(
        id=article_id, text=text, headline=headline, source=f"{article_id}.txt",
        publisher=name, authors=(headline,), url=headline,
    )  # fmt: skip
    return ArticleFacts(article, (person,))


def _no_remote_contexts(url: str, options: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError(f"a JSON-LD processor was asked to fetch {url}")


@settings(max_examples=60, deadline=None)
@given(hostile, hostile, hostile)
def test_every_syntax_round_trips(headline: str, name: str, article_id: str) -> None:
    quads = article_quads(article_facts(headline, name, article_id), Minter())
    triples = [q.triple for q in quads]
    expected = to_rdflib(quads)

    nquads = emit.quads_bytes(quads)
    assert isomorphic(to_rdflib(parse(nquads, format=RdfFormat.N_QUADS)), expected)

    turtle = io.BytesIO()
    emit.write_turtle(triples, turtle)
    assert isomorphic(Graph().parse(data=turtle.getvalue(), format="turtle"), expected)

    document = io.StringIO()
    jsonld.write(triples, document)
    assert isomorphic(Graph().parse(data=document.getvalue(), format="json-ld"), expected)
    # And by an independent JSON-LD processor, fetching nothing.
    expanded = pyld.to_rdf(
        json.loads(document.getvalue()),
        {"format": "application/n-quads", "documentLoader": _no_remote_contexts},
    )
    assert isomorphic(Graph().parse(data=expanded, format="nt"), expected)


def test_context_has_a_term_for_every_vocabulary_term() -> None:
    context = jsonld.context()
    assert context["headline"] == "schema:headline"
    assert context["beginIndex"] == {"@id": "nif:beginIndex", "@type": "xsd:nonNegativeInteger"}
    assert context["taIdentRef"] == {"@id": "itsrdf:taIdentRef", "@type": "@id"}
    for term in ("cue", "quoteKind", "sourceMention"):
        assert term in context
    assert str(SCHEMA.headline) in jsonld.TERMS.values()
    assert str(KG.cue) in jsonld.TERMS.values()
