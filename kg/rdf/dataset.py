"""Facts as one rdflib Dataset: what `graph.nq` holds for those articles (one named graph per
article, named by its IRI, and the claims they share in `<base>claims`)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset

from kg.facts import ArticleFacts
from kg.rdf.convert import to_dataset
from kg.rdf.iri import Minter
from kg.rdf.triples import appearances, article_quads, claim_quads
from kg.resolve.claims import Claims
from kg.settings import DEFAULT_BASE_IRI


def to_graph(facts: Iterable[ArticleFacts], *, base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    """The dataset of these articles' facts, with IRIs minted under `base_iri`. Raises
    ConfigurationError for a base IRI kg cannot mint under."""
    minter = Minter(base_iri)
    quads = []
    statements = Claims()
    for one in facts:
        quads.extend(article_quads(one, minter))
        for appearance in appearances(one, minter):
            statements.add(appearance)
    quads.extend(claim_quads(statements.claims(), minter))
    return to_dataset(quads)
