"""Facts to triples: one hand-built article against a golden N-Quads file, byte for byte."""

from __future__ import annotations

import os

from pyoxigraph import RdfFormat, parse

from kg.facts import Article, ArticleFacts, Entity, EntityKind, Mention
from kg.rdf import emit
from kg.rdf.iri import Minter
from kg.rdf.triples import article_quads, entity_quads
from kg.resolve.corpus import identify
from tests.conftest import GOLDEN

TEXT = "Zakharova speaks\n\nMaria Zakharova said Russia and Syria agree. Zakharova added more."


def facts() -> ArticleFacts:
    def m(text: str, kind: EntityKind, nth: int = 0) -> Mention:
        begin = -1
        for _ in range(nth + 1):
            begin = TEXT.index(text, begin + 1)
        return Mention(begin, begin + len(text), text, kind, "X")

    person = Entity(
        EntityKind.PERSON,
        "Maria Zakharova",
        ("Zakharova",),
        (m("Zakharova", EntityKind.PERSON), m("Maria Zakharova", EntityKind.PERSON),
         m("Zakharova", EntityKind.PERSON, nth=2)),
    )  # fmt: skip
    russia = Entity(EntityKind.PLACE, "Russia", (), (m("Russia", EntityKind.PLACE),))
    syria = Entity(EntityKind.PLACE, "Syria", (), (m("Syria", EntityKind.PLACE),))
    article = Article(
        id="world/001", text=TEXT, headline="Zakharova speaks", source="corpus/world/001.txt",
        date="2017-09-01T14:54:00+05:30", publisher="The Duran", authors=("Jane Roe",),
        url="https://duran.test/a?b=1&c=2",
    )  # fmt: skip
    return ArticleFacts(article, (person, russia, syria))


def test_article_quads_match_the_golden_file() -> None:
    """The article's graph, then the entities graph for its entities, credits included."""
    minter = Minter("https://news.test/")
    applied = identify([facts()])[0]
    credited = [e for e in (applied.publisher, *applied.authors) if e is not None]
    quads = article_quads(applied, minter) + entity_quads([*applied.entities, *credited], minter)
    rendered = emit.quads_bytes(quads).decode("utf-8")
    golden = GOLDEN / "article.nq"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_every_mention_anchor_is_the_text_at_its_offsets() -> None:
    for entity in facts().entities:
        for mention in entity.mentions:
            assert TEXT[mention.begin : mention.end] == mention.text


def test_lone_surrogates_become_replacement_characters() -> None:
    # JSON input can carry "\ud800": no RDF syntax can write it, so it becomes U+FFFD,
    # one character for one, and offsets stay right.
    article = Article(id="s", text="A \ud800 B", headline="H\udfff", source="s.jsonl#line=1")
    data = emit.quads_bytes(article_quads(ArticleFacts(article), Minter()))
    values = {q.object.value for q in parse(data, format=RdfFormat.N_QUADS)}
    assert {"A \ufffd B", "H\ufffd"} <= values
