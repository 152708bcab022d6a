"""Reading articles: `.txt` files in the seeds' form, and JSON Lines or CSV corpora (plain or
gzip). Yields an `Article` for each usable article and a `Problem` for each one that is not."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from kg.errors import InputError
from kg.facts import Article, Problem, without_lone_surrogates
from kg.read.dates import parse_date, parse_dateline

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv", ".csv.gz")
"""The kinds of file kg reads; a directory is searched recursively for them."""

_PUBLISHER_LINE = re.compile(r"^The post .+ appeared first on (?P<publisher>.+?)\.?\s*$")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | Problem]:
    """Every article under `paths`, in a stable order (paths as given, directories sorted)."""
    for path in paths:
        if path.is_dir():
            files = sorted(
                (p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            for file in files:
                rel = file.relative_to(path)
                yield from _read_file(
                    file,
                    id_stem=_strip_suffix(rel.as_posix()),
                    source=f"{path.resolve().name}/{rel.as_posix()}",
                )
        elif path.is_file():
            if _suffix(path) not in SUFFIXES:
                raise InputError(f"{path}: not a file kg reads (expected {', '.join(SUFFIXES)})")
            yield from _read_file(path, id_stem=_strip_suffix(path.name), source=path.name)
        else:
            raise InputError(f"{path}: no such file or directory")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), "")


def _strip_suffix(name: str) -> str:
    return name[: -len(_suffix(Path(name)))] if _suffix(Path(name)) else name


def _read_file(path: Path, *, id_stem: str, source: str) -> Iterator[Article | Problem]:
    suffix = _suffix(path)
    if suffix.startswith(".jsonl"):
        yield from _jsonl_articles(path, source)
        return
    try:
        data = path.read_bytes()
        if suffix.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield Problem(source, f"cannot read: {error}")
        return
    try:
        text, note = _decode(data, source)
    except ValueError as error:
        yield Problem(source, str(error))
        return
    if note:
        yield note
    if suffix == ".txt":
        yield article_from_text(text, article_id=id_stem, source=source)
        return
    for where, record in _csv_records(text, source):
        yield (
            record
            if isinstance(record, Problem)
            else _record_article(record, source=where, fallback_id=where)
        )


def _decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """The text of a file, and a warning when it had to be read as Windows-1252.

    Not UTF-8 is, in English news, nearly always Windows-1252 or Latin-1 (a `£` or `é` as one
    byte): such a file is read as Windows-1252, with a warning naming it, rather than lost.
    Bytes that Windows-1252 does not define make it an error.
    """
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not text")
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(f"not UTF-8 ({where}) nor Windows-1252") from None
        note = Problem(source, f"not UTF-8 ({where}): read as Windows-1252", skipped=False)
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def article_from_text(text: str, *, article_id: str, source: str) -> Article | Problem:
    """The seeds' form: headline first; maybe a byline/dateline; paragraphs; maybe a
    closing `The post ... appeared first on OUTLET.` naming the publisher."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return Problem(source, "empty article")
    head = text[:4096]
    if len(_BINARY_CONTROL.findall(head)) > max(8, len(head) // 20):
        return Problem(source, "binary file, not text")
    if len(lines) < 2:
        return Problem(source, "no body: only a headline")
    author, when = None, None
    dateline = parse_dateline(lines[1])
    if dateline:
        author, when = dateline
    publisher_line = _PUBLISHER_LINE.match(lines[-1])
    return Article(
        id=article_id,
        text=text,
        headline=lines[0],
        source=source,
        date=when,
        publisher=publisher_line["publisher"].strip() if publisher_line else None,
        authors=(author,) if author else (),
    )


def _jsonl_articles(path: Path, source: str) -> Iterator[Article | Problem]:
    """A JSON Lines corpus, read as a stream: one line in memory at a time, whatever its size."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                where = f"{source}#line={number}"
                if b"\x00" in raw:
                    yield Problem(source if number == 1 else where, "binary data, not text")
                    if number == 1:
                        return
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    line = raw.decode("cp1252", errors="replace")
                    yield Problem(
                        where,
                        f"not UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1}):"
                        " read as Windows-1252",
                        skipped=False,
                    )
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield Problem(where, f"not JSON: {error.msg} (column {error.colno})")
                    continue
                if not isinstance(record, dict):
                    yield Problem(where, "not a JSON object")
                    continue
                yield _record_article(record, source=where, fallback_id=where)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        where = f"{source}#line={number + 1}" if number else source
        yield Problem(where, f"cannot read: {error}")


def _csv_records(text: str, source: str) -> Iterator[tuple[str, Mapping[str, object] | Problem]]:
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield source, Problem(source, "empty CSV file")
        return
    columns = [c.strip().lower() for c in header]
    if "text" not in columns:
        yield source, Problem(source, f"CSV has no 'text' column (columns: {', '.join(columns)})")
        return
    while True:
        where = f"{source}#row={reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield where, Problem(where, f"bad CSV: {error}")
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield (
                where,
                Problem(where, f"{len(row)} fields where the header has {len(columns)} columns"),
            )
            continue
        yield where, dict(zip(columns, row, strict=True))


def _field(record: Mapping[str, object], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str | int | float) and str(value).strip():
            return without_lone_surrogates(str(value).strip())
    return None


def _authors(record: Mapping[str, object]) -> tuple[str, ...]:
    value = record.get("authors", record.get("author"))
    if isinstance(value, list):
        items = [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
    elif isinstance(value, str):
        items = [a.strip() for a in re.split(r"\s*(?:,|;|\band\b)\s*", value) if a.strip()]
    else:
        items = []
    return tuple(dict.fromkeys(without_lone_surrogates(item) for item in items))


def _record_article(
    record: Mapping[str, object], *, source: str, fallback_id: str
) -> Article | Problem:
    raw_text = record.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        return Problem(source, "record has no text")
    text = without_lone_surrogates(raw_text.replace("\r\n", "\n").replace("\r", "\n"))
    title = _field(record, "title", "headline")
    raw_date = _field(record, "date", "datePublished", "published")
    return Article(
        id=_field(record, "id") or fallback_id,
        text=text,
        headline=" ".join(title.split()) if title else text.strip().split("\n", 1)[0][:200],
        source=source,
        date=parse_date(raw_date) if raw_date else None,
        publisher=_field(record, "publisher", "source", "outlet"),
        authors=_authors(record),
        url=_field(record, "url"),
    )
