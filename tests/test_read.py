from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.facts import Article, Problem
from kg.read.articles import iter_articles
from tests.conftest import SEEDS


def read(*paths: Path) -> list[Article | Problem]:
    return list(iter_articles(paths))


def test_seeds_form() -> None:
    first, second = read(SEEDS)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "000_b05168cb2f5a3579"
    assert first.source == "seeds/000_b05168cb2f5a3579.txt"
    assert first.authors == ("News Agencies",)
    assert first.date == "2017-09-01T14:54:00+05:30"
    assert first.text == (SEEDS / "000_b05168cb2f5a3579.txt").read_text(encoding="utf-8")
    assert second.publisher == "The Duran"
    assert second.date is None and second.authors == ()


def test_ids_are_paths_under_the_input_folder(tmp_path: Path) -> None:
    for folder in ("tech", "sport"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "057.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    ids = [a.id for a in read(tmp_path) if isinstance(a, Article)]
    assert ids == ["sport/057", "tech/057"]


def test_text_forms(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffHeadline\r\n\r\nBody one.\r\n".encode())
    (tmp_path / "headline-only.txt").write_text("Just a headline\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes(b"Caf\xe9\n\nBody.\n")
    got = {(a.source if isinstance(a, Problem) else a.id): a for a in read(tmp_path)}
    bom = got["bom"]
    assert isinstance(bom, Article) and bom.text == "Headline\n\nBody one.\n"
    assert bom.headline == "Headline"
    assert got[f"{tmp_path.name}/headline-only.txt"] == Problem(
        f"{tmp_path.name}/headline-only.txt", "no body: only a headline"
    )
    assert isinstance(got[f"{tmp_path.name}/binary.txt"], Problem)
    assert got[f"{tmp_path.name}/latin1.txt"] == Problem(
        f"{tmp_path.name}/latin1.txt",
        "not UTF-8 (byte 0xe9 at offset 3): read as Windows-1252",
        skipped=False,
    )
    latin = got["latin1"]
    assert isinstance(latin, Article) and latin.headline == "Caf\u00e9"


def test_jsonl_gz_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x:1", "title": "T", "text": "Body", "date": "2020-05-01",
                    "source": "Outlet", "url": "https://outlet.test/1", "authors": "A B, C D"}),
        "{not json",
        json.dumps({"id": "x:3", "title": "No text"}),
        json.dumps(["a list"]),
    ]  # fmt: skip
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    first, bad, empty, listed = read(path)
    assert first == Article(
        id="x:1", text="Body", headline="T", source="c.jsonl.gz#line=1", date="2020-05-01",
        publisher="Outlet", authors=("A B", "C D"), url="https://outlet.test/1",
    )  # fmt: skip
    assert isinstance(bad, Problem) and bad.source == "c.jsonl.gz#line=2"
    assert bad.message.startswith("not JSON")
    assert empty == Problem("c.jsonl.gz#line=3", "record has no text")
    assert listed == Problem("c.jsonl.gz#line=4", "not a JSON object")


def test_csv_records(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'id,title,text\n1,One,"Body, with comma"\n2,Two\n3,Three,Body,extra\n', encoding="utf-8"
    )
    first, short, long = read(path)
    assert isinstance(first, Article) and first.text == "Body, with comma"
    assert short == Problem("c.csv#row=3", "2 fields where the header has 3 columns")
    assert long == Problem("c.csv#row=4", "4 fields where the header has 3 columns")
    (tmp_path / "notext.csv").write_text("id,title\n1,One\n", encoding="utf-8")
    (problem,) = read(tmp_path / "notext.csv")
    assert isinstance(problem, Problem) and "no 'text' column" in problem.message


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="not a file kg reads"):
        read(tmp_path / "a.pdf")


def test_jsonl_is_read_as_a_stream_and_keeps_what_it_could_read(tmp_path: Path) -> None:
    records = "".join(
        json.dumps({"id": f"r{i}", "title": "T", "text": "Body " * 200}) + "\n" for i in range(50)
    )
    whole = gzip.compress(records.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])  # a download cut short
    got = read(tmp_path / "cut.jsonl.gz")
    articles = [a for a in got if isinstance(a, Article)]
    assert 0 < len(articles) < 50
    assert [a.id for a in articles] == [f"r{i}" for i in range(len(articles))]
    (problem,) = [p for p in got if isinstance(p, Problem)]
    assert problem.source == f"cut.jsonl.gz#line={len(articles) + 1}"
    assert problem.message.startswith("cannot read")


def test_jsonl_line_in_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    line = '{"id": "a", "title": "Caf\xe9", "text": "Body"}\n'.encode("cp1252")
    (tmp_path / "c.jsonl").write_bytes(line)
    warning, article = read(tmp_path / "c.jsonl")
    assert warning == Problem(
        "c.jsonl#line=1", "not UTF-8 (byte 0xe9 at column 26): read as Windows-1252", skipped=False
    )
    assert isinstance(article, Article) and article.headline == "Caf\u00e9"


def test_binary_jsonl_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_bytes(b"\x00\x01\x02\n" * 100)
    assert read(tmp_path / "b.jsonl") == [Problem("b.jsonl", "binary data, not text")]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace")))
def test_any_bytes_as_txt_give_an_article_or_a_problem(tmp_path_factory: Any, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("any")
    (folder / "a.txt").write_bytes(data)
    items = read(folder)
    assert items and all(isinstance(i, Article | Problem) for i in items)
    for item in items:
        if isinstance(item, Article):
            assert item.headline and item.headline == item.headline.strip()
            assert item.headline in item.text
            assert "\r" not in item.text


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "text", "date", "source", "authors", "url", "x"]),
        st.none() | st.integers() | st.text(max_size=20) | st.lists(st.text(max_size=5)),
    )
)
def test_any_json_record_gives_an_article_or_a_problem(
    tmp_path_factory: Any, record: dict[str, object]
) -> None:
    folder = tmp_path_factory.mktemp("any")
    (folder / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    *warnings, item = read(folder / "r.jsonl")
    assert all(isinstance(w, Problem) and not w.skipped for w in warnings)
    if isinstance(item, Article):
        assert item.text.strip() and item.id and item.headline
        assert item.date is None or item.date[:4].isdigit()
        assert [w.message.startswith("date ") for w in warnings] == [True] * len(warnings)
    else:
        assert item.message == "record has no text" and not warnings


def test_character_references_a_source_left_are_decoded(tmp_path: Path) -> None:
    record = {
        "id": "r1",
        "title": "Jos&#233; Mar&iacute;a wins",
        "text": "Jos&#233; Mar&iacute;a said &quot;yes&quot; to AT&amp;T &#xE9; &bogus;.",
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = iter_articles([tmp_path])
    assert isinstance(article, Article)
    assert article.text == 'José María said "yes" to AT&T é &bogus;.'
    assert article.headline == "José María wins"


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_a_reference_stands_for_its_character_and_plain_text_is_kept(plain: str) -> None:
    from kg.read.articles import newlines

    kept = plain.replace("&", "and").replace("\r", "")
    assert newlines(kept) == kept
    assert newlines("".join(f"&#{ord(c)};" for c in kept if not 0x7F <= ord(c) <= 0x9F)) == (
        "".join(c for c in kept if not 0x7F <= ord(c) <= 0x9F)
    )
    assert newlines("".join(f"&#x{ord(c):x};" for c in kept if ord(c) > 0x9F)) == (
        "".join(c for c in kept if ord(c) > 0x9F)
    )
