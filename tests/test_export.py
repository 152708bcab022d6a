"""`kg export`: a build's graph as tables, read back with DuckDB and checked against SPARQL."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store

from kg import tables
from tests.conftest import GOLDEN, ROOT, run_kg

pytestmark = pytest.mark.model
NAMES = [table.name for table in tables.TABLES]

# What each table counts, asked of graph.ttl (the merged graph, not the N-Quads the tables read).
COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a a schema:NewsArticle }",
    "entities": "SELECT (COUNT(DISTINCT ?e) AS ?n) { VALUES ?c { schema:Person schema:Organization"
    " schema:Place } ?e a ?c }",
    "mentions": "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m itsrdf:taIdentRef ?e }",
    "statements": "SELECT (COUNT(DISTINCT ?q) AS ?n) { ?q a schema:Quotation }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a schema:Claim }",
}


def _sparql_count(output: Path, query: str) -> int:
    from kg.rdf.vocab import PREFIXES

    store = Store()
    store.load(path=str(output / "graph.ttl"), format=RdfFormat.TURTLE)
    (solution,) = store.query(query, prefixes=PREFIXES)  # type: ignore[misc]
    return int(solution["n"].value)


def _exported(output: Path, folder: Path, fmt: str) -> Path:
    run = run_kg("export", output, "--format", fmt, "-o", folder)
    assert run.returncode == 0, run.stdout + run.stderr
    return folder


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_each_table_has_a_row_for_each_thing_of_the_graph(
    corpus_output: Path, seeds_output: Path, tmp_path: Path, fmt: str
) -> None:
    for output in (corpus_output, seeds_output):
        folder = _exported(output, tmp_path / output.name / fmt, fmt)
        assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{fmt}" for n in NAMES)
        db = duckdb.connect()
        for name, query in COUNTS.items():
            (count,) = db.execute(f"SELECT COUNT(*) FROM '{folder / f'{name}.{fmt}'}'").fetchone()  # type: ignore[misc]
            assert count == _sparql_count(output, query) > 0, name


def test_parquet_keeps_the_types_an_analyst_needs(corpus_output: Path, tmp_path: Path) -> None:
    folder = _exported(corpus_output, tmp_path / "t", "parquet")
    db = duckdb.connect()
    described = db.execute(f"DESCRIBE SELECT * FROM '{folder / 'statements.parquet'}'").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["day"] == "DATE" and types["begin"] == "BIGINT" and types["text"] == "VARCHAR"
    (authors,) = db.execute(f"SELECT typeof(authors) FROM '{folder / 'articles.parquet'}' LIMIT 1"
                        ).fetchone()  # type: ignore[misc]  # fmt: skip
    assert authors == "VARCHAR[]"
    # The statement both outlets print is one claim, with both outlets named.
    claims = db.execute(
        f"SELECT speaker_name, outlets, outlet_names, articles, first_day "
        f"FROM '{folder / 'claims.parquet'}' ORDER BY text"
    ).fetchall()
    both = ("Margaret Collins", 2, ["Daily Ledger", "Evening Courier"], 2)
    assert both in [c[:4] for c in claims]
    assert all(str(c[4]) == "2026-03-02" for c in claims if c[0] == "Margaret Collins")


def test_the_tables_join_each_other_and_the_graph(corpus_output: Path, tmp_path: Path) -> None:
    folder = _exported(corpus_output, tmp_path / "t", "parquet")
    db = duckdb.connect()
    for name in NAMES:
        db.execute(f"CREATE VIEW {name} AS SELECT * FROM '{folder / f'{name}.parquet'}'")
    # Every statement's article and speaker are rows of the other tables, with the same names.
    (orphans,) = db.execute(
        "SELECT COUNT(*) FROM statements s LEFT JOIN articles a USING (article) "
        "LEFT JOIN entities e ON e.entity = s.speaker "
        "WHERE a.article IS NULL OR (s.speaker IS NOT NULL AND e.name IS DISTINCT FROM "
        "s.speaker_name) OR s.outlet IS DISTINCT FROM a.outlet"
    ).fetchone()  # type: ignore[misc]
    assert orphans == 0
    # Every mention is of an article and an entity of the tables, and names it by its name.
    (orphans,) = db.execute(
        "SELECT COUNT(*) FROM mentions m LEFT JOIN articles a USING (article) "
        "LEFT JOIN entities e USING (entity) "
        "WHERE a.article IS NULL OR e.entity IS NULL OR e.name IS DISTINCT FROM m.name"
    ).fetchone()  # type: ignore[misc]
    assert orphans == 0
    # The entity counts add up to the rows of the other tables.
    assert (
        db.execute("SELECT SUM(mentions) FROM entities").fetchone()
        == db.execute("SELECT COUNT(*) FROM mentions").fetchone()
    )
    assert (
        db.execute("SELECT SUM(statements) FROM entities").fetchone()
        == db.execute("SELECT COUNT(*) FROM statements WHERE speaker IS NOT NULL").fetchone()
    )


def test_csv_tables_are_the_golden_files(corpus_output: Path, tmp_path: Path) -> None:
    """The identity corpus's tables, exactly (KG_UPDATE_GOLDEN=1 to regenerate, then review)."""
    folder = _exported(corpus_output, tmp_path / "t", "csv")
    golden = GOLDEN / "corpus-tables"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(folder, golden)
    for name in NAMES:
        assert (folder / f"{name}.csv").read_bytes() == (golden / f"{name}.csv").read_bytes(), name


