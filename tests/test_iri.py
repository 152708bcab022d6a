from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from kg.errors import ConfigurationError
from kg.facts import EntityKind
from kg.rdf.iri import Minter

MINTER = Minter("https://news.test/kg/")
texts = st.text(min_size=1, max_size=40)


def _round_trips(iri: str) -> None:
    """The IRI is valid, and survives N-Quads and Turtle unchanged."""
    quad = Quad(NamedNode(iri), NamedNode("https://news.test/p"), Literal("o"))
    for rdf_format in (RdfFormat.N_QUADS, RdfFormat.TRIG):
        data = serialize([quad], format=rdf_format)
        assert list(parse(data, format=rdf_format)) == [quad]


@given(texts)
def test_any_article_id_gives_a_valid_stable_iri(article_id: str) -> None:
    iri = MINTER.article(article_id)
    assert iri == Minter("https://news.test/kg/").article(article_id)
    assert iri.startswith("https://news.test/kg/article/")
    assert all(c not in iri for c in ' <>"{}|\\^`#?')
    _round_trips(iri)
    _round_trips(MINTER.mention(iri, 0, 5))


@given(texts, texts)
def test_distinct_article_ids_never_share_an_iri(a: str, b: str) -> None:
    if a != b:
        assert MINTER.article(a) != MINTER.article(b)


@given(texts, st.sampled_from(list(EntityKind)))
def test_any_name_gives_a_valid_entity_iri(name: str, kind: EntityKind) -> None:
    iri = MINTER.entity(kind, name)
    assert iri.startswith(f"https://news.test/kg/{kind.value.lower()}/")
    assert iri != f"https://news.test/kg/{kind.value.lower()}/"
    _round_trips(iri)


def test_entity_iris_are_readable_and_normalised() -> None:
    person = MINTER.entity(EntityKind.PERSON, "Asaad As-Salem")
    assert person == "https://news.test/kg/person/asaad-as-salem"
    assert MINTER.entity(EntityKind.PERSON, "Asaad  As-Salem") == person
    assert MINTER.entity(EntityKind.PLACE, "U.S.") == MINTER.entity(EntityKind.PLACE, "US")
    assert MINTER.entity(EntityKind.PLACE, "Zürich") == "https://news.test/kg/place/z%C3%BCrich"
    assert MINTER.entity(EntityKind.PLACE, "Syria") != MINTER.entity(
        EntityKind.ORGANIZATION, "Syria"
    )


def test_article_paths_stay_paths() -> None:
    assert MINTER.article("tech/057") == "https://news.test/kg/article/tech/057"
    assert MINTER.article("allsides:abc") == "https://news.test/kg/article/allsides%3Aabc"
    assert MINTER.article("a/../b") == "https://news.test/kg/article/a/%2E%2E/b"
    assert MINTER.mention("https://news.test/kg/article/x", 3, 9) == (
        "https://news.test/kg/article/x#char=3,9"
    )


@pytest.mark.parametrize(
    "base", ["no-scheme/", "http://x.test/no-slash", "http:///", "http://a b/", ""]
)
def test_bad_base_iri_is_refused(base: str) -> None:
    with pytest.raises(ConfigurationError, match="base IRI"):
        Minter(base)


@given(texts, st.sampled_from(list(EntityKind)))
def test_any_linked_iri_gives_a_valid_entity_iri_apart_from_named_ones(
    local: str, kind: EntityKind
) -> None:
    for external in (f"http://www.wikidata.org/entity/{local}", f"https://sws.geonames.org/{local}/",
                     f"urn:x-{local}"):  # fmt: skip
        iri = MINTER.linked_entity(kind, external)
        _round_trips(iri)
        assert iri == MINTER.linked_entity(kind, external)
        # A name's slug never holds a `/`: linked and unlinked entities never share an IRI.
        assert iri.count("/") > MINTER.entity(kind, local).count("/")


def test_linked_entities_are_named_by_their_link() -> None:
    wikidata = "http://www.wikidata.org/entity/Q858"
    assert MINTER.linked_entity(EntityKind.PLACE, wikidata) == "https://news.test/kg/place/wd/Q858"
    assert (
        MINTER.linked_entity(EntityKind.PLACE, "https://sws.geonames.org/163843/")
        == "https://news.test/kg/place/gn/163843"
    )
    assert MINTER.linked_entity(EntityKind.ORGANIZATION, "https://e.org/x").startswith(
        "https://news.test/kg/organization/iri/"
    )
