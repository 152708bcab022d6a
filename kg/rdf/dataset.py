"""Facts as one rdflib Dataset: what `graph.nq` holds for those articles (one named graph per
article, named by its IRI, what is said of their entities in `<base>entities`, and the claims
they share in `<base>claims`), with the identities the articles make together
(`kg.resolve.corpus`)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset

from kg.facts import ArticleFacts
from kg.rdf.convert import to_dataset
from kg.rdf.iri import Minter
from kg.rdf.triples import appearances, article_quads, claim_quads, entity_quads
from kg.resolve.claims import Appearance, Claims
from kg.resolve.corpus import Described, Identities
from kg.resolve.duplicates import Copies
from kg.resolve.gazetteer import Gazetteer
from kg.settings import DEFAULT_BASE_IRI


def to_graph(
    facts: Iterable[ArticleFacts],
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    gazetteer: Gazetteer | None = None,
) -> Dataset:
    """The dataset of these articles' facts, with IRIs minted under `base_iri` and the
    identities the articles make together (with `gazetteer`, the one the facts were linked
    with, `pipe.gazetteer`, as `kg build` decides them). Raises ConfigurationError for a base
    IRI kg cannot mint under."""
    minter = Minter(base_iri)
    quads = []
    identities = Identities(gazetteer)
    everything = list(facts)
    for one in everything:
        identities.add(one)
    copies = Copies()
    named: dict[Described, None] = {}
    said: list[Appearance] = []
    for one in everything:
        applied, described = identities.resolved(one)
        named.update(dict.fromkeys(described))
        quads.extend(article_quads(applied, minter))
        copies.add(minter.article(one.article.id), one.article.text, one.article.date)
        said.extend(appearances(applied, minter))
    quads.extend(entity_quads(named, minter))
    originals = copies.originals()
    with Claims() as statements:
        for appearance in said:
            statements.add(appearance)
        quads.extend(claim_quads(statements.claims(originals), minter, originals))
    return to_dataset(quads)
