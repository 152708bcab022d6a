"""Web pages and web archives through the real CLI: the article's text without the page's
furniture, its metadata, offsets into the extracted text, and bad pages named and skipped."""

from __future__ import annotations

import gzip
import html
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace, URIRef
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kg.facts import Article
from kg.read.pages import article_from_html, record_id
from tests.conftest import ROOT, run_kg

PAGES = ROOT / "tests" / "data" / "pages"
FARM_BILL = PAGES / "farm-bill.html"
SCHEMA = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
BASE = "http://example.org/kg/article/"


def _graph(out: Path) -> Graph:
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return graph


def _text(graph: Graph, article: str) -> str:
    return str(graph.value(URIRef(BASE + article), NIF.isString))


def _anchors_index_the_text(graph: Graph) -> int:
    """Every mention's and statement's words are the article's text at its offsets; returns
    how many."""
    checked = 0
    for phrase, context in graph.subject_objects(NIF.referenceContext):
        text = str(graph.value(context, NIF.isString))
        begin = int(graph.value(phrase, NIF.beginIndex))  # type: ignore[arg-type]
        end = int(graph.value(phrase, NIF.endIndex))  # type: ignore[arg-type]
        words = graph.value(phrase, NIF.anchorOf) or graph.value(phrase, SCHEMA.text)
        assert text[begin:end] == str(words), phrase
        checked += 1
    return checked


def _speakers(graph: Graph) -> set[str]:
    return {
        str(graph.value(speaker, SCHEMA.name))
        for speaker in graph.objects(None, SCHEMA.spokenByCharacter)
    }


@pytest.mark.model
def test_a_page_is_its_article_without_the_page_around_it(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(FARM_BILL, pages / "farm-bill.html")
    with open(FARM_BILL, "rb") as source, gzip.open(pages / "again.htm.gz", "wb") as packed:
        packed.write(source.read().replace(b"Senate passes", b"House passes"))
    shutil.copy(PAGES / "menu-only.html", pages / "menu-only.html")
    run = run_kg("build", pages, "-o", tmp_path / "out")
    assert run.returncode == 1, run.stderr  # the page with no article is skipped, and named
    assert "skipped pages/menu-only.html: no article text found in the page" in run.stderr
    assert run.stdout.startswith("2 articles, 1 skipped")
    graph = _graph(tmp_path / "out")
    article = URIRef(BASE + "farm-bill")
    assert str(graph.value(article, SCHEMA.headline)) == "Senate passes farm bill"
    assert str(graph.value(article, SCHEMA.datePublished)) == "2026-03-02"
    assert (
        str(graph.value(article, SCHEMA.url)) == "https://ledger.example.com/2026/03/02/farm-bill"
    )
    assert str(graph.value(graph.value(article, SCHEMA.publisher), SCHEMA.name)) == "Daily Ledger"
    assert str(graph.value(graph.value(article, SCHEMA.author), SCHEMA.name)) == "Jane Doe"
    text = _text(graph, "farm-bill")
    assert "“This bill keeps family farms alive" in text  # character references decoded
    for furniture in ("Home", "newsletter", "All rights reserved", "By Jane Doe"):
        assert furniture not in text
    assert _text(graph, "again").startswith("House passes farm bill")
    assert _speakers(graph) == {"Margaret Collins", "Daniel Reyes"}
    assert _anchors_index_the_text(graph) > 10


def _response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
              kind: str = "text/html; charset=utf-8") -> None:  # fmt: skip
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       length=len(body), http_headers=headers)  # fmt: skip
    writer.write_record(record)


def _archive(path: Path) -> None:
    """A crawl as Common Crawl News writes it: requests and responses, pages and not."""
    page = FARM_BILL.read_bytes()
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        asked = b"GET /2026/03/02/farm-bill HTTP/1.1\r\n\r\n"
        request = writer.create_warc_record(
            "https://ledger.example.com/2026/03/02/farm-bill", "request",
            payload=io.BytesIO(asked), length=len(asked),
        )  # fmt: skip
        writer.write_record(request)
        _response(writer, "https://ledger.example.com/2026/03/02/farm-bill", page)
        _response(writer, "https://ledger.example.com/logo.png", b"\x89PNG", kind="image/png")
        _response(writer, "https://ledger.example.com/old", b"", status="301 Moved Permanently")
        # the same article, republished by another outlet a day later
        copy = page.replace(b"Daily Ledger", b"Evening Courier")
        copy = copy.replace(b"2026-03-02T09:30", b"2026-03-03T07:00")
        copy = copy.replace(b"ledger.example.com/2026/03/02", b"courier.example.net/2026/03/03")
        _response(writer, "https://courier.example.net/2026/03/03/farm-bill?ref=rss", copy)


@pytest.mark.model
@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_web_archive_gives_each_page_its_article(tmp_path: Path, name: str) -> None:
    _archive(tmp_path / name)
    run = run_kg("build", tmp_path / name, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert (
        f"warning {name}: 3 records that are not pages, not read "
        "(1 HTTP 301, 1 image/png, 1 request)"
    ) in run.stderr
    graph = _graph(tmp_path / "out")
    ids = {str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))}
    assert ids == {"ledger.example.com/2026/03/02/farm-bill",
                   "courier.example.net/2026/03/03/farm-bill?ref=rss"}  # fmt: skip
    publishers = {str(graph.value(p, SCHEMA.name)) for p in graph.objects(None, SCHEMA.publisher)}
    assert publishers == {"Daily Ledger", "Evening Courier"}
    # the second outlet republishes the first's article: a copy, not claims
    copy = URIRef(BASE + "courier.example.net/2026/03/03/farm-bill%3Fref%3Drss")
    original = URIRef(BASE + "ledger.example.com/2026/03/02/farm-bill")
    assert list(graph.objects(copy, URIRef("https://w3id.org/kg-news/ns#nearDuplicateOf"))) == [
        original
    ]
    assert not list(graph.subjects(None, SCHEMA.Claim))
    assert _anchors_index_the_text(graph) > 20


@pytest.mark.model
def test_an_archive_cut_short_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])  # into the last page's record
    run = run_kg("build", cut, "-o", tmp_path / "out")
    assert run.returncode == 1, run.stderr
    assert "skipped cut.warc.gz#offset=" in run.stderr
    assert "the archive ends inside this page's record: skipped" in run.stderr
    graph = _graph(tmp_path / "out")
    ids = {str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))}
    assert ids == {"ledger.example.com/2026/03/02/farm-bill"}


def test_a_page_id_is_its_address_without_the_scheme() -> None:
    assert record_id("https://www.example.com/a/b.html#top") == "www.example.com/a/b.html"
    assert record_id("http://example.com/") == "example.com"
    assert record_id("urn:uuid:1234") == "urn:uuid:1234"


WORDS = st.text(
    # letters, digits, punctuation and symbols of any script (the extractor drops a combining
    # mark that follows no letter, as an HTML renderer shows none)
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S")),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=3, max_size=8))
def test_the_text_of_a_page_is_its_words_decoded(words: list[str]) -> None:
    """Whatever the words (markup characters, quotes, any script), escaped in the page they are
    the article's text as written, decoded once."""
    sentence = "The minister said on Monday that " + " ".join(words) + " would be decided soon."
    body = "".join(
        f"<p>{html.escape(sentence)} This is paragraph {n} of the report from the capital.</p>"
        for n in range(3)
    )
    page = (
        f"<html><head><title>A report</title></head><body><article>{body}</article></body></html>"
    )
    article = article_from_html(page.encode(), article_id="p", source="p.html")
    assert isinstance(article, Article)
    assert sentence in " ".join(article.text.split())
