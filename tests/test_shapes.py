"""The SHACL shapes catch what users would be hurt by, and `kg validate` says where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef

from kg.rdf import shacl as validate
from kg.rdf.rudof import RudofValidator
from tests.conftest import run_kg

SCHEMA = Namespace("http://schema.org/")
SEED_0 = "<http://example.org/kg/article/000_b05168cb2f5a3579>"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return validate.load_shapes()


@pytest.mark.model
@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld", "graph.nq", "void.ttl"])
def test_build_output_passes(seeds_output: Path, name: str, engine: str) -> None:
    run = run_kg("validate", seeds_output / name, "--engine", engine)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().endswith("conforms")


@pytest.mark.model
@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
def test_removed_headline_fails(seeds_output: Path, tmp_path: Path, engine: str) -> None:
    text = (seeds_output / "graph.nq").read_text(encoding="utf-8")
    lines = [
        line for line in text.splitlines(keepends=True)
        if not (line.startswith(SEED_0) and "<http://schema.org/headline>" in line)
    ]  # fmt: skip
    assert len(lines) == len(text.splitlines()) - 1
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(lines), encoding="utf-8")
    run = run_kg("validate", broken, "--engine", engine)
    assert run.returncode == 1
    assert f"Violation: {SEED_0} http://schema.org/headline: An article has exactly one" in (
        run.stdout
    )


@pytest.mark.model
@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
def test_shifted_mention_offset_fails(seeds_output: Path, tmp_path: Path, engine: str) -> None:
    turtle = (seeds_output / "graph.ttl").read_text(encoding="utf-8")
    # The first mention of "Syria" in the first seed: move its end one character on.
    match = re.search(r"#char=(\d+),(\d+)> a nif:Phrase", turtle)
    assert match
    begin, end = match.groups()
    old = f'nif:endIndex "{end}"^^xsd:nonNegativeInteger'
    position = turtle.index(old, match.start())
    broken = (
        turtle[:position]
        + f'nif:endIndex "{int(end) + 1}"'
        + turtle[position + len(f'nif:endIndex "{end}"') :]
    )
    (tmp_path / "broken.ttl").write_text(broken, encoding="utf-8")
    run = run_kg("validate", tmp_path / "broken.ttl", "--engine", engine)
    assert run.returncode == 1
    assert f"#char={begin},{end}: nif:anchorOf" in run.stdout
    assert f"is not the article's text at {begin},{int(end) + 1}" in run.stdout


PREFIXES = """
        @prefix schema: <http://schema.org/> .
        @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
        @prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix ex: <http://example.org/> .
        @prefix kg: <https://w3id.org/kg-news/ns#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    """


def _check(shapes: Graph, turtle: str) -> validate.Report:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = validate.validate_graph(graph, shapes)
    _same_from_both_engines(graph, shapes, report)
    return report


def _where(report: validate.Report) -> set[tuple[str, str | None]]:
    return {(v.focus, v.path) for v in report.violations}


def _same_from_both_engines(graph: Graph, shapes: Graph, reference: validate.Report) -> None:
    """The differential test: rudof's verdict, focus nodes and paths are pySHACL's."""
    other = RudofValidator(shapes).validate(graph)
    assert other.conforms == reference.conforms, (reference.violations, other.violations)
    assert _where(other) == _where(reference), (reference.violations, other.violations)


ARTICLE = """
    ex:a a schema:NewsArticle, nif:Context ; schema:headline "H" ; dct:identifier "a" ;
        nif:isString "Paris is big." ; prov:wasDerivedFrom ex:src ; schema:mentions ex:paris .
    ex:paris a schema:Place ; schema:name "Paris" .
    ex:m a nif:Phrase, nif:OffsetBasedString ; nif:referenceContext ex:a ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Paris" ; itsrdf:taIdentRef ex:paris ; itsrdf:taClassRef schema:Place .
"""


