"""Quotation marks: which stretches of a text are quoted. Pure string rules, no spaCy.

Rules (each has a test in tests/test_marks.py):
- curly marks say which way they face (`“` `‘` `„` `«` open, `”` `’` `»` close); a straight mark
  (`"` `'`) opens after a space, a bracket or a dash and before a non-space, and closes otherwise;
- a single mark between two letters or digits is an apostrophe (`unit’s`, `I'll`, `'90s` stays
  unpaired), and single marks inside a double-quoted stretch (and the reverse) are part of it;
- a quotation may run over several paragraphs, with its opening mark repeated at the start of
  each paragraph (the marks at the paragraph starts are listed in `reopened`) or with one opening
  mark and one closing mark at the very end, at most `MAX_OPEN_PARAGRAPHS` paragraphs on;
- a double mark that opens a sentence after one ending inside an open quotation, in the same
  paragraph, is that quotation's next paragraph run into this one (`victims. "The needs...`:
  texts whose paragraph breaks were lost); it is listed in `reopened`;
- a double mark that is never closed quotes to the end of its paragraph (`closed` is False); an
  unclosed single mark is taken for an apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

MAX_OPEN_PARAGRAPHS = 4
"""How many paragraph breaks a quotation may cross with no mark at the paragraph starts."""


class _Role(Enum):
    OPEN = 1
    CLOSE = 2
    EITHER = 3


_DOUBLE = {"\u201c": _Role.OPEN, "\u201e": _Role.OPEN, "\u00ab": _Role.OPEN,
           "\u201d": _Role.CLOSE, "\u00bb": _Role.CLOSE, '"': _Role.EITHER}  # fmt: skip
_SINGLE = {"\u2018": _Role.OPEN, "\u201a": _Role.OPEN, "\u2019": _Role.CLOSE, "'": _Role.EITHER}
_OPENS_AFTER = set(" \t\n\r([{\u2014\u2013-/\u00a0") | set(_DOUBLE) | set(_SINGLE)


@dataclass(frozen=True)
class Quoted:
    """A quoted stretch: `begin`/`end` delimit what is inside the outer marks."""

    begin: int
    end: int
    double: bool
    closed: bool = True
    reopened: tuple[int, ...] = ()
    """Offsets of the opening marks repeated at the start of later paragraphs."""

    def words(self, text: str, begin: int | None = None, end: int | None = None) -> str:
        """The quoted words (of `text[begin:end]`, by default all of the stretch), without the
        opening marks repeated at paragraph starts."""
        begin = self.begin if begin is None else begin
        end = self.end if end is None else end
        pieces, start = [], begin
        for mark in self.reopened:
            if begin <= mark < end:
                pieces.append(text[start:mark])
                start = mark + 1
        pieces.append(text[start:end])
        return "".join(pieces)


def _role(text: str, i: int, table: dict[str, _Role]) -> _Role | None:
    role = table[text[i]]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if table is _SINGLE and before.isalnum() and after.isalnum():
        return None  # an apostrophe: unit’s, I'll, rock'n'roll
    if role is not _Role.EITHER:
        return role
    opens = before in _OPENS_AFTER and not after.isspace()
    closes = not before.isspace()
    if opens and not closes:
        return _Role.OPEN
    if closes and not opens:
        return _Role.CLOSE
    if opens and closes:  # after another mark: ""...", "'...
        return _Role.EITHER
    return None  # a mark between spaces: not a quotation mark


def _reopens_sentence(text: str, opened: int, i: int) -> bool:
    """A double mark that opens a sentence after one that ends inside an open quotation, in
    one paragraph: `said: "One of the priorities. "The needs of victims...` (a text whose
    paragraph breaks were lost keeps the mark each paragraph of the quotation opened with)."""
    before = text[opened + 1 : i].rstrip(" ")
    after = text[i + 1 : i + 2]
    return (
        before.endswith((".", "?", "!"))
        and len(before) - len(before.rstrip(".?!")) <= 3
        and after[:1].isupper()
        and text[i - 1 : i] == " "
    )


def _at_paragraph_start(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return line_start > 0 and not text[line_start:i].strip()


_BREAK = re.compile(r"\s*\n\s*")


def _breaks(text: str, begin: int, end: int) -> int:
    """Paragraph breaks (runs of white space holding a newline) between two offsets."""
    return sum(1 for _ in _BREAK.finditer(text, begin, end))


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _doubled_apostrophes(text: str) -> str:
    """Two apostrophes as one double mark (some archives write ''quoted words''), one character
    for one so offsets stay: `''Yes,''` is read as ` "Yes,"` + space."""
    if "''" not in text:
        return text
    chars = list(text)
    i = text.find("''")
    while i >= 0:
        if i + 2 < len(text) and text[i + 2] == "'":
            i = text.find("''", i + 3)
            continue
        before = text[i - 1] if i > 0 else " "
        if before.isspace() or before in "([{\u2014\u2013-":
            chars[i], chars[i + 1] = " ", '"'  # opening: the mark just before the words
        else:
            chars[i], chars[i + 1] = '"', " "  # closing: the mark just after them
        i = text.find("''", i + 2)
    return "".join(chars)


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of `text`, outermost only, in order."""
    found: list[Quoted] = []
    text = _doubled_apostrophes(text)
    _scan(text, 0, len(text), found)
    found.sort(key=lambda q: q.begin)
    return found


def _scan(text: str, start: int, stop: int, found: list[Quoted]) -> None:
    """Double marks first; single marks in the stretches between double-quoted ones."""
    doubles = _pair(text, start, stop, _DOUBLE)
    found.extend(doubles)
    gap = start
    for quoted in doubles:
        found.extend(_pair(text, gap, quoted.begin - 1, _SINGLE))
        gap = quoted.end + (1 if quoted.closed else 0)
    found.extend(_pair(text, gap, stop, _SINGLE))


def _pair(text: str, start: int, stop: int, table: dict[str, _Role]) -> list[Quoted]:
    double = table is _DOUBLE
    found: list[Quoted] = []
    opened: int | None = None
    reopened: list[int] = []

    def close_unclosed() -> None:
        if double and opened is not None:
            end = min(_paragraph_end(text, opened), stop)
            if end > opened + 1:
                marks = tuple(m for m in reopened if m < end)
                found.append(Quoted(opened + 1, end, double, closed=False, reopened=marks))

    i = start
    while i < stop:
        char = text[i]
        if char not in table:
            i += 1
            continue
        role = _role(text, i, table)
        if role is None:
            i += 1
            continue
        if opened is not None and text[opened] == "\u201e" and char == "\u201c":
            role = _Role.CLOSE  # German: „so“
        if opened is None:
            if role is not _Role.CLOSE:
                opened, reopened = i, []
        elif role is not _Role.OPEN and i > opened + 1:
            last = reopened[-1] if reopened else opened
            if _breaks(text, last, i) > MAX_OPEN_PARAGRAPHS:
                close_unclosed()
            else:
                found.append(Quoted(opened + 1, i, double, reopened=tuple(reopened)))
            opened = None
        elif role is not _Role.CLOSE:
            if "\n" in text[opened:i] and _at_paragraph_start(text, i):
                reopened.append(i)  # the quotation goes on in a new paragraph
            elif double and _reopens_sentence(text, opened, i):
                reopened.append(i)  # `... victims. "The needs ...`: a paragraph break lost
            else:
                opened, reopened = i, []  # the earlier mark was a stray one: start again
        i += 1
    close_unclosed()
    return found
