"""A Dask cluster for `kg build --cluster`: where the per-article work runs when one machine is
not enough.

    with cluster.connect("local:2") as client:  # "tcp://scheduler:8786", "scheduler.json"
        for batch, results in DaskPool(function, failed, client).submit(batch): ...

`connect` opens a client of a running scheduler (its address, or the scheduler file that
`dask scheduler --scheduler-file` writes, as on SLURM), or of a local cluster of worker
processes.
`DaskPool` has `kg.processes.OrderedPool`'s interface: batches go to the cluster's workers and
come back in the order they were given, so a build on a cluster writes the same bytes as one
on one machine. Dask runs a task again elsewhere when its worker is lost; a batch whose task
killed its workers every time (`KilledWorker`) is tried one item at a time, so that only the
item that kills a worker fails.

What runs on a worker loads kg's pipeline once per worker process (`worker_pipeline`): the
workers need the environment of the machine that builds (kg, its model, the gazetteers at the
same paths), which a cluster of one Python environment has.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kg.errors import ConfigurationError

if TYPE_CHECKING:
    from distributed import Client, Future

    from kg.pipeline import Pipeline
    from kg.settings import Settings

Item = TypeVar("Item")
Result = TypeVar("Result")

LOCAL = re.compile(r"local(?::(\d+))?")
"""`local` (one worker process per core) or `local:N` (N worker processes)."""
PENDING = 3
"""Batches waiting or running per worker: enough to hide the round trip to the scheduler."""


def describe(address: str) -> str:
    """What `address` names, for messages: "a local cluster of 2 workers", "tcp://h:8786"."""
    match = LOCAL.fullmatch(address)
    if match is None:
        return address
    return f"a local cluster of {_local_workers(match)} workers"


def _local_workers(match: re.Match[str]) -> int:
    import os

    return int(match.group(1)) if match.group(1) else os.cpu_count() or 1


def check(address: str) -> None:
    """Raises ConfigurationError for an address that names no cluster."""
    match = LOCAL.fullmatch(address)
    if match is not None:
        if _local_workers(match) < 1:
            raise ConfigurationError(f"--cluster {address}: a local cluster needs a worker")
        return
    if address.endswith(".json"):
        if not Path(address).is_file():
            raise ConfigurationError(f"--cluster {address}: no such scheduler file")
        return
    if not re.fullmatch(r"(tcp|tls|inproc|ws|wss|ucx)://\S+", address):
        raise ConfigurationError(
            f"--cluster {address!r}: give a scheduler's address (tcp://HOST:PORT), its "
            "scheduler file (.json), or local[:N] for a local cluster of N worker processes"
        )


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster `address` names, closed (and a local cluster stopped) at the
    end. Raises ConfigurationError when the scheduler cannot be reached, or has no worker, in
    Dask's connect timeout (`distributed.comm.timeouts.connect`, 30 s unless configured:
    `DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s`)."""
    check(address)
    from distributed import Client, LocalCluster

    match = LOCAL.fullmatch(address)
    if match is not None:
        with LocalCluster(
            n_workers=_local_workers(match),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # Its HTTP server starts even without a dashboard, on 8787 unless told: a free port.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as local, Client(local) as client:  # fmt: skip
            yield client
        return
    import dask.config
    from dask.utils import parse_timedelta

    wait = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
    try:
        client = (
            Client(scheduler_file=address, timeout=wait)
            if address.endswith(".json")
            else Client(address, timeout=wait)
        )
    except OSError as error:
        raise ConfigurationError(
            f"--cluster {address}: no Dask scheduler answered ({error})"
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=wait)
        except TimeoutError:
            raise ConfigurationError(
                f"--cluster {address}: the scheduler has no worker (none joined in {wait:g} s)"
            ) from None
        yield client


def share(client: Client, value: Any) -> Future[Any]:
    """`value` on every worker, sent once: pass the future to `DaskPool` as one of its args."""
    shared: Future[Any] = client.scatter(value, broadcast=True, hash=False)
    return shared


def workers(client: Client) -> int:
    """The workers the cluster has now."""
    return max(1, len(client.scheduler_info(n_workers=-1)["workers"]))


@dataclass
class DaskPool(Generic[Item, Result]):
    """`function(*args, batch)` over batches of items on the cluster's workers; `submit` and
    `finish` hand back each finished batch with its results (one per item) in the order
    submitted, at most `PENDING` batches per worker behind. `args` may hold futures of data
    scattered to the workers (sent once, not with every batch). `failed(item, reason)` is an
    item's result when its task killed its worker every time Dask tried it."""

    function: Callable[..., list[Result]]
    failed: Callable[[Item, str], Result]
    client: Client
    args: tuple[Any, ...] = ()
    _pending: deque[tuple[list[Item], Future[list[Result]]]] = field(default_factory=deque)
    _room: int = 0

    def __enter__(self) -> DaskPool[Item, Result]:
        self._room = PENDING * workers(self.client)
        return self

    def __exit__(self, *exc: object) -> None:
        # On an error or an interrupt, nothing runs on for batches nobody will read.
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()

    def submit(self, batch: list[Item]) -> list[tuple[list[Item], list[Result]]]:
        self._pending.append((batch, self._submit(batch)))
        done = []
        while len(self._pending) > self._room:
            done.append(self._next())
        return done

    def finish(self) -> list[tuple[list[Item], list[Result]]]:
        done = []
        while self._pending:
            done.append(self._next())
        return done

    def _submit(self, batch: list[Item]) -> Future[list[Result]]:
        return self.client.submit(self.function, *self.args, batch, pure=False)

    def _next(self) -> tuple[list[Item], list[Result]]:
        from distributed import KilledWorker

        batch, future = self._pending.popleft()
        try:
            results: list[Result] = future.result()
        except KilledWorker as error:
            results = self._alone(batch, str(error))
        except Exception as error:  # the results could not come back, or the task was lost
            results = [self.failed(item, f"{type(error).__name__}: {error}") for item in batch]
        finally:
            future.release()
        return batch, results

    def _alone(self, batch: list[Item], reason: str) -> list[Result]:
        """A batch whose task killed its workers, one item at a time."""
        from distributed import KilledWorker

        if len(batch) == 1:
            return [self.failed(batch[0], f"it killed its Dask worker every time ({reason})")]
        results: list[Result] = []
        for item in batch:
            future = self._submit([item])
            try:
                results.extend(future.result())
            except KilledWorker as error:
                results.append(self.failed(item, f"it killed its Dask worker ({error})"))
            finally:
                future.release()
        return results


_loaded: tuple[Settings, Pipeline] | None = None
"""The pipeline of this worker process, with the settings it was loaded with."""
_lock = threading.Lock()
"""One batch at a time in a worker process (a worker with several threads shares one model)."""


def worker_pipeline(settings: Settings) -> Pipeline:
    """kg's pipeline in this worker process, loaded at its first batch."""
    global _loaded
    from kg.pipeline import load
    from kg.resolve import forenames

    alone = replace(settings, workers=1, cluster=None)
    if _loaded is None or _loaded[0] != alone:
        forenames.preload()
        _loaded = (alone, load(alone))
    return _loaded[1]


def serially(function: Callable[..., Result], *args: Any) -> Result:
    """`function(*args)` holding this worker process's lock."""
    with _lock:
        return function(*args)
