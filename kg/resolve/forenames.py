"""First names: whether a word is a person's first name, and which gender it tells, when it
tells one clearly.

The data is nomquamgender's name table (MIT licence; I. van Buskirk, A. Clauset and
D. B. Larremore, "An open-source cultural consensus approach to name-based gender
classification", ICWSM 2023): for each name, how often its sources saw it and the share of
those that were women's. It is read from the installed package's data file, without importing
the package (which would import pandas), once per process and only when a rule asks.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from enum import StrEnum
from functools import cache
from pathlib import Path

from kg.cache import cached, code

MIN_COUNT = 1000
"""Times the sources saw a name for it to count as a first name (rarer ones are often not)."""
CLEAR = 0.05
"""A name tells a gender when at most this share of its bearers are of the other one: `Eliot`
and `Mitch` are men's names, `Lindsey` (0.90 women's), `Kim` and `Jordan` tell nothing."""


_ROW = re.compile(r'"((?:[^"\\]|\\.)+)": \[\d+, (\d+), ([0-9.e-]+)')
"""One row of the data file: `"name": [sources, count, share of women, ...]`."""


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


@cache
def _table() -> dict[str, Gender | None]:
    spec = importlib.util.find_spec("nomquamgender")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        return {}
    path = Path(locations[0]) / "name_data.json"
    if not path.is_file():
        return {}
    # Keyed by the file's size and time and kg's code: hashing its 22 MB would cost a third
    # of reading it.
    stat = path.stat()
    where = f"{path} {stat.st_size} {stat.st_mtime_ns} {MIN_COUNT} {CLEAR}".encode()
    return cached("forenames", [code(), where], lambda: _read(path))


def preload() -> None:
    """Read the table now: worker processes forked after this share it."""
    _table()


def _read(path: Path) -> dict[str, Gender | None]:
    # The rows are read with a pattern rather than json.load: a fifth of the time and of the
    # memory (22 MB of text, 721,000 names, of which a few thousand are kept).
    text = path.read_text(encoding="utf-8")
    table: dict[str, Gender | None] = {}
    for match in _ROW.finditer(text):
        if int(match.group(2)) < MIN_COUNT:
            continue
        name, female = match.group(1), float(match.group(3))
        if "\\" in name:
            name = json.loads(f'"{name}"')
        name = _key(name)
        if not name.replace("-", "").isalpha() or name in table:
            continue  # a spelling with accents and one without: the first, the commoner
        if female <= CLEAR:
            table[name] = Gender.MALE
        elif female >= 1 - CLEAR:
            table[name] = Gender.FEMALE
        else:
            table[name] = None
    return table


def _key(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if c.isalpha() or c == "-").strip("-")


def is_forename(word: str) -> bool:
    """Whether `word` is a common first name (`Jean-Michel`, `Lars`; not `Swiss`, `The`)."""
    return _key(word) in _table()


def gender(word: str) -> Gender | None:
    """The gender a first name tells clearly, else None (`Kim`, `Jordan`, an unknown word)."""
    return _table().get(_key(word))
