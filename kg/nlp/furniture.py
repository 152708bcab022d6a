"""Web-page furniture run into an article's sentences, parsed apart from them.

The Hill (and the op-eds it prints) follows a person's name with a link to the person's page:
the full name, then the person's latest headlines run together, then `MORE`::

    Chairman Eliot Engel Eliot Lance EngelOvernight Defense: Army says ... | ... MORE (D-N.Y.)
    blasted the "spurious, after-the-fact explanation"

Parsed as part of the sentence, the headlines break it: "Army" becomes the speaker of Engel's
words. `link_strips` finds each strip: the sentence is parsed with the strip as spaces
(`blank_link_strips`: the text keeps its length, so every offset is unchanged), and the
headlines are parsed on their own, so the names they hold are still the article's. The full
name repeats the written one and is left out. The article's text (`nif:isString`) is kept as
read.

Reuters heads a linked headline with `Related Coverage` and no colon (`Related Coverage Pompeo
says did not author New York Times 'resistance' column`): parsed as one phrase, `Related
Coverage Pompeo` names nobody. `blank_headings` makes those two words spaces, so the headline
is parsed as it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_WORD = (
    r"(?!MORE(?![A-Za-z]))"
    r"(?:[A-Z][\w'\u2019.-]{0,30}|\([A-Z][\w'\u2019.-]{0,30}\)"
    r"|d[aeiu]|del|van|von|der|den|al|bin|la|le)"
)
_LINKED_NAME = re.compile(
    # The name as the sentence writes it ends with a surname, with a space (`Eliot Engel Eliot
    # Lance Engel...`) or without one (`Jason CrowJason Crow...`) before the link's full name,
    # which ends with the same surname and runs into the first headline with no space.
    r"\b(?:(?=[A-Z][\w'\u2019-]*[a-z])(?P<spaced>[A-Z][\w'\u2019-]{1,30}) "
    r"|(?P<joined>[A-Z][a-z'\u2019-]{1,30})(?=[A-Z]))"
    rf"(?P<full>(?:{_NAME_WORD} ){{1,6}}?(?:(?P=spaced)|(?P=joined)))(?=[^\s,.;:!?)\]a-z])"
)
_HEADING = re.compile(r"(?m)^Related Coverage(?= \S)")
_MORE = re.compile(r" MORE(?![A-Za-z])")
MAX_STRIP = 1_200
"""Longest run of headlines between a linked name and its `MORE` (characters); the longest in
10,000 AllSides articles is 561."""
_MAX_NAME = 300
"""Longer than any match of `_LINKED_NAME` (eight words of at most 32 characters)."""


@dataclass(frozen=True)
class Strip:
    """A linked name with its headlines and `MORE`: `text[begin:end]`."""

    begin: int
    end: int
    headlines: tuple[int, int]
    """Where the headlines are, between the full name and ` MORE`."""


def link_strips(text: str) -> list[Strip]:
    """The strips of `text`, in text order."""
    if " MORE" not in text:
        return []
    strips: list[Strip] = []
    done = 0  # no strip starts before this
    for more in _MORE.finditer(text):
        line = text.rfind("\n", done, more.start()) + 1
        start = max(done, line, more.start() - MAX_STRIP - _MAX_NAME)
        for name in _LINKED_NAME.finditer(text, start, more.start()):
            if more.start() - name.end() <= MAX_STRIP:
                strips.append(Strip(name.start("full"), more.end(), (name.end(), more.start())))
                done = more.end()
                break
        else:
            # No name holds a MORE, so a name before this one ends before it, too far from
            # any later MORE as well: each stretch of text is searched once.
            done = more.end()
    return strips


def blank_link_strips(text: str) -> str:
    """`text` with its link strips as spaces: the same length."""
    strips = link_strips(text)
    if not strips:
        return text
    parts: list[str] = []
    at = 0
    for strip in strips:
        parts += [text[at : strip.begin], " " * (strip.end - strip.begin)]
        at = strip.end
    parts.append(text[at:])
    return "".join(parts)


def blank_headings(text: str) -> str:
    """`text` with the headings of linked headlines (`Related Coverage`) as spaces."""
    if "Related Coverage" not in text:
        return text
    return _HEADING.sub(lambda found: " " * len(found.group()), text)
