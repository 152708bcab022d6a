"""Reading articles: `.txt` files in the seeds' form, JSON Lines or CSV corpora (plain or
gzip), web pages and web archives (`kg.read.pages`). Yields an `Article` for each usable
article and a `Problem` for each one that is not."""

from __future__ import annotations

import csv
import errno
import gzip
import html.entities
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.facts import Article, Problem, RecordField, without_lone_surrogates
from kg.read import bylines
from kg.read.dates import parse_date, parse_dateline
from kg.read.pages import HTML_SUFFIXES, WARC_SUFFIXES, article_from_html, page_limit, warc_articles

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv", ".csv.gz", *HTML_SUFFIXES, *WARC_SUFFIXES)
"""The kinds of file kg reads; a directory is searched recursively for them."""

_PUBLISHER_LINE = re.compile(r"^The post .+ appeared first on (?P<publisher>.+?)\.?\s*$")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


SHOWN_IGNORED = 3
"""Files of a type kg does not read that a folder's warning names (it counts them all)."""
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")

DEFAULT_MAX_CHARS = 1_000_000
"""`Settings.max_chars`' default, for callers that do not give one."""


def iter_articles(
    paths: Iterable[Path], *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Article | Problem]:
    """Every article under `paths`, in a stable order (paths as given, directories sorted).

    A record or file over `max_chars` is reported without being read whole (reads are bounded),
    so a compressed file that inflates to gigabytes costs no more memory than one article."""
    for path in paths:
        check_input(path)
        if path.is_dir():
            yield from _walk(path, max_chars)
        elif path.is_file():
            if _suffix(path) not in SUFFIXES:
                raise InputError(f"{path}: not a file kg reads (expected {', '.join(SUFFIXES)})")
            name = without_lone_surrogates(path.name)
            yield from _read_file(path, id_stem=_strip_suffix(name), source=name,
                                  max_chars=max_chars)  # fmt: skip
        else:
            raise InputError(f"{path}: no such file or directory")


def count_articles(paths: Iterable[Path]) -> int | None:
    """How many articles the inputs hold at most, counted without reading them (a line of JSON
    Lines, a line of CSV but its header, a file of the others), so that progress can show a
    total; None when a web archive is among them (its records are not counted) or a file
    cannot be read. An upper bound: a CSV field may hold a line break, and bad records count."""
    found = 0
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            suffix = _suffix(file)
            if not suffix or file.name.startswith("."):
                continue
            if suffix in WARC_SUFFIXES:
                return None
            if suffix.startswith((".jsonl", ".csv")):
                try:
                    lines = _lines(file)
                except _READ_ERRORS:
                    return None
                found += max(lines - 1, 0) if suffix.startswith(".csv") else lines
            else:
                found += 1
    return found


def _lines(path: Path) -> int:
    """Lines of a file, read a megabyte at a time (a last line without its newline counts)."""
    count, last = 0, b"\n"
    with _open(path) as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def check_input(path: Path) -> None:
    """Raise InputError for an input that is not there at all, or is a URL."""
    if path.exists():
        return
    if _URL.match(str(path)):
        url = _URL.sub(lambda m: m[0] + "/", str(path), count=1)  # a Path keeps one slash
        raise InputError(
            f"{url}: a URL; fetching is not supported: kg reads files and folders only "
            "(save the pages, then give their files)"
        )
    raise InputError(f"{path}: no such file or directory")


