"""The example queries of docs/queries.md, as data (the page of `kg serve` lists them).

The page is shipped inside the package (`kg/data/queries.md`, the same file), so an installed kg
serves the queries its documentation shows. Each is a `## heading`, an optional paragraph, and
one ```sparql block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_SECTION = re.compile(r"^## (?P<title>.+?)\n(?P<body>.*?)(?=^## |\Z)", re.M | re.S)
_QUERY = re.compile(r"```sparql\n(?P<query>.*?)```", re.S)


@dataclass(frozen=True)
class Example:
    title: str
    note: str
    query: str


def parse(markdown: str) -> tuple[Example, ...]:
    """Every `## heading` of `markdown` that holds a SPARQL block, in the page's order."""
    examples = []
    for section in _SECTION.finditer(markdown):
        body = section["body"]
        found = _QUERY.search(body)
        if found is None:
            continue
        note = " ".join(body[: found.start()].split())
        examples.append(Example(section["title"].strip(), note, found["query"]))
    return tuple(examples)


def load() -> tuple[Example, ...]:
    """The examples of kg's own docs/queries.md."""
    page = resources.files("kg.data").joinpath("queries.md").read_text(encoding="utf-8")
    return parse(page)
