"""Worker processes and the SHACL engine change how fast a build is, never what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_kg, seeds_corpus, shapes_with, visible

pytestmark = pytest.mark.model
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles, more than the workers' first tasks (kg parses a handful in its own
    process): the seeds' texts, each under a headline of its own."""
    return seeds_corpus(tmp_path_factory.mktemp("corpus"), 40)


def _build(corpus: Path, out: Path, *options: str) -> Path:
    run = run_kg("build", corpus, "-o", out, *options, env=EPOCH)
    assert run.returncode == 0, run.stderr
    assert "40 articles, 0 skipped" in run.stdout
    return out


def _same(a: Path, b: Path) -> None:
    assert [f.name for f in visible(a)] == [f.name for f in visible(b)]
    for file in visible(a):
        assert (b / file.name).read_bytes() == file.read_bytes(), file.name


def test_the_default_build_writes_what_one_process_and_pyshacl_write(
    corpus: Path, tmp_path: Path
) -> None:
    reference = _build(corpus, tmp_path / "reference", "--workers", "1", "--engine", "pyshacl")
    _same(reference, _build(corpus, tmp_path / "default"))  # a worker per core, rudof
    _same(reference, _build(corpus, tmp_path / "rudof-alone", "--workers", "1"))


def test_both_engines_report_the_same_violations(tmp_path: Path) -> None:
    shapes = shapes_with(
        tmp_path,
        "strict.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        "<urn:x:ShortHeadlines> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;\n"
        '  sh:property [ sh:path schema:headline ; sh:maxLength 10 ; sh:message "too long" ] .\n',
    )
    reports = []
    for engine in ("pyshacl", "rudof"):
        out = tmp_path / engine
        run = run_kg("build", SEEDS, "-o", out, "--shapes", shapes, "--engine", engine, env=EPOCH)
        assert run.returncode == 1, run.stderr
        assert "validation: 2 violations" in run.stderr
        reports.append((out / "validation-report.ttl").read_text(encoding="utf-8"))
    assert reports[0] == reports[1]
    assert reports[0].count("sh:ValidationResult") == 2
    assert '"too long"' in reports[0]