def _walk(root: Path, max_chars: int) -> Iterator[Article | Problem]:
    """The files of a folder and its subfolders, by path; what cannot be read is named: a
    folder kg may not read, a broken link or a loop of links, a link to a folder (not
    followed), and how many files are of no type kg reads (hidden files aside)."""
    top = without_lone_surrogates(root.resolve().name)
    problems: list[Problem] = []
    found: list[tuple[str, Path]] = []
    ignored: dict[str, int] = {}
    ignored_names: list[str] = []

    def where(path: Path) -> str:
        return f"{top}/{without_lone_surrogates(path.relative_to(root).as_posix())}"

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename) if error.filename else root
        problems.append(Problem(where(folder), f"cannot read folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        base = Path(folder)
        for name in subfolders:
            if (base / name).is_symlink():
                problems.append(Problem(where(base / name), "a link to a folder: not followed"))
        for name in files:
            path = base / name
            try:
                path.stat()
            except OSError as error:
                broken = "a loop of links" if error.errno == errno.ELOOP else "a broken link"
                problems.append(Problem(where(path), f"{broken}: not read"))
                continue
            if not path.is_file():
                continue  # a socket, a pipe, a device
            if _suffix(path) in SUFFIXES:
                found.append((path.relative_to(root).as_posix(), path))
            elif not name.startswith("."):
                kind = "".join(path.suffixes[-2:]).lower() or "(no extension)"
                ignored[kind] = ignored.get(kind, 0) + 1
                ignored_names.append(where(path))
    yield from sorted(problems, key=lambda p: p.source)
    for rel, path in sorted(found):
        rel = without_lone_surrogates(rel)
        yield from _read_file(path, id_stem=_strip_suffix(rel), source=f"{top}/{rel}",
                              max_chars=max_chars)  # fmt: skip
    if ignored:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(ignored.items()))
        count = sum(ignored.values())
        names = sorted(ignored_names)
        shown = ", ".join(names[:SHOWN_IGNORED]) + (", ..." if count > SHOWN_IGNORED else "")
        yield Problem(top, f"{count} files of a type kg does not read, not read ({kinds}: "
                      f"{shown})", skipped=False)  # fmt: skip


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), "")


def _strip_suffix(name: str) -> str:
    return name[: -len(_suffix(Path(name)))] if _suffix(Path(name)) else name


def _record_limit(max_chars: int) -> int:
    """Bytes a record may take to hold `max_chars` characters (`\\uXXXX` escapes are six)."""
    return 6 * max_chars + (1 << 20)


_READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a file can raise: gone, unreadable, a gzip stream cut short or corrupt."""


def _read_file(
    path: Path, *, id_stem: str, source: str, max_chars: int
) -> Iterator[Article | Problem]:
    suffix = _suffix(path)
    if suffix.startswith(".jsonl"):
        yield from _jsonl_articles(path, source, max_chars)
        return
    if suffix.startswith(".csv"):
        yield from _csv_articles(path, source, max_chars)
        return
    if suffix in WARC_SUFFIXES:
        yield from warc_articles(path, source, max_chars)
        return
    if suffix in HTML_SUFFIXES:
        yield _page(path, id_stem=id_stem, source=source, max_chars=max_chars)
        return
    try:
        size = path.stat().st_size
        if size > 4 * max_chars + 4:  # UTF-8 spends at most 4 bytes a character
            yield Problem(
                source, f"{size:,} bytes, more than --max-chars {max_chars:,} characters: skipped"
            )
            return
        data = path.read_bytes()
    except _READ_ERRORS as error:
        yield Problem(source, f"cannot read: {error}")
        return
    try:
        text, note = _decode(data, source)
    except ValueError as error:
        yield Problem(source, str(error))
        return
    if note:
        yield note
    yield article_from_text(text, article_id=id_stem, source=source)


def _page(path: Path, *, id_stem: str, source: str, max_chars: int) -> Article | Problem:
    limit = page_limit(max_chars)
    try:
        with _open(path) as handle:
            data = handle.read(limit + 1)
    except _READ_ERRORS as error:
        return Problem(source, f"cannot read: {error}")
    if len(data) > limit:
        return Problem(source, f"a page of more than {limit:,} bytes: skipped")
    return article_from_html(data, article_id=id_stem, source=source)


def _decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """The text of a file, and a warning when it had to be read as Windows-1252.

    Not UTF-8 is, in English news, nearly always Windows-1252 or Latin-1 (a `£` or `é` as one
    byte): such a file is read as Windows-1252, with a warning naming it, rather than lost.
    Bytes that Windows-1252 does not define make it an error.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark
        try:
            return newlines(data.decode("utf-16")), None
        except UnicodeDecodeError:
            raise ValueError("a byte-order mark of UTF-16, but not UTF-16") from None
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
    return newlines(text), note


