"""Validation in processes of their own: pySHACL is pure Python and costs about half as much as
parsing, so in line it would add half again to a build. The build validates once every article
is parsed (the corpus decides the identities first), with a process for each core."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pyoxigraph import RdfFormat, parse

from kg.rdf.convert import to_rdflib
from kg.rdf.shacl import Report, load_shapes, validate_graph

T = TypeVar("T")
RETRIES = 2
"""How many times a batch is validated again in a new process when the process dies."""
_worker_shapes: object = None


def _init_worker(shapes_dir: Path) -> None:
    global _worker_shapes
    _worker_shapes = load_shapes(shapes_dir)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed build (SIGKILL) cannot stop its validating process, which would wait for work
    forever: the process watches for its parent to be gone, and ends then."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _validate_batch(graphs: list[tuple[bytes, bytes]]) -> list[Report | str]:
    """Each article's graph on its own (what the N-Quads file holds as a named graph), with
    what is said of the entities it names (its context). A graph whose validation itself fails
    comes back as the error's text."""
    outcomes: list[Report | str] = []
    for data, context in graphs:
        try:
            graph = to_rdflib(parse(data + context, format=RdfFormat.N_QUADS))
            outcomes.append(validate_graph(graph, _worker_shapes))  # type: ignore[arg-type]
        except Exception as error:
            outcomes.append(f"{type(error).__name__}: {error}")
    return outcomes


@dataclass(frozen=True)
class Validated(Generic[T]):
    """One item and its graph, with the graph's report, or why it could not be validated."""

    item: T
    data: bytes
    outcome: Report | str


@dataclass
class ParallelValidator(Generic[T]):
    """Validates graphs in a process of its own, beside language processing.

    Each graph travels with an item of the caller's and a context (validated with it, not
    handed back); `submit` and `finish` hand back, in the order submitted, the items whose
    validation has finished, at most `max_pending` batches behind, so what waits in memory
    stays small.
    """

    shapes_dir: Path
    processes: int = 1
    max_pending: int = 4
    _pool: ProcessPoolExecutor | None = None
    _pending: deque[tuple[list[tuple[T, bytes, bytes]], Future[list[Report | str]]]] = field(
        default_factory=deque
    )

    def __enter__(self) -> ParallelValidator[T]:
        self._pool = self._start()
        return self

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.shapes_dir,),
        )

    def __exit__(self, *exc: object) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, batch: list[tuple[T, bytes, bytes]]) -> list[Validated[T]]:
        future = self._submit(batch)  # first: a restart replaces the queue of pending batches
        self._pending.append((batch, future))
        done: list[Validated[T]] = []
        while len(self._pending) > self.max_pending * self.processes:
            done.extend(self._next())
        return done

    def finish(self) -> list[Validated[T]]:
        done: list[Validated[T]] = []
        while self._pending:
            done.extend(self._next())
        return done

    def _submit(self, batch: list[tuple[T, bytes, bytes]]) -> Future[list[Report | str]]:
        assert self._pool is not None
        try:
            return self._pool.submit(_validate_batch, _graphs(batch))
        except BrokenProcessPool:
            self._restart()
            return self._pool.submit(_validate_batch, _graphs(batch))

    def _restart(self) -> None:
        """A new validating process (the last one died: killed, out of memory), with every
        batch that was waiting on the old one submitted again."""
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        self._pending = deque(
            (batch, self._pool.submit(_validate_batch, _graphs(batch)))
            for batch, _ in self._pending
        )

    def _next(self) -> list[Validated[T]]:
        for attempt in range(1 + RETRIES):
            batch, future = self._pending[0]
            try:
                outcomes = future.result()
                break
            except BrokenProcessPool as error:
                if attempt == RETRIES:  # it dies on these graphs: they cannot be vouched for
                    outcomes = [f"validating process failed: {error}"] * len(batch)
                    break
                self._restart()
            except Exception as error:
                outcomes = [f"validation failed: {type(error).__name__}: {error}"] * len(batch)
                break
        self._pending.popleft()
        return [
            Validated(item, data, outcome)
            for (item, data, _), outcome in zip(batch, outcomes, strict=True)
        ]


def _graphs(batch: list[tuple[T, bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(data, context) for _, data, context in batch]
