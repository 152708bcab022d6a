"""Hostile input through the real CLI: one bad record or file never takes down the build, what
cannot be read is named, and what is read comes out right."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tests.conftest import Run, run_kg

pytestmark = pytest.mark.model
BODY = "Maria Zakharova said the talks in Geneva had failed, and that Moscow would wait."
SCHEMA_DATE = "http://schema.org/datePublished"


def _record(n: int, **extra: object) -> str:
    return json.dumps({"id": f"r{n}", "title": f"Story {n}", "text": BODY, **extra})


def _build(folder: Path, tmp_path: Path, *extra: str) -> tuple[Run, Path]:
    out = tmp_path / "out"
    return run_kg("build", folder, "-o", out, *extra), out


def _objects(out: Path, predicate: str) -> list[Literal]:
    with open(out / "graph.nq", "rb") as handle:
        return [
            Literal(q.object.value, datatype=URIRef(q.object.datatype.value))
            for q in parse(handle, format=RdfFormat.N_QUADS)
            if q.predicate.value == predicate
        ]


def _ids(out: Path) -> set[str]:
    return {str(o) for o in _objects(out, "http://purl.org/dc/terms/identifier")}


def test_one_bad_record_never_takes_down_the_build(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [
        _record(1),
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "digits", "text": "x", "n": ' + "9" * 5_000 + "}",
        _record(2, date="2017-09-01T10:00:00+25:00"),
        _record(3),
    ]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "skipped in/a.jsonl#line=2: not JSON kg reads: nested too deeply" in run.stderr
    assert "skipped in/a.jsonl#line=3: not JSON kg reads:" in run.stderr
    assert "warning in/a.jsonl#line=4: date '2017-09-01T10:00:00+25:00' is not one kg" in run.stderr
    assert _ids(out) == {"r1", "r2", "r3"}


def _cut_deflate(data: bytes) -> bytes:
    """A gzip file whose deflate stream is corrupt two thirds in."""
    packed = bytearray(gzip.compress(data))
    at = len(packed) * 2 // 3
    packed[at : at + 16] = b"\xff" * 16
    return bytes(packed)


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_corrupt_gzip_keeps_the_records_before_the_fault(tmp_path: Path, kind: str) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    if kind == "jsonl":
        data = "".join(_record(n) + "\n" for n in range(400))
    else:
        data = "id,title,text\n" + "".join(f'r{n},Story {n},"{BODY}"\n' for n in range(400))
    (corpus / f"a.{kind}.gz").write_bytes(_cut_deflate(data.encode()))
    run, out = _build(corpus, tmp_path, "--batch-size", "64")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert f"skipped in/a.{kind}.gz" in run.stderr and "cannot read" in run.stderr
    ids = _ids(out)
    assert 50 < len(ids) < 400 and "r0" in ids


def test_a_truncated_csv_gz_keeps_its_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    data = "id,title,text\n" + "".join(f'r{n},Story {n},"{BODY}"\n' for n in range(40))
    packed = gzip.compress(data.encode())
    (corpus / "a.csv.gz").write_bytes(packed[: len(packed) - 30])
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert len(_ids(out)) >= 30


def test_a_nul_byte_in_a_csv_drops_its_row_not_the_file(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    rows = [f'r{n},Story {n},"{BODY}"' for n in range(4)]
    rows[1] = 'r1,Story\x00 1,"x"'
    (corpus / "a.csv").write_text("id,title,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 1, run.stderr
    assert "skipped in/a.csv#row=3: bad CSV row" in run.stderr
    assert _ids(out) == {"r0", "r2", "r3"}


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_gzip_bomb_costs_no_more_memory_than_an_article(tmp_path: Path, kind: str) -> None:
    bomb = tmp_path / f"bomb.{kind}.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        handle.write(b'{"id": "bomb", "text": "' if kind == "jsonl" else b"id,text\nbomb,")
        chunk = b"a" * (1 << 20)
        for _ in range(600):  # 600 MB of text, 600 kB on disk
            handle.write(chunk)
        if kind == "jsonl":
            handle.write(b'"}\n' + _record(1).encode() + b"\n")
        else:
            handle.write(f'\nr1,"{BODY}"\n'.encode())
    code = (  # VmHWM, not getrusage: Linux keeps ru_maxrss across exec, from the parent
        "import re, sys\n"
        "from pathlib import Path\n"
        "from kg.read.articles import iter_articles\n"
        "items = list(iter_articles([Path(sys.argv[1])], max_chars=1_000_000))\n"
        "print([type(i).__name__ for i in items])\n"
        "status = Path('/proc/self/status').read_text()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    kinds, peak_mb = done.stdout.split("\n")[:2]
    assert kinds == "['Problem', 'Article']"
    assert int(peak_mb) < 150, f"{peak_mb} MB"


def test_names_that_differ_only_in_normalisation_are_one_article(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "café") + ".txt"
        (corpus / name).write_text(f"Headline {form}\n\n{BODY}\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 1, run.stderr
    assert "duplicate article id" in run.stderr
    assert len(_ids(out)) == 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2017", Literal("2017", datatype=XSD.gYear)),
        ("May 2017", Literal("2017-05", datatype=XSD.gYearMonth)),
        ("2017-05-04", Literal("2017-05-04", datatype=XSD.date)),
        ("Monday", None),
        ("44 BC", None),
    ],
)
def test_a_date_keeps_its_precision_and_is_never_today(
    tmp_path: Path, given: str, expected: Literal | None
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(_record(1, date=given) + "\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path)
    dates = _objects(out, SCHEMA_DATE)
    assert dates == ([expected] if expected is not None else [])
    assert run.returncode == 0, run.stderr
    assert "validation: the graph conforms" in run.stdout
    if expected is None:
        assert f"warning in/a.jsonl#line=1: date {given!r} is not one kg can write" in run.stderr


def test_what_a_folder_holds_but_kg_cannot_read_is_named(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(f"Headline\n\n{BODY}\n", encoding="utf-8")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "folder-link").symlink_to(corpus / "sub")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    (corpus / "sub" / "page.docx").write_bytes(b"PK")
    (corpus / ".DS_Store").write_bytes(b"\0")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 1, run.stderr
    assert "skipped in/gone.txt: a broken link: not read" in run.stderr
    assert "skipped in/loop.txt: a loop of links: not read" in run.stderr
    assert "skipped in/folder-link: a link to a folder: not followed" in run.stderr
    assert (
        "warning in: 2 files of a type kg does not read, not read (1 .docx, 1 .pdf: "
        "in/notes.pdf, in/sub/page.docx)" in run.stderr
    )
    assert _ids(out) == {"a"}


def test_a_file_name_that_is_not_utf8_keeps_its_article(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "w", encoding="utf-8") as f:
        f.write(f"Headline\n\n{BODY}\n")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 0, run.stderr
    assert _ids(out) == {"caf\ufffd"}


def test_a_utf16_file_with_its_mark_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Headline\n\n{BODY}\n", encoding="utf-16")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 0, run.stderr
    assert _ids(out) == {"a"}


def test_a_url_is_refused_before_anything_starts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_kg("build", "https://news.example.com/story.html", "-o", out)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("Error: https://news.example.com/story.html: a URL; fetching")
    assert "Traceback" not in run.stderr and not out.exists()


def test_limit_builds_the_first_usable_articles_only(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    records = [_record(1), json.dumps({"id": "bad"}), _record(2), _record(3), _record(4)]
    (corpus / "a.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path, "--limit", "2")
    assert "2 articles, 1 skipped" in run.stdout, run.stderr
    assert _ids(out) == {"r1", "r2"}  # the bad record does not count; r3 is never read


def test_bylines_give_the_authors_not_their_roles(tmp_path: Path) -> None:
    from pyoxigraph import Store

    corpus = tmp_path / "in"
    corpus.mkdir()
    records = [
        _record(1, authors="By Evan Perez, CNN Supreme Court Reporter"),
        _record(2, authors=["GARY LANGER"]),
        _record(3, authors="Analysis Stephen Collinson"),
        _record(4, authors="Tom Howell, Jr."),
    ]
    (corpus / "a.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 0, run.stderr
    store = Store()
    store.load(path=str(out / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = store.query(
        "PREFIX schema: <http://schema.org/> SELECT ?id ?kind ?name ?written WHERE { "
        "?a schema:author ?p ; <http://purl.org/dc/terms/identifier> ?id . "
        "?p a ?kind ; schema:name ?name . OPTIONAL { ?p schema:alternateName ?written } }"
    )
    found = {
        (r["id"].value, r["kind"].value.rsplit("/", 1)[1], r["name"].value,
         r["written"].value if r["written"] else None)
        for r in rows  # type: ignore[union-attr]
    }  # fmt: skip
    assert found == {
        ("r1", "Person", "Evan Perez", None),
        ("r2", "Person", "Gary Langer", "GARY LANGER"),
        ("r3", "Person", "Stephen Collinson", None),
        ("r4", "Person", "Tom Howell Jr.", None),
    }


def test_a_records_own_fields_are_kept_on_the_article(tmp_path: Path) -> None:
    from pyoxigraph import Store

    corpus = tmp_path / "in"
    corpus.mkdir()
    extra = {"topic": "terrorism", "bias": 0, "score": 0.5, "tags": ["a", "b"], "none": None}
    line = _record(1, label="left", extra=extra, checked=True, publisher="Daily Ledger")
    (corpus / "a.jsonl").write_text(line.replace('"score": 0.5', '"score": NaN') + "\n"
                                    + _record(2, publisher="Daily Ledger", label="right") + "\n",
                                    encoding="utf-8")  # fmt: skip
    run, out = _build(corpus, tmp_path)
    assert run.returncode == 0, run.stderr
    store = Store()
    store.load(path=str(out / "graph.ttl"), format=RdfFormat.TURTLE)
    rows = store.query(
        "PREFIX schema: <http://schema.org/> PREFIX kg: <https://w3id.org/kg-news/ns#> "
        "SELECT ?id ?name ?value WHERE { ?a kg:recordField ?f ; "
        "<http://purl.org/dc/terms/identifier> ?id . ?f schema:name ?name ; schema:value ?value }"
    )
    found = {(r["id"].value, r["name"].value, str(r["value"])) for r in rows}  # type: ignore[union-attr]
    integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
    assert found == {
        ("r1", "label", '"left"'),
        ("r1", "extra.topic", '"terrorism"'),
        ("r1", "extra.bias", f'"0"{integer}'),
        ("r1", "extra.tags", '"a"'),
        ("r1", "extra.tags", '"b"'),
        ("r1", "checked", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        ("r2", "label", '"right"'),
    }  # NaN and null are left out
    # The documented query compares outlets by such a field.
    text = (Path(__file__).parent.parent / "docs" / "queries.md").read_text(encoding="utf-8")
    query = text.split("## Outlets compared by a field")[1].split("```sparql\n")[1].split("```")[0]
    answer = {
        (r["value"].value, r["outlet"].value, r["articles"].value) for r in store.query(query)
    }  # type: ignore[union-attr]
    assert answer == {("left", "Daily Ledger", "1"), ("right", "Daily Ledger", "1")}