def newlines(text: str) -> str:
    """The text every offset indexes into: Windows and old Mac line ends as `\\n`, and the HTML
    character references a source left in its text decoded (`Jos&#233;` is `José`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _REFERENCE.sub(_referenced, text) if "&" in text else text


_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")


def _referenced(match: re.Match[str]) -> str:
    """The character a reference stands for; the reference as written when it stands for
    none, or for one no text should hold (a surrogate, a control character)."""
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return html.entities.html5.get(name + ";", match.group(0))
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (code < 0x20 and code not in (9, 10)):
        return match.group(0)
    if 0x7F <= code <= 0x9F:  # what Windows-1252 puts there (`&#146;` for an apostrophe)
        return bytes([code]).decode("cp1252", errors="replace")
    return chr(code)


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


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) of a binary stream, each read in at most `limit` bytes; a longer line is
    read through without being kept, and comes as None."""
    number = 0
    while True:
        raw = handle.readline(limit)
        if not raw:
            return
        number += 1
        if len(raw) >= limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _jsonl_articles(path: Path, source: str, max_chars: int) -> Iterator[Article | Problem]:
    """A JSON Lines corpus, read as a stream: one line in memory at a time, whatever its size."""
    number = 0
    try:
        with _open(path) as handle:
            for number, raw in _bounded_lines(handle, _record_limit(max_chars)):
                where = f"{source}#line={number}"
                if raw is None:
                    yield Problem(where, f"more than --max-chars {max_chars:,} characters: skipped")
                    continue
                if not raw.strip():
                    continue
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
                except RecursionError:
                    yield Problem(where, "not JSON kg reads: nested too deeply")
                    continue
                except ValueError as error:  # an integer of thousands of digits
                    yield Problem(where, f"not JSON kg reads: {error}")
                    continue
                if not isinstance(record, dict):
                    yield Problem(where, "not a JSON object")
                    continue
                yield from _record_article(record, source=where, fallback_id=where)
    except _READ_ERRORS as error:
        where = f"{source}#line={number + 1}" if number else source
        yield Problem(where, f"cannot read: {error}")


def _csv_articles(path: Path, source: str, max_chars: int) -> Iterator[Article | Problem]:
    """A CSV corpus with a header row, read as a stream of bounded lines: a bad row (missing or
    extra fields, a NUL byte, too long) is that row's problem, and a file cut short keeps the
    rows before the cut."""
    limit = _record_limit(max_chars)
    csv.field_size_limit(max(limit, csv.field_size_limit()))
    problems: list[Problem] = []
    cp1252 = False

    def lines(handle: BinaryIO) -> Iterator[str]:
        nonlocal cp1252
        for number, raw in _bounded_lines(handle, limit):
            if raw is None:
                problems.append(
                    Problem(
                        f"{source}#row={number}",
                        f"more than --max-chars {max_chars:,} characters: skipped",
                    )
                )
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                if not cp1252:
                    problems.append(Problem(source, "not UTF-8: read as Windows-1252",
                                            skipped=False))  # fmt: skip
                    cp1252 = True
                yield raw.decode("cp1252", errors="replace")

    try:
        with _open(path) as handle:
            reader = csv.reader(lines(handle))
            columns: list[str] | None = None
            while True:
                where = f"{source}#row={reader.line_num + 1}"
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    yield from _drain(problems)
                    if columns is None:
                        yield Problem(source, f"not a CSV file kg reads: {error}")
                        return
                    yield Problem(where, f"bad CSV row: {error}")
                    continue
                yield from _drain(problems)
                if not any(cell.strip() for cell in row):
                    continue
                if columns is None:
                    columns = [c.strip().lower() for c in row]
                    if "text" not in columns:
                        yield Problem(
                            source, f"CSV has no 'text' column (columns: {', '.join(columns)})"
                        )
                        return
                    continue
                if any("\x00" in cell for cell in row):
                    yield Problem(where, "bad CSV row: binary data (a NUL byte)")
                    continue
                if len(row) != len(columns):
                    yield Problem(
                        where, f"{len(row)} fields where the header has {len(columns)} columns"
                    )
                    continue
                record = dict(zip(columns, row, strict=True))
                yield from _record_article(record, source=where, fallback_id=where)
            if columns is None:
                yield Problem(source, "empty CSV file")
    except _READ_ERRORS as error:
        yield from _drain(problems)
        yield Problem(source, f"cannot read: {error}")
    yield from _drain(problems)


