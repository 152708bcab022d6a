"""Loading the spaCy pipeline, with the fixes kg adds to it (each measured on the seeds, see
docs/model.md):

- Arabic-style hyphenated names (`As-Salem`, `al-Thawra`) stay one token, so that `Asaad As-Salem`
  can be one PERSON;
- a newline always starts a sentence, so a headline or dateline never runs into the body
  (`kg.nlp.components`);
- given a gazetteer, an entity ruler after the model's NER adds the names the model missed.
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language

from kg.errors import ConfigurationError
from kg.facts import EntityKind
from kg.nlp import components  # noqa: F401  (registers kg's components)
from kg.resolve import names
from kg.resolve.gazetteer import Gazetteer
from kg.settings import DEFAULT_MODEL

RULER_POPULATION = 1_000_000
"""Cities the gazetteer ruler spots where the model saw no name: from this many people."""
_RULER_LABELS = {EntityKind.PERSON: "PERSON", EntityKind.ORGANIZATION: "ORG",
                 EntityKind.PLACE: "GPE"}  # fmt: skip


def load(name: str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or path, with kg's fixes added (and,
    given a gazetteer, an entity ruler after the model's NER that adds the gazetteer's names
    the model did not find; it never overrides the model's entities)."""
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as error:
        raise ConfigurationError(
            f"spaCy pipeline {name!r} is not installed (kg never downloads models): {error}"
        ) from None
    tokenizer: Any = nlp.tokenizer
    original = tokenizer.token_match
    pattern = f"^{names.PREFIXED_NAME}$"
    if original is not None:
        pattern = f"(?:{original.__self__.pattern})|(?:{pattern})"
    # A plain compiled pattern keeps the tokenizer serialisable (worker processes need it).
    tokenizer.token_match = re.compile(pattern).match
    where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe("kg_newline_sentences", **where)
    if gazetteer is not None:
        add_gazetteer(nlp, gazetteer)
    return nlp


def add_gazetteer(
    nlp: Language, gazetteer: Gazetteer, *, min_population: int = RULER_POPULATION
) -> None:
    """An EntityRuler of the gazetteer's names, exactly as written and in capitals (headlines),
    leaving out one-word names that are stop words (`Of`, a Turkish town)."""
    stop_words = nlp.Defaults.stop_words
    patterns: dict[tuple[str, str], None] = {}
    for kind, name in gazetteer.ruler_names(min_population=min_population):
        if " " not in name and name.casefold() in stop_words:
            continue
        for form in (name, name.upper()):
            patterns[(_RULER_LABELS[kind], form)] = None
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {"last": True}
    ruler: Any = nlp.add_pipe(
        "entity_ruler", name="kg_gazetteer", config={"overwrite_ents": False}, **where
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([{"label": label, "pattern": form} for label, form in patterns])


def describe(nlp: Language) -> str:
    """`en_core_web_sm 3.8.0`: the pipeline's own name and version, as its meta states them."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
