"""The cache of derived data (`kg.cache`): what is read back is what was built, from the same
sources only, and a cache that cannot be used costs time, never a result."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import cache
from kg.resolve import gazetteer

HEADER = "name,aliases,type,iri\n"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_an_entry_is_built_once_for_the_same_sources(where: Path) -> None:
    calls, build = _counting({"a": (1, 2)})
    assert cache.cached("thing", [b"x", b"y"], build) == {"a": (1, 2)}
    assert cache.cached("thing", [b"x", b"y"], build) == {"a": (1, 2)}
    assert len(calls) == 1
    assert len(list(where.glob("thing-*.pickle"))) == 1


def test_other_sources_build_again_and_replace_the_old_entry(where: Path) -> None:
    calls, build = _counting(1)
    cache.cached("thing", [b"x", b"y"], build)
    cache.cached("thing", [b"xy"], build)  # parts are length-prefixed: not the same sources
    assert len(calls) == 2
    assert len(list(where.glob("thing-*.pickle"))) == 1


def test_a_damaged_entry_is_built_again(where: Path) -> None:
    calls, build = _counting([1, 2, 3])
    cache.cached("thing", [b"x"], build)
    (entry,) = where.glob("thing-*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert cache.cached("thing", [b"x"], build) == [1, 2, 3]
    assert len(calls) == 2
    assert cache.cached("thing", [b"x"], build) == [1, 2, 3]
    assert len(calls) == 2


def test_a_cache_folder_that_is_a_file_still_gives_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    calls, build = _counting("v")
    assert cache.cached("thing", [b"x"], build) == "v"
    assert len(calls) == 1


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", "off")
    assert cache.folder() is None
    calls, build = _counting("v")
    cache.cached("thing", [b"x"], build)
    cache.cached("thing", [b"x"], build)
    assert len(calls) == 2


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "kg"


def test_the_cached_gazetteer_is_the_one_built(where: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(f"{HEADER}Zakharova Institute,,organization,{WD}Q1\n")
    load = gazetteer.load.__wrapped__  # past the per-process memo, to the cache
    built = load((names,))
    read = load((names,))
    assert read is not built
    assert read.digest() == built.digest() == gazetteer._load((names,), True).digest()
    assert read.unique("Zakharova Institute") is not None
    assert read.candidates("London") == built.candidates("London")


def test_a_changed_user_gazetteer_is_read_again(where: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(f"{HEADER}Zakharova Institute,,organization,{WD}Q1\n")
    load = gazetteer.load.__wrapped__
    assert load((names,)).unique("Borodin Institute") is None
    names.write_text(f"{HEADER}Borodin Institute,,organization,{WD}Q2\n")
    assert load((names,)).unique("Borodin Institute") is not None