def test_a_correct_article_conforms(shapes: Graph) -> None:
    report = _check(shapes, ARTICLE)
    assert report.conforms, report.violations


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(headline=st.text(st.characters(exclude_categories=["Cs"]), min_size=0, max_size=30),
       name=st.text(st.characters(exclude_categories=["Cs"]), min_size=0, max_size=30))  # fmt: skip
def test_both_engines_read_any_text_alike(shapes: Graph, headline: str, name: str) -> None:
    """Quotes, backslashes, line breaks, control characters, empty or blank texts: rudof reads
    the graph as pySHACL does and gives the same verdict (rudof is handed N-Triples)."""
    graph = Graph().parse(data=PREFIXES + ARTICLE,
                          format="turtle")  # fmt: skip
    graph.set((URIRef("http://example.org/a"), SCHEMA.headline, Literal(headline)))
    graph.set((URIRef("http://example.org/paris"), SCHEMA.name, Literal(name)))
    report = validate.validate_graph(graph, shapes)
    _same_from_both_engines(graph, shapes, report)
    assert report.conforms == bool(headline.strip() and name.strip())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("ex:paris a schema:Place", "ex:paris a schema:Place, schema:Person"),
         "exactly one of schema:Person"),
        (('schema:name "Paris"', 'schema:name "Paris", "Paname"'), "exactly one canonical name"),
        (("itsrdf:taClassRef schema:Place", "itsrdf:taClassRef schema:Organization"),
         "is not the class of its entity"),
        (('nif:anchorOf "Paris"', 'nif:anchorOf "Pari"'), "is not the article's text at 0,5"),
        (('"5"^^xsd:nonNegativeInteger', '"5"^^xsd:integer'), "nif-core#endIndex"),
        (('schema:headline "H" ;', ""), "exactly one non-empty headline"),
        (("itsrdf:taIdentRef ex:paris", "itsrdf:taIdentRef ex:nowhere"),
         "is not the class of its entity"),
        (('schema:headline "H"', 'schema:headline "H" ; schema:datePublished "2020"'),
         "datePublished is one xsd:date, xsd:dateTime, xsd:gYearMonth or xsd:gYear"),
    ],
)  # fmt: skip
def test_shapes_catch(shapes: Graph, change: tuple[str, str], expected: str) -> None:
    _assert_caught(shapes, ARTICLE, change, expected)


def _assert_caught(shapes: Graph, turtle: str, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in turtle
    report = _check(shapes, turtle.replace(old, new))
    assert not report.conforms
    assert any(expected in str(v) for v in report.violations), report.violations


QUOTED = (
    ARTICLE.replace('"Paris is big."', '"Paris is big, she said."')
    + """
    ex:zak a schema:Person ; schema:name "Maria Zakharova" .
    ex:q a schema:Quotation ; schema:text "Paris is big" ; schema:isPartOf ex:a ;
        nif:referenceContext ex:a ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
        nif:endIndex "12"^^xsd:nonNegativeInteger ; kg:quoteKind "direct" ; kg:cue "say" ;
        schema:spokenByCharacter ex:zak ; kg:sourceMention ex:she .
    ex:she a nif:Phrase, nif:OffsetBasedString ; nif:referenceContext ex:a ;
        nif:beginIndex "14"^^xsd:nonNegativeInteger ; nif:endIndex "17"^^xsd:nonNegativeInteger ;
        nif:anchorOf "she" .
    ex:claim a schema:Claim ; schema:text "Paris is big" ; schema:author ex:zak ;
        schema:appearance ex:q, ex:q2 ; schema:firstAppearance ex:q .
"""
)


def test_a_correct_quotation_and_claim_conform(shapes: Graph) -> None:
    # A source phrase that is a pronoun has no entity: it is a phrase, not a mention.
    report = _check(shapes, QUOTED)
    assert report.conforms, report.violations


def test_a_place_may_speak_for_its_government(shapes: Graph) -> None:
    # "Pyongyang denied": the data model lets a country or capital be the speaker.
    spoken = QUOTED.replace("schema:spokenByCharacter ex:zak", "schema:spokenByCharacter ex:paris")
    assert spoken != QUOTED
    report = _check(shapes, spoken)
    assert report.conforms, report.violations


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kg:quoteKind "direct"', 'kg:quoteKind "quoted"'), "quoteKind is one of"),
        (('schema:text "Paris is big" ; schema:isPartOf', "schema:isPartOf"),
         "exactly one non-empty text"),
        (("schema:spokenByCharacter ex:zak", "schema:spokenByCharacter ex:she"),
         "speaker is one schema:Person, schema:Organization or schema:Place"),
        (('nif:endIndex "12"', 'nif:endIndex "40"'), "are not in the article's text"),
        (('nif:endIndex "12"', 'nif:endIndex "5"'), "its text is longer than they span"),
        (("schema:appearance ex:q, ex:q2", "schema:appearance ex:q"), "at least two quotations"),
        (("schema:firstAppearance ex:q", "schema:firstAppearance ex:q3"),
         "is not one of its appearances"),
    ],
)  # fmt: skip
def test_shapes_catch_in_statements(shapes: Graph, change: tuple[str, str], expected: str) -> None:
    _assert_caught(shapes, QUOTED, change, expected)