def test_the_same_build_gives_the_same_files(seeds_output: Path, tmp_path: Path) -> None:
    for fmt in ("parquet", "csv"):
        one = _exported(seeds_output, tmp_path / f"one-{fmt}", fmt)
        two = _exported(seeds_output, tmp_path / f"two-{fmt}", fmt)
        for name in NAMES:
            path = f"{name}.{fmt}"
            assert (one / path).read_bytes() == (two / path).read_bytes(), path


def test_the_default_folder_is_replaced_as_a_whole(seeds_output: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(seeds_output, output, symlinks=True)
    (output / "tables").mkdir()
    (output / "tables" / "stale.csv").write_text("from an earlier export\n")
    run = run_kg("export", output)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith(f"-> {output / 'tables'}")
    assert sorted(p.name for p in (output / "tables").iterdir()) == sorted(
        f"{n}.parquet" for n in NAMES
    )
    assert not [p for p in output.iterdir() if ".kg-new-" in p.name or ".kg-old-" in p.name]


def test_a_folder_that_is_not_a_build_is_one_line(seeds_output: Path, tmp_path: Path) -> None:
    run = run_kg("export", tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("Error: ") and "not the output folder of a build" in run.stderr
    assert "kg build" in run.stderr and "Traceback" not in run.stderr
    (tmp_path / "file").write_text("")
    run = run_kg("export", seeds_output, "-o", tmp_path / "file" / "tables")  # under a file
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("Error: ") and "cannot write the tables" in run.stderr


def test_the_readme_analysis_runs(corpus_output: Path, tmp_path: Path) -> None:
    """The README's DuckDB lines, as printed there, over an exported build."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(import duckdb\n.*?)```", readme, re.S)
    _exported(corpus_output, tmp_path / "output" / "tables", "parquet")
    printed = io.StringIO()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        exec(code, {"print": lambda *a, **k: print(*a, **k, file=printed)})
    finally:
        os.chdir(cwd)
    lines = printed.getvalue()
    assert "Margaret Collins" in lines and "Daily Ledger" in lines


@given(st.lists(st.tuples(st.text(), st.lists(st.text(min_size=1).filter(
    lambda s: "; " not in s and s == s.strip()), max_size=3)), max_size=5))  # fmt: skip
def test_any_text_survives_a_csv_table(rows: list[tuple[str, list[str]]]) -> None:
    of = tables.Table(
        "t", "", (tables.Column("text", "text", ""), tables.Column("items", "list", "")), ""
    )
    buffer = io.StringIO()
    tables.write_csv(of, [(text, items) for text, items in rows], buffer)
    read = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert read[0] == ["text", "items"]
    assert [(text, items.split("; ") if items else []) for text, items in read[1:]] == [
        (text, [i for i in items if i]) for text, items in rows
    ]


def test_docs_describe_every_column() -> None:
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    section = model[model.index("## Tables") :]
    for of in tables.TABLES:
        part = section[section.index(f"### `{of.name}`") :]
        part = part[: part.find("\n### ", 1) if "\n### " in part[1:] else None]
        listed = re.findall(r"^\| `(\w+)` \|", part, re.M)
        assert listed == [column.name for column in of.columns], of.name
