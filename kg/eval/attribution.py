"""Attribution gold in brat standoff (PolNeAR): who is said to say what, with character offsets.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) keeps `<split>/text/<article>.txt` and
`<split>/attributions/<article>_<annotator>.ann`. Each attribution relation (`E` line) links a
Content span, a Cue span and (not always) a Source span. A span may be discontinuous
(`Content 315 448;463 553`) and its text may run over several lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

Ranges = tuple[tuple[int, int], ...]
"""A span as one or more (begin, end) character ranges."""


@dataclass(frozen=True)
class GoldAttribution:
    content: Ranges
    cue: Ranges
    source: Ranges
    """Empty when the annotators marked no source in the text."""


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


_SPAN = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.M)
_RELATION = re.compile(r"^E\d+\t(.*)$", re.M)


def read_ann(ann: str) -> tuple[GoldAttribution, ...]:
    """The attribution relations of one brat `.ann` file's text."""
    spans: dict[str, Ranges] = {}
    for match in _SPAN.finditer(ann):
        ranges = []
        for piece in match.group(3).split(";"):
            begin, end = piece.split()
            ranges.append((int(begin), int(end)))
        spans[match.group(1)] = tuple(ranges)
    found = []
    for match in _RELATION.finditer(ann):
        roles: dict[str, Ranges] = {}
        for argument in match.group(1).split():
            role, _, ref = argument.partition(":")
            if ref in spans:
                roles[role] = spans[ref]
        if "Content" in roles:
            found.append(
                GoldAttribution(roles["Content"], roles.get("Cue", ()), roles.get("Source", ()))
            )
    return tuple(found)


def read_split(root: Path, split: str = "dev") -> Iterator[GoldArticle]:
    """Every article of a PolNeAR split, in name order, with the first annotator's relations
    (some articles were annotated twice, to measure agreement)."""
    texts = root / split / "text"
    annotations = root / split / "attributions"
    if not texts.is_dir() or not annotations.is_dir():
        raise InputError(f"{root}: no {split}/text and {split}/attributions folders (PolNeAR?)")
    ann_files: dict[str, Path] = {}
    for ann in sorted(annotations.glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        ann_files.setdefault(article, ann)
    for path in sorted(texts.glob("*.txt")):
        ann_path = ann_files.get(path.stem)
        if ann_path is None:
            continue
        text = path.read_text(encoding="utf-8")
        yield GoldArticle(path.stem, text, read_ann(ann_path.read_text(encoding="utf-8")))
