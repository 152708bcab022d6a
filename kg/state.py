"""What a build keeps of each article for the next `kg build --update`: its record as read, the
facts extracted from it, and what its graph's validation found.

    .kg/builds/<build>/.articles        frames: each article's facts, then its validation
    .kg/builds/<build>/.articles.index  the settings they were made with, and each article's
                                        id, content hash, frame offsets and place in
                                        graph.nq, in build order

An update reads the index (small: a line's worth an article), parses only the articles that are
new or whose content changed, and takes every other article's facts from its frame. Once the
corpus has decided the identities again, an article whose facts with those identities, and
whose entities' types, names and links, are what they were keeps its graph (copied from the
earlier `graph.nq` as bytes) and its validation report: neither is made again. The others are
made and validated anew.

Each frame is a length (8 bytes, big-endian) and a pickle that this user's kg wrote into this
user's output folder; nothing else is read as one.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from kg.facts import Article, ArticleFacts
from kg.rdf import shacl
from kg.resolve import claims, corpus

FRAMES = ".articles"
INDEX = ".articles.index"
FORMAT = 4
"""Bumped when a frame's content changes shape."""


@dataclass(frozen=True)
class Made:
    """What a validated article graph gives the corpus (the graph itself is in the build's
    `graph.nq`, where `Entry` says)."""

    key: str
    """The digest of what the graph was made from (`made_key`)."""
    appearances: tuple[claims.Appearance, ...]
    report: shacl.Report


@dataclass(frozen=True)
class Entry:
    """One article in the index: where its frames are in `.articles`."""

    id: str
    source: str
    content: str
    """`content_hash` of the article as read."""
    key: str
    """`Made.key` of its graph."""
    facts_at: int
    made_at: int
    graph_at: int
    """Where its named graph is in the build's `graph.nq`, and its length in bytes."""
    graph_size: int


@dataclass(frozen=True)
class Index:
    settings: str
    """`settings_key` of the build that made the frames."""
    entries: tuple[Entry, ...]


def content_hash(article: Article) -> str:
    """The digest of an article's content: everything read from its record except where it was
    read from (the same article from another file is the same article)."""
    text = repr(replace(article, source=""))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def made_key(applied: ArticleFacts, named: list[corpus.Described]) -> str:
    """The digest of what an article's graph and its validation are made from: its facts with
    the corpus's identities, and the types, names and links of the entities it names (their
    other names, which the corpus gathers from every article, are left out: the article's graph
    does not hold them, and the entities graph is validated on its own)."""
    text = repr((applied, tuple(without_other_names(named))))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def without_other_names(named: list[corpus.Described]) -> list[corpus.Described]:
    """The entities as an article's graph and its validation see them: their other names,
    which the corpus gathers from every article, left out."""
    return [replace(d, alternate_names=()) for d in named]


def settings_key(*parts: str) -> str:
    """The digest of what the facts and graphs depend on beside the article (kg's code, the
    model, the gazetteers, the base IRI, the shapes and engine)."""
    h = hashlib.sha256(f"kg-state {FORMAT}".encode())
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def write_frame(out: BinaryIO, data: bytes) -> int:
    """Append one frame; returns its offset."""
    at = out.tell()
    out.write(len(data).to_bytes(8, "big"))
    out.write(data)
    return at


def read_frame(source: BinaryIO, at: int) -> bytes:
    source.seek(at)
    size = int.from_bytes(source.read(8), "big")
    data = source.read(size)
    if len(data) != size:
        raise ValueError(f"truncated frame at {at}")
    return data


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def facts_of(data: bytes) -> ArticleFacts:
    value = pickle.loads(data)
    assert isinstance(value, ArticleFacts)
    return value


def made_of(data: bytes) -> Made:
    value = pickle.loads(data)
    assert isinstance(value, Made)
    return value


def read_index(folder: Path) -> Index | None:
    """The index of the build in `folder`, or None when it has none (or one this kg cannot
    read: an earlier format, a damaged file)."""
    try:
        with open(folder / INDEX, "rb") as handle:
            value = pickle.load(handle)
    except Exception:
        return None
    if not (isinstance(value, tuple) and len(value) == 4 and value[0] == FORMAT):
        return None
    try:
        if (folder / FRAMES).stat().st_size != value[3]:  # cut short, or written over
            return None
    except OSError:
        return None
    return Index(value[1], tuple(Entry(*row) for row in value[2]))


class Writer:
    """The next build's `.articles` and `.articles.index`, an article at a time."""

    def __init__(self, folder: Path, settings: str) -> None:
        self._folder = folder
        self._settings = settings
        self._out = open(folder / FRAMES, "wb")  # noqa: SIM115 (closed by close or __exit__)
        self._rows: list[tuple[str, str, str, str, int, int, int, int]] = []
        self._size = 0

    def add(
        self, entry: tuple[str, str, str, str], facts: bytes, made: bytes, graph: tuple[int, int]
    ) -> None:
        """One article: its id, source, content hash and `Made.key`; its facts and `Made` as
        pickles; where its graph is in `graph.nq` (offset, length)."""
        facts_at = write_frame(self._out, facts)
        made_at = write_frame(self._out, made)
        self._rows.append((*entry, facts_at, made_at, *graph))

    def close(self) -> None:
        size = self._out.tell()
        self._out.close()
        with open(self._folder / INDEX, "wb") as handle:
            index = (FORMAT, self._settings, self._rows, size)
            pickle.dump(index, handle, pickle.HIGHEST_PROTOCOL)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._out.closed:
            self._out.close()
