"""Batches of work in processes of their own, handed back in the order they were given.

Used for language processing (`kg.pipeline`: each process parses and extracts whole batches of
articles) and by `kg build` (each process makes and validates the graphs of whole batches). A
process that dies (killed, out of memory, a crash in native code) costs no batch: the pool
starts again and the batches that were waiting on it are submitted again; a batch that kills its
process every time is tried one item at a time, so that only the item that kills it fails.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
RETRIES = 2
"""How many times a batch is tried again in a new process when its process dies."""


def _guarded(initializer: Callable[..., None] | None, *args: Any) -> None:
    """A worker process starts here: the build's process handles Ctrl-C and SIGTERM (it stops
    its workers itself), and a worker whose build was killed with SIGKILL ends too, instead of
    waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if initializer is not None:
        initializer(*args)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@dataclass
class OrderedPool(Generic[Item, Result]):
    """`function` over batches of items in `processes` worker processes.

    `submit` and `finish` hand back, in the order submitted, each finished batch with its
    results (one per item), at most `max_pending` batches per process behind, so what waits
    in memory stays small. `failed(item, reason)` is an item's result when its process died on
    it every time it was tried.
    """

    function: Callable[[list[Item]], list[Result]]
    failed: Callable[[Item, str], Result]
    processes: int = 1
    start_method: str = "spawn"
    """"fork" shares what the parent has loaded (a spaCy model) with the workers; "spawn"
    starts clean interpreters that load what `initializer` loads."""
    initializer: Callable[..., None] | None = None
    initargs: tuple[Any, ...] = ()
    max_pending: int = 2
    _pool: ProcessPoolExecutor | None = None
    _pending: deque[tuple[list[Item], Future[list[Result]]]] = field(default_factory=deque)

    def __enter__(self) -> OrderedPool[Item, Result]:
        self._pool = self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._pool is not None
        # On an error or an interrupt, nothing waits for batches nobody will read.
        self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=_guarded,
            initargs=(self.initializer, *self.initargs),
        )

    def submit(self, batch: list[Item]) -> list[tuple[list[Item], list[Result]]]:
        future = self._submit(batch)  # first: a restart replaces the queue of pending batches
        self._pending.append((batch, future))
        done = []
        while len(self._pending) > self.max_pending * self.processes:
            done.append(self._next())
        return done

    def finish(self) -> list[tuple[list[Item], list[Result]]]:
        done = []
        while self._pending:
            done.append(self._next())
        return done

    def _submit(self, batch: list[Item]) -> Future[list[Result]]:
        assert self._pool is not None
        try:
            return self._pool.submit(self.function, batch)
        except BrokenProcessPool:
            self._restart()
            return self._pool.submit(self.function, batch)

    def _restart(self) -> None:
        """A new pool (a process of the last one died), with every batch that was waiting on
        the old one submitted again."""
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        self._pending = deque(
            (batch, self._pool.submit(self.function, batch)) for batch, _ in self._pending
        )

    def _next(self) -> tuple[list[Item], list[Result]]:
        batch, future = self._pending[0]
        for attempt in range(1 + RETRIES):
            try:
                results = future.result()
                break
            except BrokenProcessPool as error:
                if attempt == RETRIES:
                    self._pending.popleft()
                    self._restart()
                    return batch, self._alone(batch, str(error) or "a worker process died")
                self._restart()
                batch, future = self._pending[0]
            except Exception as error:  # the results could not come back (not picklable)
                results = [self.failed(item, f"{type(error).__name__}: {error}") for item in batch]
                break
        self._pending.popleft()
        return batch, results

    def _alone(self, batch: Sequence[Item], reason: str) -> list[Result]:
        """A batch whose process died every time, one item at a time: the items that do not
        kill their process come out, the ones that do get `failed`."""
        assert self._pool is not None
        if len(batch) == 1:
            return [self.failed(batch[0], f"its worker process died {1 + RETRIES} times")]
        results: list[Result] = []
        for item in batch:
            try:
                results.extend(self._pool.submit(self.function, [item]).result())
            except BrokenProcessPool:
                results.append(self.failed(item, f"its worker process died ({reason})"))
                self._restart()
        return results


@dataclass
class Inline(Generic[Item, Result]):
    """`OrderedPool`'s interface, in this process: for one worker, nothing to start."""

    function: Callable[[list[Item]], list[Result]]

    def __enter__(self) -> Inline[Item, Result]:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, batch: list[Item]) -> list[tuple[list[Item], list[Result]]]:
        return [(batch, self.function(batch))]

    def finish(self) -> list[tuple[list[Item], list[Result]]]:
        return []


class Pool(Protocol[Item, Result]):
    """What `in_batches` needs of a pool: `OrderedPool`, `Inline`, `kg.cluster.DaskPool`."""

    def submit(self, batch: list[Item]) -> list[tuple[list[Item], list[Result]]]: ...

    def finish(self) -> list[tuple[list[Item], list[Result]]]: ...


def in_batches(
    pool: Pool[Item, Result], items: Iterable[Item], size: int
) -> Iterator[tuple[Item, Result]]:
    """Each item with its result, in order: `items` submitted to `pool` `size` at a time."""

    def pairs(done: list[tuple[list[Item], list[Result]]]) -> Iterator[tuple[Item, Result]]:
        for batch, results in done:
            yield from zip(batch, results, strict=True)

    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield from pairs(pool.submit(batch))
            batch = []
    if batch:
        yield from pairs(pool.submit(batch))
    yield from pairs(pool.finish())