def _drain(problems: list[Problem]) -> Iterator[Problem]:
    while problems:
        yield problems.pop(0)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:200]


def _field(record: Mapping[str, object], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str | int | float) and str(value).strip():
            return without_lone_surrogates(str(value).strip())
    return None


def _authors(record: Mapping[str, object]) -> tuple[str, ...]:
    found = bylines.authors(record.get("authors", record.get("author")))
    return tuple(dict.fromkeys(without_lone_surrogates(name) for name in found))


MODELLED = frozenset(("id", "text", "title", "headline", "date", "datePublished", "published",
                      "publisher", "source", "outlet", "authors", "author", "url"))  # fmt: skip
"""A record's fields that become the article's own properties; the others are `fields`."""
MAX_FIELDS = 100
MAX_FIELD_NAME = 200
MAX_FIELD_CHARS = 2_000
MAX_FIELD_DEPTH = 4
"""At most this many fields a record, characters a field's name, characters a value and
levels of nesting: the rest is left out."""


def _fields(record: Mapping[str, object]) -> tuple[RecordField, ...]:
    """The record's fields kg does not model, nested ones flattened (`extra.topic`), in the
    record's order."""
    found: list[RecordField] = []

    def scalar(value: object) -> str | int | float | bool | None:
        if isinstance(value, bool | int | float):
            return value if not isinstance(value, float) or value == value else None  # no NaN
        if isinstance(value, str) and value.strip() and len(value) <= MAX_FIELD_CHARS:
            return without_lone_surrogates(value.strip())
        return None

    def visit(name: str, value: object, depth: int) -> None:
        if len(found) >= MAX_FIELDS or len(name) > MAX_FIELD_NAME or depth > MAX_FIELD_DEPTH:
            return
        if isinstance(value, Mapping):
            for key, inner in value.items():
                visit(f"{name}.{key}", inner, depth + 1)
            return
        items = value if isinstance(value, list) else [value]
        values = tuple(v for v in (scalar(item) for item in items[:MAX_FIELDS]) if v is not None)
        if values and name.strip():
            found.append(RecordField(without_lone_surrogates(name), values))

    for key, value in record.items():
        if key not in MODELLED:
            visit(str(key), value, 0)
    return tuple(found)


def _record_article(
    record: Mapping[str, object], *, source: str, fallback_id: str
) -> Iterator[Article | Problem]:
    try:
        raw_text = record.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            yield Problem(source, "record has no text")
            return
        text = without_lone_surrogates(newlines(raw_text))
        title = _field(record, "title", "headline")
        raw_date = _field(record, "date", "datePublished", "published")
        when = parse_date(raw_date) if raw_date else None
        article = Article(
            id=_field(record, "id") or fallback_id,
            text=text,
            headline=" ".join(newlines(title).split()) if title else _first_line(text),
            source=source,
            date=when,
            publisher=_field(record, "publisher", "source", "outlet"),
            authors=_authors(record),
            url=_field(record, "url"),
            fields=_fields(record),
        )
    except (ValueError, RecursionError) as error:  # an odd value: this record only
        yield Problem(source, f"cannot read record: {type(error).__name__}: {error}")
        return
    if raw_date and when is None:
        yield Problem(source, f"date {raw_date[:40]!r} is not one kg can write: left out",
                      skipped=False)  # fmt: skip
    yield article