RELATED = (
    ARTICLE
    + """
    ex:paris owl:sameAs <https://sws.geonames.org/2988507/> ; schema:containedInPlace ex:france .
    ex:france a schema:Place ; schema:name "France" .
    ex:r a rdf:Statement ; rdf:subject ex:paris ; rdf:predicate schema:containedInPlace ;
        rdf:object ex:france ; kg:evidence ex:m .
"""
)


def test_a_linked_entity_and_a_relation_conform(shapes: Graph) -> None:
    report = _check(shapes, RELATED)
    assert report.conforms, report.violations


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("owl:sameAs <https://sws.geonames.org/2988507/>", 'owl:sameAs "2988507"'),
         "links an entity to an external IRI"),
        (("ex:france a schema:Place", "ex:france a schema:Person"),
         "containedInPlace names a Place"),
        (("rdf:predicate schema:containedInPlace", "rdf:predicate schema:knows"),
         "one of schema:jobTitle, worksFor"),
        (("; kg:evidence ex:m", ""), "the sentence that states it"),
        (("rdf:object ex:france", "rdf:object ex:paris"), "stated in the article's graph"),
    ],
)  # fmt: skip
def test_shapes_catch_in_links_and_relations(
    shapes: Graph, change: tuple[str, str], expected: str
) -> None:
    _assert_caught(shapes, RELATED, change, expected)


FIELDED = (
    ARTICLE
    + """
    ex:a kg:recordField ex:topic, ex:bias .
    ex:topic a schema:PropertyValue ; schema:name "extra.topic" ; schema:value "terrorism" .
    ex:bias a schema:PropertyValue ; schema:name "extra.bias" ; schema:value 2, 1.5e0, true .
"""
)


def test_an_article_with_record_fields_conforms(shapes: Graph) -> None:
    report = _check(shapes, FIELDED)
    assert report.conforms, report.violations


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('schema:name "extra.topic" ;', ""), "exactly one non-empty name"),
        (('; schema:value "terrorism"', ""), "at least one value"),
        (('schema:value "terrorism"', "schema:value ex:elsewhere"), "at least one value"),
        (("ex:a kg:recordField ex:topic, ex:bias .", "ex:a kg:recordField ex:bias ."),
         "belongs to exactly one article"),
        (("ex:a kg:recordField ex:topic, ex:bias .",
          "ex:a kg:recordField ex:topic, ex:bias . ex:paris kg:recordField ex:topic ."),
         "belongs to exactly one article"),
    ],
)  # fmt: skip
def test_shapes_catch_in_record_fields(
    shapes: Graph, change: tuple[str, str], expected: str
) -> None:
    _assert_caught(shapes, FIELDED, change, expected)
