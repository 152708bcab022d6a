"""Which tokens can be part of a name, and the runs of them around a token. Read-only over a
parsed Doc; shared by the type hints and the repeated mentions."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.resolve import names

_PREFIXED_NAME = re.compile(names.PREFIXED_NAME)
_NOT_NAMES = frozenset(("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL"))
"""Entity labels whose capitalised words are not part of a name (`Syrian`, `Monday`)."""


def is_name_token(token: Token) -> bool:
    """A word that can be part of a name: a proper noun, or `al-Thawra`-style."""
    text = token.text
    if not text[:1].isalpha():
        return False
    if _PREFIXED_NAME.match(text):
        return True
    return (
        text[:1].isupper()
        and token.pos_ == "PROPN"
        and token.ent_type_ not in _NOT_NAMES
        and not names.is_title(text)
    )


def name_ending(last: int, doc: Doc, within: int | None = None) -> tuple[int, int] | None:
    """Tokens [start, last + 1) of the name that ends at `last`; with `within`, only when each
    depends on a token of the name or on `within`."""
    start = last + 1
    while start > 0 and is_name_token(doc[start - 1]):
        start -= 1
    if start > last:
        return None
    if within is not None:
        allowed = range(start, within + 1)
        if any(doc[i].head.i not in allowed for i in range(start, last + 1)):
            return None
    return start, last + 1


def name_from(first: int, doc: Doc) -> tuple[int, int] | None:
    """Tokens [first, end) of the name that starts at `first`."""
    end = first
    while end < len(doc) and is_name_token(doc[end]):
        end += 1
    return (first, end) if end > first else None
