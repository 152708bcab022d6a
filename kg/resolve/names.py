"""String rules for names: how a surface form is trimmed and normalised into a matching key.

Pure functions over strings, shared by resolution (which mentions are one entity) and IRI
minting (which entity IRI a name gets), so the two always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from kg.lexicon import BYLINE_ORGANIZATION_WORDS, PERSON_TITLES

PREFIXED_NAME = r"(?:[Aa][lsdtrzn]|[Ee]l|[Aa]sh)[-\u2010\u2011][A-Z][\w'\u2019]+"
"""A name word with an Arabic-style particle (`As-Salem`, `al-Thawra`), as the tokenizer keeps it
whole and name rules recognise it."""

POSSESSIVES = frozenset(("'s", "\u2019s"))
"""Tokens that make the word before them a possessor (`Russia's`)."""
APOSTROPHES = frozenset(("'", "\u2019"))
"""A possessive after a plural (`Reuters' correspondent`), or a closing single mark."""

# Arabic-style name particles written with a hyphen (As-Salem, al-Assad, At-Tanf): the particle
# assimilates to the next consonant, so "As-Salem", "Al-Salem" and "Salem" name one person.
_PARTICLE = re.compile(r"^(?:a[lstdrzn]|el|ash|ad|ud)[-\u2010\u2011]", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^\w]+")


def clean(name: str) -> str:
    """Fold white space and unusual spaces; keep everything else as printed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def words(name: str) -> list[str]:
    return clean(name).split(" ") if name.strip() else []


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """A matching key: case, dots, apostrophes, spacing and a leading `the` do not count.

    `U.S.` and `US` share one key, as do `the Islamic State` and `Islamic State`.
    """
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    text = text.replace(".", "")
    text = re.sub(r"^the\s+", "", text.strip())
    return _NON_WORD.sub("-", text).strip("-")


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """A word's key with any Arabic-style particle removed (`As-Salem` -> `salem`)."""
    return key(_PARTICLE.sub("", word))


def loose_key(name: str) -> str:
    """`key` with Arabic-style particles out of every word: `Al-Tanf`, `At-Tanf` and `at-Tanf`
    share `tanf`. How organisations' and places' mentions are grouped and named."""
    parts = words(name)
    if len(parts) > 1 and parts[0].casefold() == "the":
        parts = parts[1:]
    return "-".join(k for k in (word_key(w) for w in parts) if k)


def word_keys(name: str) -> list[str]:
    """The `word_key` of each word of a name: `Asaad As-Salem` -> `asaad`, `salem`."""
    return [word_key(w) for w in words(name)]


def names_same_person(short: Sequence[str], full: Sequence[str]) -> bool:
    """The one surname rule: a name whose word keys are `short` can be a shorter form of the
    person named `full` when it ends with the same surname and has no word the full name lacks
    (`Salem`, `As-Salem` and `Asaad Salem` of `Asaad As-Salem`; not `Maria Salem`)."""
    return bool(short) and bool(full) and short[-1] == full[-1] and set(short) <= set(full)


def is_title(word: str) -> bool:
    return word.rstrip(".").casefold() in PERSON_TITLES


_ORGANIZATION_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(BYLINE_ORGANIZATION_WORDS, key=lambda w: (-len(w), w))) + r")\b",
    re.IGNORECASE,
)


def looks_like_organization(byline: str) -> bool:
    """Whether a byline names an organisation ("News Agencies", "Reuters Staff"), not a person."""
    return bool(_ORGANIZATION_WORDS.search(byline))
