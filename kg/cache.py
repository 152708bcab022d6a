"""Derived data built once and kept on disk, keyed by the hash of everything it is built from.

The gazetteer's index (34,000 records: about 5 s to build) and the first-name table are read
from the cache in a fraction of that. The folder is `$KG_CACHE_DIR`, else
`$XDG_CACHE_HOME/kg`, else `~/.cache/kg`; `KG_CACHE_DIR=off` turns the cache off. A cache that
cannot be read or written is rebuilt or skipped, never an error: it only saves time. Files are
pickles written by this user's kg into this user's folder, and nothing else is read as one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 1
"""Bumped when what is cached changes shape in a way the sources' hashes would not show."""


def folder() -> Path | None:
    """Where the cache lives, or None when it is off."""
    chosen = os.environ.get("KG_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "0", "no"} else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


@lru_cache(maxsize=1)
def code() -> bytes:
    """The hash of kg's own source files: any change to kg's code builds the entries again."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


def digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256(f"kg-cache {FORMAT}".encode())
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()[:32]


def cached(name: str, parts: Iterable[bytes], build: Callable[[], T]) -> T:
    """What `build` returns, read from the cache when an entry of `name` was built from the
    same `parts` (file contents, code, settings), else built and kept there."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{digest(parts)}.pickle"
    try:
        with open(path, "rb") as handle:
            value: T = pickle.load(handle)
        return value
    except Exception:  # none yet, or a truncated or foreign file: built (again) and kept
        pass
    value = build()
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle_fd, temporary = tempfile.mkstemp(dir=where, prefix=f".{name}-")
        try:
            with os.fdopen(handle_fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)  # whole or not at all: no reader sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
        for old in where.glob(f"{name}-*.pickle"):  # entries of earlier sources
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
