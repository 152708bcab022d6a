"""Dirty corpora through the real CLI: every bad article is named, the others come out whole,
and whatever the text holds, every output file parses back to the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.rdf.convert import to_rdflib
from tests.conftest import Run, run_kg

pytestmark = pytest.mark.model

HOSTILE_HEADLINE = 'Quotes " \' """ and \\ back\\slashes <b>bold</b> \x07bell\x1f end'
HOSTILE_BODY = (
    "Jean-Luc <http://evil.test/> Picard met Maria Zakharova in Moscow.\n\n"
    '"@prefix x: <y> ." said Zakharova, and \\u0000 is not a null; neither is %00 nor _:b0.\n'
)


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    root = tmp_path_factory.mktemp("dirty")
    corpus = root / "corpus"
    corpus.mkdir()
    good = "Talks in Geneva\n\nAntony Blinken met Sergei Lavrov in Geneva on Thursday.\n"
    (corpus / "good.txt").write_text(good, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "latin1.txt").write_bytes(b"Arsenal pay \xa315m\n\nArsene Wenger agreed in London.\n")
    (corpus / "bom.txt").write_bytes("\ufeffBOM headline\n\nBoris Johnson spoke.\n".encode())
    (corpus / "crlf.txt").write_bytes(b"Windows headline\r\n\r\nAngela Merkel spoke in Berlin.\r\n")
    (corpus / "nobody.txt").write_text("Only a headline\n", encoding="utf-8")
    (corpus / "huge.txt").write_text("Huge\n\n" + "word " * 4_200_000, encoding="utf-8")
    (corpus / "hostile.txt").write_text(HOSTILE_HEADLINE + "\n\n" + HOSTILE_BODY, encoding="utf-8")
    records = [
        json.dumps({"id": "r1", "title": HOSTILE_HEADLINE, "text": HOSTILE_BODY}),
        '{"id": "r2", "title": "broken',
        json.dumps({"id": "r3", "title": "No text"}),
        json.dumps({"id": "r1", "title": "Same id again", "text": "Emmanuel Macron spoke."}),
        json.dumps({"id": "r5", "title": "Lone \ud800 surrogate", "text": "Paris \udfff is big."}),
    ]
    (corpus / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (corpus / "table.csv").write_text(
        'id,title,text\nc1,Fine,"Justin Trudeau spoke in Ottawa."\nc2,Short row\n'
        "c3,Long row,Some text,extra\n",
        encoding="utf-8",
    )
    out = root / "out"
    return out, run_kg("build", corpus, "-o", out)


EXPECTED_PROBLEMS = [
    "skipped corpus/empty.txt: empty article",
    "skipped corpus/binary.txt: binary file, not text",
    "warning corpus/latin1.txt: not UTF-8 (byte 0xa3 at offset 12): read as Windows-1252",
    "skipped corpus/nobody.txt: no body: only a headline",
    "skipped corpus/huge.txt: 21,000,006 bytes, more than --max-chars 1,000,000 characters:"
    " skipped",
    "skipped corpus/records.jsonl#line=2: not JSON",
    "skipped corpus/records.jsonl#line=3: record has no text",
    "skipped corpus/records.jsonl#line=4: duplicate article id 'r1' (first read from "
    "corpus/records.jsonl#line=1): skipped",
    "skipped corpus/table.csv#row=3: 2 fields where the header has 3 columns",
    "skipped corpus/table.csv#row=4: 4 fields where the header has 3 columns",
]


@pytest.mark.parametrize("message", EXPECTED_PROBLEMS)
def test_each_bad_article_is_named(dirty: tuple[Path, Run], message: str) -> None:
    _, run = dirty
    assert message in run.stderr


def test_exit_code_and_summary(dirty: tuple[Path, Run]) -> None:
    _, run = dirty
    assert run.returncode == 1  # some articles were skipped
    assert "8 articles, 9 skipped" in run.stdout
    assert "validation: the graph conforms to the shapes" in run.stdout


def test_the_good_articles_come_out_complete(dirty: tuple[Path, Run]) -> None:
    out, _ = dirty
    graph = Graph().parse(out / "graph.ttl")
    headlines = {str(o) for o in graph.objects(None, _schema("headline"))}
    assert headlines == {
        "Talks in Geneva", "Arsenal pay \u00a315m", "BOM headline", "Windows headline",
        HOSTILE_HEADLINE, "Fine", "Lone \ufffd surrogate",
        " ".join(HOSTILE_HEADLINE.split()),  # a record's title has its white space folded
    }  # fmt: skip
    texts = {str(o) for o in graph.objects(None, _nif("isString"))}
    assert "Windows headline\n\nAngela Merkel spoke in Berlin.\n" in texts
    assert "BOM headline\n\nBoris Johnson spoke.\n" in texts
    names = {str(o) for o in graph.objects(None, _schema("name"))}
    # One name from each good article (the small model misses some others).
    assert {"Sergei Lavrov", "Arsene Wenger", "Berlin", "Justin Trudeau", "Paris"} <= names


def test_every_file_parses_to_the_same_graph(dirty: tuple[Path, Run]) -> None:
    out, _ = dirty
    turtle = Graph().parse(out / "graph.ttl")
    assert isomorphic(Graph().parse(out / "graph.jsonld", format="json-ld"), turtle)
    with open(out / "graph.nq", "rb") as handle:
        quads = list(parse(handle, format=RdfFormat.N_QUADS))
    # one named graph per article, the entities' and the claims' (its articles share words)
    graphs = {q.graph_name.value for q in quads}  # type: ignore[union-attr]
    assert len({g for g in graphs if "/article/" in g}) == 8
    assert graphs - {g for g in graphs if "/article/" in g} == {
        "http://example.org/kg/entities",
        "http://example.org/kg/claims",
    }
    # the record r1 and hostile.txt hold one text: a copy, and so no claim of their statement
    claims = {(q.subject.value, q.predicate.value, q.object.value) for q in quads
              if str(q.graph_name).endswith("/claims>")}  # type: ignore[union-attr]  # fmt: skip
    base = "http://example.org/kg/article/"
    copy = (base + "r1", "https://w3id.org/kg-news/ns#nearDuplicateOf", base + "hostile")
    assert claims == {copy}
    assert isomorphic(to_rdflib(quads), turtle)  # the union of the graphs is the merged graph
    run = run_kg("validate", out / "graph.ttl", out / "graph.jsonld", out / "graph.nq")
    assert run.returncode == 0, run.stdout


def _schema(term: str) -> object:
    from rdflib import URIRef

    return URIRef("http://schema.org/" + term)


def _nif(term: str) -> object:
    from rdflib import URIRef

    return URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#" + term)
