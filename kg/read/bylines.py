"""Bylines: the authors a record names, without the words around them.

    "By Evan Perez, CNN Supreme Court Reporter"   -> ("Evan Perez",)
    "Analysis Stephen Collinson"                  -> ("Stephen Collinson",)
    "Tom Howell, Jr."                             -> ("Tom Howell Jr.",)
    ["GARY LANGER"]                               -> ("GARY LANGER",)   (named as written here)

A name printed in capitals stays as written: `kg.resolve.corpus` gives it its usual case and
keeps the written form as an alternate name. The word lists are in `kg.lexicon`.
"""

from __future__ import annotations

import re

from kg.lexicon import BYLINE_JUNK, BYLINE_PREFIXES, BYLINE_ROLE_WORDS, NAME_SUFFIXES

_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in BYLINE_PREFIXES) + r")\b[:\s]*", re.IGNORECASE
)
_ROLE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(BYLINE_ROLE_WORDS)) + r")(?![\w-])",
    re.IGNORECASE,
)


def authors(value: object) -> tuple[str, ...]:
    """The authors of a record's `authors` (or `author`) field: a string or a list of them."""
    if isinstance(value, list):
        pieces = [str(v) for v in value if isinstance(v, str | int)]
        items = [part for piece in pieces for part in _SPLIT.split(piece)]
    elif isinstance(value, str):
        items = _SPLIT.split(value)
    else:
        return ()
    names: list[str] = []
    for item in items:
        name = " ".join(_PREFIX.sub("", item.strip().strip('"')).split())
        if not name:
            continue
        if name.lower() in NAME_SUFFIXES:
            if names:
                names[-1] = f"{names[-1]} {name}"
            continue
        lowered = name.lower()
        if _ROLE.search(name) or any(junk in lowered for junk in BYLINE_JUNK):
            continue
        names.append(name)
    return tuple(dict.fromkeys(names))
