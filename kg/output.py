"""The output folder: one build at a time, and all old or all new files, whatever happens.

    OUT/graph.ttl -> .kg/current/graph.ttl        (one symbolic link a file, made once)
    OUT/.kg/current -> builds/<build>             (the pointer: switched by one rename)
    OUT/.kg/builds/<build>/graph.ttl ...          (each build's files)
    OUT/.kg/lock                                  (held for the whole of a build)

A build writes its files into a folder of its own under `.kg/builds/` and, once every file is
written and flushed to disk, commits them by renaming a new `current` link over the old one: a
single atomic step, during which SIGINT and SIGTERM are held back. A reader that opens
`OUT/graph.ttl` at any moment gets one whole build's file; a killed build leaves the previous
one in place (after SIGKILL, its unfinished folder is removed by the next build). Files whose
names start with a dot (what `kg build --update` needs of each article: `kg.state`) stay in
the build's folder, unlinked. An output folder from before this layout (plain files) is taken
over without a moment of mixed files.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import Interrupted, OutputError

KG_DIR = ".kg"
BUILDS = "builds"
CURRENT = "current"
LOCK = "lock"
HELD_SIGNALS = frozenset((signal.SIGINT, signal.SIGTERM))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link(target: str, at: Path) -> None:
    """Make `at` a symbolic link to `target` in one atomic step (replacing what was there)."""
    temporary = at.with_name(f".{at.name}.kg-new")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, at)


class Output:
    """An output folder, locked for one build (`with Output(path) as out:`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kg = folder / KG_DIR
        self.builds = self.kg / BUILDS
        self._lock: IO[bytes] | None = None

    def __enter__(self) -> Output:
        try:
            self.builds.mkdir(parents=True, exist_ok=True)
            lock = open(self.kg / LOCK, "a+b")
        except OSError as error:
            raise OutputError(
                f"{self.folder}: cannot write the output folder: {_why(error)}"
            ) from None
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise OutputError(
                f"{self.folder}: another kg build is writing this output folder; wait for it to "
                "end or choose another -o"
            ) from None
        self._lock = lock
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    @contextmanager
    def staging(self) -> Iterator[Staging]:
        """A folder for one build's files; removed unless committed."""
        try:
            path = _new_folder(self.builds)
        except OSError as error:
            raise OutputError(
                f"{self.folder}: cannot write the output folder: {_why(error)}"
            ) from None
        stage = Staging(self, path)
        try:
            yield stage
        finally:
            if not stage.committed:
                shutil.rmtree(path, ignore_errors=True)

    def current(self) -> Path | None:
        """The folder of the build now in place, or None (no build yet, or one from before
        this layout)."""
        link = self.kg / CURRENT
        if not link.is_symlink():
            return None
        folder = (self.kg / os.readlink(link)).resolve()
        return folder if folder.is_dir() else None

    def unwritable(self, error: OSError, *, kept: bool = False) -> OutputError:
        """The error to raise for `error`; `kept`: the previous output is still in place."""
        message = f"{self.folder}: cannot write the output folder: {_why(error)}"
        return OutputError(message + ("; the previous output is left as it was" if kept else ""))


class Staging:
    """One build's files, written in a folder of their own until `commit()`."""

    def __init__(self, output: Output, path: Path) -> None:
        self.output = output
        self.path = path
        self.committed = False

    def file(self, name: str) -> Path:
        return self.path / name

    def commit(self) -> list[Path]:
        """Make this build the output folder's, in one atomic step. SIGINT and SIGTERM that
        arrive meanwhile are held until the step is done, then raise `Interrupted` (with
        `committed` True). Raises OutputError when the folder cannot be written."""
        held: list[signal.Signals] = []
        # Not a signal mask: signals go to whichever thread does not block them, and Python
        # runs their handlers in the main thread all the same. The handlers are swapped.
        previous = {
            signum: signal.signal(signum, lambda n, _: held.append(signal.Signals(n)))
            for signum in HELD_SIGNALS
        }
        try:
            names = self._commit()
        except OSError as error:
            raise self.output.unwritable(error, kept=not self.committed) from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if held:
            _deliver(held[0], previous[held[0]], committed=self.committed)
        return [self.output.folder / name for name in names]

    def _commit(self) -> list[str]:
        output = self.output
        files = sorted(p.name for p in self.path.iterdir())
        for name in files:
            with open(self.path / name, "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_dir(self.path)
        names = [n for n in files if not n.startswith(".")]  # kg's own: not linked
        _take_over_plain_files(output, names)
        _pause_for_tests()
        _link(f"{BUILDS}/{self.path.name}", output.kg / CURRENT)
        _fsync_dir(output.kg)
        self.committed = True
        for name in names:
            at = output.folder / name
            target = f"{KG_DIR}/{CURRENT}/{name}"
            if not (at.is_symlink() and os.readlink(at) == target):
                _link(target, at)
        _fsync_dir(output.folder)
        for old in output.builds.iterdir():
            if old != self.path:
                shutil.rmtree(old, ignore_errors=True)
        for stale in output.folder.glob(".kg-build-*"):  # scratch folders of earlier versions
            shutil.rmtree(stale, ignore_errors=True)
        return names


def _deliver(signum: signal.Signals, handler: object, *, committed: bool) -> None:
    """A signal held during the commit, delivered as it would have been."""
    if callable(handler):
        try:
            handler(signum, None)
        except Interrupted as interrupted:
            interrupted.committed = committed
            raise
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)


def _take_over_plain_files(output: Output, names: list[str]) -> None:
    """An output folder written before this layout holds plain files: they become a build of
    their own (hard links, so nothing moves), then links to it, so that no reader ever sees a
    mix of old and new files."""
    plain = [
        n for n in names if (output.folder / n).is_file() and not (output.folder / n).is_symlink()
    ]
    if not plain:
        return
    legacy = _new_folder(output.builds)
    for name in plain:
        os.link(output.folder / name, legacy / name)
    _fsync_dir(legacy)
    _link(f"{BUILDS}/{legacy.name}", output.kg / CURRENT)
    for name in plain:
        _link(f"{KG_DIR}/{CURRENT}/{name}", output.folder / name)


def _new_folder(parent: Path) -> Path:
    """A new folder for a build's files, readable as the user's umask says (unlike mkdtemp's)."""
    while True:
        path = parent / f"build-{secrets.token_hex(6)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def _pause_for_tests() -> None:
    """`KG_TEST_COMMIT_PAUSE=SECONDS` holds the commit just before its one step, so that a test
    can land a signal inside it."""
    pause = os.environ.get("KG_TEST_COMMIT_PAUSE")
    if pause:
        marker = os.environ.get("KG_TEST_COMMIT_MARKER")
        if marker:
            Path(marker).touch()
        time.sleep(float(pause))


def _why(error: OSError) -> str:
    return error.strerror or str(error)
