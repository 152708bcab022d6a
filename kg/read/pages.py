"""Web pages (`.html`, `.htm`) and web archives (`.warc`, `.warc.gz`: Common Crawl News is WARC).

A page's article is what trafilatura extracts from it: the main text without the page's
navigation, sign-up boxes and footers, and its title, date, authors and site name. The article's
text is the extracted text, and every offset of the graph indexes it (not the HTML). In a WARC
file, each HTML response or resource record is a page; its id is its address without the
scheme (`news.example.com/2026/03/02/farm-bill`), its source the file and the record's offset
(`crawl.warc.gz#offset=1234`, the offset `warcio extract` takes). Nothing is fetched: the pages
are read as the archive holds them.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.facts import Article, Problem, without_lone_surrogates
from kg.read.dates import parse_date

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_BYTES_PER_CHAR = 16
"""A page may take this many bytes per character of --max-chars: pages carry far more markup
and script than text (a news page of 5,000 characters of text is often 200 kB)."""
MIN_PAGE_WORDS = 15
"""Fewer words than this is a page with no article (a menu, a gallery, a log-in form): the
extractor, finding no article, hands back what text there is."""
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def page_limit(max_chars: int) -> int:
    """The largest page read, in bytes."""
    return PAGE_BYTES_PER_CHAR * max_chars + (1 << 20)


def article_from_html(
    data: bytes, *, article_id: str, source: str, url: str | None = None
) -> Article | Problem:
    """The article of one web page (its bytes, in whatever encoding it declares), or the
    Problem that kept it out: no article text in it, or a page the extractor cannot read."""
    import trafilatura  # about 0.5 s to import: only when a page is read

    try:
        document: Any = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as error:  # one page's failure never ends the run
        return Problem(source, f"cannot read the page: {type(error).__name__}: {error}")
    text = getattr(document, "text", None) if document is not None else None
    if not isinstance(text, str) or len(text.split()) < MIN_PAGE_WORDS:
        return Problem(source, "no article text found in the page")
    text = without_lone_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))
    title = _string(document, "title")
    raw_date = _string(document, "date")
    authors = tuple(a.strip() for a in (_string(document, "author") or "").split(";"))
    return Article(
        id=article_id,
        text=text,
        headline=" ".join(title.split()) if title else text.strip().split("\n", 1)[0],
        source=source,
        date=parse_date(raw_date) if raw_date else None,
        publisher=_string(document, "sitename"),
        authors=tuple(a for a in authors if a),
        url=_string(document, "url") or url,
    )


def _string(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    return (
        without_lone_surrogates(value.strip()) if isinstance(value, str) and value.strip() else None
    )


def record_id(uri: str) -> str:
    """A page's id from its address: the address without its scheme (`https://`) or fragment."""
    rest = uri.split("://", 1)[1] if "://" in uri else uri
    return rest.split("#", 1)[0].strip("/") or uri


def warc_articles(path: Path, source: str, max_chars: int) -> Iterator[Article | Problem]:
    """The pages of a WARC file (compressed or not), read as a stream: one record in memory at
    a time. Records that are not pages (requests, metadata, images, redirects, errors) are
    counted in one warning; a file cut short keeps the pages before the cut."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = page_limit(max_chars)
    passed: Counter[str] = Counter()
    where = source
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                why = _not_a_page(record)
                # the content is read before the offset is asked for: warcio reads the
                # record through to tell its offset
                data = record.content_stream().read(limit + 1) if why is None else b""
                where = f"{source}#offset={records.get_record_offset()}"
                if why is not None:
                    passed[why] += 1
                    continue
                if len(data) > limit:
                    yield Problem(where, f"a page of more than {limit:,} bytes: skipped")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # bytes it says it has, missing
                    yield Problem(where, "the archive ends inside this page's record: skipped")
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                yield article_from_html(
                    data, article_id=record_id(uri) if uri else where, source=where,
                    url=uri or None,
                )  # fmt: skip
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as error:
        yield Problem(where, f"cannot read the archive: {error}".rstrip())
    if passed:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(passed.items()))
        yield Problem(source, f"{passed.total()} records that are not pages, not read ({kinds})",
                      skipped=False)  # fmt: skip


def _not_a_page(record: Any) -> str | None:
    """Why a WARC record is not a page kg reads, or None when it is one."""
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type}"
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return "response without HTTP headers"
        status = headers.get_statuscode()
        if status != "200":
            return f"HTTP {status}"
        kind = headers.get_header("Content-Type") or ""
    else:
        kind = record.rec_headers.get_header("Content-Type") or ""
    kind = kind.split(";", 1)[0].strip().lower()
    return None if kind in _HTML_TYPES else (kind or "no content type")
