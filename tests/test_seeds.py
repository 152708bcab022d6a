"""The seeds end to end, through the real CLI: what a user gets from `make run`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, parse
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.rdf.convert import to_rdflib
from tests.conftest import GOLDEN, SEEDS, run_kg, visible

pytestmark = pytest.mark.model

SCHEMA = "http://schema.org/"
KG = "https://w3id.org/kg-news/ns#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
BASE = "http://example.org/kg/"
ARTICLE_0 = URIRef(BASE + "article/000_b05168cb2f5a3579")
ARTICLE_2 = URIRef(BASE + "article/002_a4062ba3a2d63c11")
FILES = ["context.jsonld", "graph.jsonld", "graph.nq", "graph.ttl", "validation-report.ttl",
         "void.ttl"]  # fmt: skip


@pytest.fixture(scope="module")
def graph(seeds_output: Path) -> Graph:
    return Graph().parse(seeds_output / "graph.ttl")


def named_graphs(path: Path) -> dict[str, Graph]:
    """Each named graph of an N-Quads file (parsed by Oxigraph)."""
    quads: dict[str, list[Quad]] = {}
    with open(path, "rb") as handle:
        for quad in parse(handle, format=RdfFormat.N_QUADS):
            quads.setdefault(quad.graph_name.value, []).append(quad)
    return {name: to_rdflib(q) for name, q in quads.items()}


def s(term: str) -> URIRef:
    return URIRef(SCHEMA + term)


def test_output_holds_every_file(seeds_output: Path) -> None:
    assert sorted(p.name for p in visible(seeds_output)) == FILES


def test_articles_headline_date_publisher_author(graph: Graph) -> None:
    assert graph.value(ARTICLE_0, s("headline")) == Literal(
        "'U.S. troops at Al-Tanf base sold weapons to ISIS in Syria'"
    )
    assert str(graph.value(ARTICLE_0, s("datePublished"))) == "2017-09-01T14:54:00+05:30"
    author = graph.value(ARTICLE_0, s("author"))
    assert graph.value(author, s("name")) == Literal("News Agencies")
    assert graph.value(ARTICLE_2, s("headline")) == Literal(
        "CONFIRMED: US backed so-called \u2018moderate rebels\u2019 sold American weapons to ISIS"
    )
    assert graph.value(ARTICLE_2, s("datePublished")) is None  # not stated: not guessed
    publisher = graph.value(ARTICLE_2, s("publisher"))
    assert graph.value(publisher, s("name")) == Literal("The Duran")


def _entities(graph: Graph, article: URIRef, kind: str) -> dict[str, set[str]]:
    found = {}
    for entity in graph.objects(article, s("mentions")):
        if (entity, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), s(kind)) in graph:
            name = str(graph.value(entity, s("name")))
            found[name] = {str(a) for a in graph.objects(entity, s("alternateName"))}
    return found


def test_people_with_their_alternate_names(graph: Graph) -> None:
    people = _entities(graph, ARTICLE_0, "Person")
    assert people["Asaad As-Salem"] == {"As-Salem", "Salem"}
    assert people["Maria Zakharova"] == {"Zakharova"}
    later = _entities(graph, ARTICLE_2, "Person")
    assert {"Asaad As-Salem", "Maria Zakharova", "Eugeniy Poddubny"} <= later.keys()
    # No title is part of a name ("Spokeswoman Maria Zakharova" in the text).
    assert not any(name.lower().startswith("spokes") for name in later)


def test_places_and_organisations(graph: Graph) -> None:
    assert {"Syria", "Iraq", "Russia"} <= _entities(graph, ARTICLE_0, "Place").keys()
    later = _entities(graph, ARTICLE_2, "Place")
    assert {"Syria", "Libya", "Russia"} <= later.keys()
    assert "Raqqa" in later["Ar Raqqah"]  # GeoNames' name; the article's is an alternate
    assert "ISIS" in _entities(graph, ARTICLE_0, "Organization")["Islamic State"]
    assert "Syrian Arab Army" in _entities(graph, ARTICLE_2, "Organization")


def test_types_repaired_from_context_and_gazetteer(graph: Graph) -> None:
    """The small model reads the base as nothing or a person, the armed group as a person,
    Bashar al-Assad as an organisation, al-Qaeda as a place."""
    for article in (ARTICLE_0, ARTICLE_2):
        places = _entities(graph, article, "Place")
        organisations = _entities(graph, article, "Organization")
        people = _entities(graph, article, "Person")
        assert "Al-Tanf" in places  # "the Al-Tanf base" (and At-Tanf, at-Tanf are the same)
        assert "Maghawir al-Thawra" in organisations  # "the ... group", "an army known as"
        assert "Maghawir al-Thawra" not in people
    assert "Bashar al-Assad" in _entities(graph, ARTICLE_0, "Person")
    assert "al-Qaeda" in _entities(graph, ARTICLE_2, "Organization")
    assert "Rukhban" in _entities(graph, ARTICLE_2, "Place")  # "a refugee camp, Rukhban,"
    tanf = {e for e in graph.subjects(s("name"), Literal("Al-Tanf"))}
    assert tanf == {URIRef(BASE + "place/tanf")}
    assert (ARTICLE_2, s("mentions"), URIRef(BASE + "place/tanf")) in graph


def test_no_surname_is_an_organisation(graph: Graph) -> None:
    for article in (ARTICLE_0, ARTICLE_2):
        surnames = {name.split()[-1] for name in _entities(graph, article, "Person")}
        organisations = _entities(graph, article, "Organization")
        for name, alternates in organisations.items():
            assert not ({name} | alternates) & surnames, name


@pytest.mark.parametrize(
    ("name", "wikidata", "geonames"),
    [("Syria", "Q858", 163843), ("Iraq", "Q796", 99237), ("Russia", "Q159", 2017370)],
)
def test_countries_link_to_wikidata_and_geonames(
    graph: Graph, name: str, wikidata: str, geonames: int
) -> None:
    (place,) = set(graph.subjects(s("name"), Literal(name)))
    assert place == URIRef(f"{BASE}place/wd/{wikidata}")
    assert set(graph.objects(place, OWL.sameAs)) == {
        URIRef(f"http://www.wikidata.org/entity/{wikidata}"),
        URIRef(f"https://sws.geonames.org/{geonames}/"),
    }
    assert (ARTICLE_0, s("mentions"), place) in graph


def test_two_spellings_of_a_linked_place_are_one_entity(graph: Graph) -> None:
    united_states = URIRef(BASE + "place/wd/Q30")  # "U.S." in one article, "US" in the other
    assert (ARTICLE_0, s("mentions"), united_states) in graph
    assert (ARTICLE_2, s("mentions"), united_states) in graph
    assert {"U.S.", "US"} <= {str(a) for a in graph.objects(united_states, s("alternateName"))}
    assert str(graph.value(united_states, s("name"))) == "United States"


def test_ambiguous_or_unknown_names_stay_unlinked(graph: Graph) -> None:
    for name in ("Al-Tanf", "Maghawir al-Thawra", "Duran", "Eugeniy Poddubny"):
        for entity in graph.subjects(s("name"), Literal(name)):
            assert graph.value(entity, OWL.sameAs) is None, name


def _relation(graph: Graph, person: str, prop: str) -> list[tuple[str, str]]:
    """(object's name or literal, evidence sentence) for each reified relation of `person`."""
    (subject,) = set(graph.subjects(s("name"), Literal(person)))
    found = []
    for statement in graph.subjects(RDF.subject, subject):
        if graph.value(statement, RDF.predicate) != s(prop):
            continue
        obj = graph.value(statement, RDF.object)
        assert (subject, s(prop), obj) in graph  # the triple itself is stated
        label = str(graph.value(obj, s("name")) or obj)
        for evidence in graph.objects(statement, URIRef(KG + "evidence")):
            found.append((label, str(graph.value(evidence, URIRef(NIF + "anchorOf")))))
    return sorted(found)


def test_relations_with_their_sentences(graph: Graph) -> None:
    titles = _relation(graph, "Maria Zakharova", "jobTitle")
    assert [t for t, _ in titles] == ["Spokeswoman", "spokesperson"]
    assert titles[1][1].startswith("Russia's foreign ministry spokesperson Maria Zakharova said")
    employers = [o for o, _ in _relation(graph, "Maria Zakharova", "worksFor")]
    assert employers == ["Foreign Ministry", "Russia's foreign ministry"]
    ((group, sentence),) = _relation(graph, "Asaad As-Salem", "memberOf")
    assert group == "Maghawir al-Thawra"
    assert sentence.startswith("Asaad As-Salem, who defected from the U.S.-backed")
    assert _relation(graph, "Asaad As-Salem", "jobTitle")[0][0] == "chief security officer"
    ((employer, sentence),) = _relation(graph, "Eugeniy Poddubny", "worksFor")
    assert employer == "Rossiya-24"
    assert sentence.startswith("Rossiya-24 correspondent Eugeniy Poddubny recently interviewed")
    assert tuple({o for o, _ in _relation(graph, "Al-Tanf", "containedInPlace")}) == ("Syria",)


def test_one_person_one_iri_across_articles(graph: Graph) -> None:
    for name in ("Asaad As-Salem", "Maria Zakharova"):
        (person,) = set(graph.subjects(s("name"), Literal(name)))
        assert (ARTICLE_0, s("mentions"), person) in graph
        assert (ARTICLE_2, s("mentions"), person) in graph


def test_mentions_point_into_the_text(graph: Graph) -> None:
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    text = str(graph.value(ARTICLE_0, URIRef(nif + "isString")))
    mentions = [
        m for m in graph.subjects(URIRef(nif + "referenceContext"), ARTICLE_0)
        if (m, RDF.type, URIRef(nif + "Phrase")) in graph
    ]  # fmt: skip
    assert len(mentions) > 20
    for mention in mentions:
        begin = int(graph.value(mention, URIRef(nif + "beginIndex")))  # type: ignore[arg-type]
        end = int(graph.value(mention, URIRef(nif + "endIndex")))  # type: ignore[arg-type]
        assert str(graph.value(mention, URIRef(nif + "anchorOf"))) == text[begin:end]
        assert str(mention) == f"{ARTICLE_0}#char={begin},{end}"


def test_entities_match_the_golden_summary(seeds_output: Path) -> None:
    """Every entity each seed's named graph names, exactly, as the entities graph describes
    it. Regenerate on purpose, and review the difference:
    KG_UPDATE_GOLDEN=1 pytest tests/test_seeds.py."""
    graphs = named_graphs(seeds_output / "graph.nq")
    summary = {}
    for article in (ARTICLE_0, ARTICLE_2):
        article_graph = graphs[str(article)] + graphs[BASE + "entities"]
        summary[str(article)] = {
            kind: {n: sorted(a) for n, a in sorted(_entities(article_graph, article, kind).items())}
            for kind in ("Person", "Organization", "Place")
        }
    golden = GOLDEN / "seeds-entities.json"
    rendered = json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_jsonld_and_turtle_are_the_same_graph(seeds_output: Path, graph: Graph) -> None:
    from_jsonld = Graph().parse(seeds_output / "graph.jsonld", format="json-ld")
    assert len(from_jsonld) == len(graph) > 500
    assert isomorphic(from_jsonld, graph)


def test_jsonld_context_file_is_the_embedded_one(seeds_output: Path) -> None:
    document = json.loads((seeds_output / "graph.jsonld").read_text(encoding="utf-8"))
    context = json.loads((seeds_output / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context["@context"]
    assert context["@context"]["mentions"] == {"@id": "schema:mentions", "@type": "@id"}


def test_nquads_hold_one_named_graph_per_article(seeds_output: Path, graph: Graph) -> None:
    graphs = named_graphs(seeds_output / "graph.nq")
    assert graphs.keys() == {str(ARTICLE_0), str(ARTICLE_2), BASE + "entities", BASE + "claims"}
    article_graph = graphs[str(ARTICLE_0)]
    assert (ARTICLE_0, s("headline"), None) in article_graph
    assert (ARTICLE_2, s("headline"), None) not in article_graph
    # What is said of an entity itself is in the entities graph, once.
    assert (None, s("name"), None) not in article_graph
    entities = graphs[BASE + "entities"]
    assert {p for _, p, _ in entities} <= {
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), s("name"), s("alternateName"),
        URIRef("http://www.w3.org/2002/07/owl#sameAs"),
    }  # fmt: skip
    union = Graph()
    for named in graphs.values():
        union += named
    assert isomorphic(union, graph)  # the merged Turtle is exactly the union


def test_void_describes_the_dataset(seeds_output: Path, graph: Graph) -> None:
    void = Graph().parse(seeds_output / "void.ttl")
    dataset = URIRef(BASE + "dataset")
    triples = void.value(dataset, URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == len(graph)  # type: ignore[arg-type]
    assert str(void.value(dataset, URIRef("http://purl.org/dc/terms/created"))).startswith(
        "2023-11-14T22:13:20"
    )
    assert "en_core_web_sm" in void.serialize(format="nt")


def test_report_says_conforms(seeds_output: Path) -> None:
    report = Graph().parse(seeds_output / "validation-report.ttl")
    conforms = URIRef("http://www.w3.org/ns/shacl#conforms")
    assert list(report.objects(None, conforms)) == [Literal(True)]


def test_same_input_gives_byte_identical_files(seeds_output: Path, tmp_path: Path) -> None:
    again = run_kg("build", SEEDS, "-o", tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert again.returncode == 0, again.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (seeds_output / name).read_bytes(), name


KG = "https://w3id.org/kg-news/ns#"


def _statements(graph: Graph, article: URIRef) -> list[dict[str, str | None]]:
    """The Quotations of one article, in text order, as a user would list them."""
    found = []
    for quotation in graph.subjects(s("isPartOf"), article):
        if (quotation, RDF.type, s("Quotation")) not in graph:
            continue
        speaker = graph.value(quotation, s("spokenByCharacter"))
        source = graph.value(quotation, URIRef(KG + "sourceMention"))
        begin = int(graph.value(quotation, NIF_BEGIN))  # type: ignore[arg-type]
        found.append(
            {
                "at": str(begin),
                "kind": str(graph.value(quotation, URIRef(KG + "quoteKind"))),
                "cue": str(graph.value(quotation, URIRef(KG + "cue"))),
                "source": str(graph.value(source, NIF_ANCHOR)) if source else None,
                "speaker": str(speaker).removeprefix(BASE) if speaker else None,
                "text": str(graph.value(quotation, s("text")))[:60],
            }
        )
    return sorted(found, key=lambda f: int(f["at"] or 0))


NIF_BEGIN = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
NIF_ANCHOR = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")


def test_every_direct_quotation_with_its_speaker(graph: Graph) -> None:
    direct = {
        article: [(q["speaker"], q["text"][:20]) for q in _statements(graph, article)
                  if q["kind"] == "direct"]
        for article in (ARTICLE_0, ARTICLE_2)
    }  # fmt: skip
    salem, zakharova = "person/asaad-as-salem", "person/maria-zakharova"
    assert direct[ARTICLE_0] == [
        (salem, "When we learned that"),
        (salem, "And he was selling a"),
        (zakharova, "Certainly, those mat"),
        (zakharova, "One of the goals is "),  # "she added"
    ]
    assert direct[ARTICLE_2] == [
        (salem, "When we learned that"),  # "He stated," over two paragraphs
        (salem, "There\u2019s no support f"),  # "He continued,"
        (zakharova, "Certainly those mate"),  # "Spokeswoman Maria Zakharova has responded"
    ]


def test_reported_statements_of_as_salem_and_zakharova(graph: Graph) -> None:
    reported = [
        (q["speaker"], q["cue"], q["text"][:25])
        for q in _statements(graph, ARTICLE_0)
        if q["kind"] == "indirect"
    ]
    assert ("person/asaad-as-salem", "say", "U.S. is engaged in pursui") in reported
    assert ("person/asaad-as-salem", "say", "he and his men joined the") in reported
    assert ("person/maria-zakharova", "say", "the information obtained ") in reported
    # "A Syrian rebel has revealed that ...": the article never says which rebel.
    assert (None, "reveal", "U.S.troops based at the A") in reported


def test_scare_quotes_and_headlines_are_not_statements(graph: Graph) -> None:
    texts = [q["text"] for a in (ARTICLE_0, ARTICLE_2) for q in _statements(graph, a)]
    assert not any(t.startswith(("moderate rebels", "U.S. troops at Al-Tanf")) for t in texts)


def test_statements_printed_by_both_outlets_are_claims(graph: Graph) -> None:
    claims = {}
    for claim in graph.subjects(RDF.type, s("Claim")):
        author = str(graph.value(claim, s("author"))).removeprefix(BASE)
        articles = sorted(
            str(a).split("#")[0].removeprefix(BASE) for a in graph.objects(claim, s("appearance"))
        )
        claims[author] = articles
    both = ["article/000_b05168cb2f5a3579"] * 2 + ["article/002_a4062ba3a2d63c11"]
    # Each outlet printed the statement; the first split it in two quotations.
    assert claims == {"person/asaad-as-salem": both, "person/maria-zakharova": both}


def test_statements_match_the_golden_summary(graph: Graph) -> None:
    """Every statement of the seeds, exactly (KG_UPDATE_GOLDEN=1 to regenerate, then review)."""
    summary = {str(a): _statements(graph, a) for a in (ARTICLE_0, ARTICLE_2)}
    golden = GOLDEN / "seeds-statements.json"
    rendered = json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_nquads_and_jsonld_carry_the_statements(seeds_output: Path) -> None:
    graphs = named_graphs(seeds_output / "graph.nq")
    quotations = set(graphs[str(ARTICLE_0)].subjects(RDF.type, s("Quotation")))
    assert len(quotations) >= 8  # in the article's own named graph
    claims = set(graphs[BASE + "claims"].subjects(RDF.type, s("Claim")))
    assert len(claims) == 2
    document = json.loads((seeds_output / "graph.jsonld").read_text(encoding="utf-8"))
    types = [node.get("@type") for node in document["@graph"]]
    assert types.count("Claim") == 2
    assert "Quotation" in types
    assert document["@context"]["spokenByCharacter"] == {
        "@id": "schema:spokenByCharacter",
        "@type": "@id",
    }
