"""The Ray engine: the pipeline's read and extract stages on a pool of Ray actors.

The stage functions are the local path's own (`pipeline.read_items`,
`pipeline.extract_document`); only where they run changes. Each actor loads the spaCy
model and the vocabularies once, when it starts, and then takes batch after batch
(`ray.util.ActorPool`). Results come back to this process, which writes them through
the store's normal writer in order (`pipeline.store_extracted`, a transaction per batch
of extracted documents), so SQLite keeps its single writer and PostgreSQL gets the same
transactions as a local run.

Actors rather than Ray Data: the work is a stream of Python objects (documents,
statements) handed to one writer, which an actor pool does with no Arrow conversion,
and the per-worker model load is what the pool gives. A worker killed mid-batch is
restarted and its batch retried (`max_restarts`, `max_task_retries`); as document and
statement ids are content hashes, a batch written twice adds nothing the second time.

Ray is optional (`pip install 'ratline[ray]'`) and imported only here, only when used.
"""

from __future__ import annotations

import itertools
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ratline import pipeline, settings
from ratline.model import Document, Failure, RawItem
from ratline.store import Store, faults

T = TypeVar("T")
INSTALL_HINT = "the Ray engine needs Ray: pip install 'ratline[ray]'"
# Documents (or raw items) per task: big enough to amortise a round trip, small
# enough that a killed worker loses little.
BATCH = 16
# Times a dead worker is restarted and its batch retried before the run stops.
RETRIES = 3
# Seconds to wait for a cluster address to answer.
CONNECT_TIMEOUT = 5
# Environment forwarded to the workers: the settings that change extraction. The
# pseudonym key and the database URL (secrets) are not: the key travels as an argument
# and the workers never open the store.
_FORWARD = ("RATLINE_HOME", "RATLINE_KEEP_VICTIM_NAMES", "RATLINE_FAULT_KILL",
            "RATLINE_FAULT_KILL_ONCE")


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise pipeline.EngineError(INSTALL_HINT) from None
    return ray


@contextmanager
def session(address: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """Ray, connected: to the cluster at `address`, to the one this process already
    joined, or to a local one started here (and stopped afterwards)."""
    ray = _ray()
    if address:
        _check_reachable(address)
    if ray.is_initialized():
        yield ray
        return
    try:
        ray.init(address=address, num_cpus=None if address else workers,
                 include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise pipeline.EngineError(f"cannot start or reach Ray at {address or 'local'}: {exc}") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def _check_reachable(address: str) -> None:
    """Fail in seconds on a cluster address nothing answers at: Ray itself would keep
    trying to reach it for minutes."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return  # `auto`, or a form Ray resolves itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise pipeline.EngineError(f"cannot reach Ray at {address}: {exc.strerror or exc}") from None


class StageWorker:
    """One Ray actor: reads raw items or extracts documents, batch by batch."""

    def __init__(self, keep_victim_names: bool, pseudonym_key: bytes, warm: bool) -> None:
        self.keep_victim_names = keep_victim_names
        self.pseudonym_key = pseudonym_key
        if warm:  # spaCy and the vocabularies, once per worker rather than per batch
            from ratline.extract import extract_text

            extract_text("Warm-up.", doc_id="warm-up", keep_victim_names=keep_victim_names,
                         pseudonym_key=pseudonym_key)

    def read(self, items: list[RawItem | Failure]) -> list[Document | Failure]:
        out = list(pipeline.read_items(items))
        faults.point("engine-batch")
        return out

    def extract(self, rows: list[dict[str, Any]]) -> list[pipeline.Extracted]:
        out = [pipeline.extract_document(row, keep_victim_names=self.keep_victim_names,
                                         pseudonym_key=self.pseudonym_key) for row in rows]
        faults.point("engine-batch")
        return out


def _pool(ray: Any, workers: int, *, warm: bool) -> Any:
    from ray.util import ActorPool

    keep = settings.keep_victim_names()
    key = b"" if keep else settings.pseudonym_key()
    env = {k: os.environ[k] for k in _FORWARD if k in os.environ}
    actor = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(StageWorker)
    options = {"runtime_env": {"env_vars": env}} if env else {}
    return ActorPool([actor.options(**options).remote(keep, key, warm) for _ in range(workers)])


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(pool: Any, method: str, batches: Iterable[list[T]], workers: int) -> Iterator[list[Any]]:
    """Each batch's results, in the batches' order, with at most two batches per worker
    in flight (the input is read lazily: a large store is never held in memory)."""
    ray = _ray()
    pending: deque[None] = deque()
    submit: Callable[[Any, list[T]], Any] = lambda actor, batch: getattr(actor, method).remote(batch)  # noqa: E731
    try:
        for batch in batches:
            pool.submit(submit, batch)
            pending.append(None)
            if len(pending) >= 2 * workers:
                pending.popleft()
                yield pool.get_next()
        while pending:
            pending.popleft()
            yield pool.get_next()
    except ray.exceptions.RayError as exc:
        raise pipeline.EngineError(
            f"the Ray engine stopped: {type(exc).__name__}: {str(exc).splitlines()[0]} "
            "(what was written stays; run the command again to finish)") from None


def _workers(ray: Any, workers: int | None) -> int:
    return max(1, workers or int(ray.cluster_resources().get("CPU", 1)))


def ingest(store: Store, specs: list[str], *, allow_private: bool = False,
           address: str | None = None, workers: int | None = None,
           progress: pipeline.Progress | None = None,
           keep_ids: bool = True) -> pipeline.IngestReport:
    """`pipeline.ingest` with the raw items read on Ray workers; sources are listed and
    fetched, and the store written, here."""
    with session(address, workers) as ray:
        n = _workers(ray, workers)
        pool = _pool(ray, n, warm=False)

        def read(items: Iterable[RawItem | Failure]) -> Iterator[Document | Failure]:
            for out in _run(pool, "read", _batches(items, BATCH), n):
                yield from out

        return pipeline.ingest(store, specs, allow_private=allow_private, progress=progress,
                               read=read, keep_ids=keep_ids)


def extract_stored(store: Store, *, ids: Iterable[str] | None = None, everything: bool = False,
                   address: str | None = None, workers: int | None = None,
                   progress: pipeline.Progress | None = None,
                   run_id: int | None = None) -> pipeline.ExtractReport:
    """`pipeline.extract_stored` with triage and extraction on Ray workers."""
    _ray()  # asked for Ray: say so when it is missing, even with nothing to do
    rows: Iterator[dict[str, Any]] = (
        {k: row[k] for k in ("id", "source", "published", "text")}
        for row in pipeline.pending_texts(store, ids, everything, run_id))
    first = next(rows, None)
    if first is None:  # nothing pending: no cluster to start, no model to load
        return pipeline.ExtractReport()
    rows = itertools.chain([first], rows)
    with session(address, workers) as ray:
        n = _workers(ray, workers)
        pool = _pool(ray, n, warm=True)
        # The workers' small batches are written in the writer's larger ones.
        results = (r for out in _run(pool, "extract", _batches(rows, BATCH), n) for r in out)
        return pipeline.store_extracted(store, results, progress=progress)


class Runner:
    """The Ray engine behind the same two calls as `pipeline` (`ingest`,
    `extract_stored`), for the command line."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address, self.workers = address, workers

    def ingest(self, store: Store, specs: list[str], *, allow_private: bool = False,
               progress: pipeline.Progress | None = None,
               keep_ids: bool = True) -> pipeline.IngestReport:
        return ingest(store, specs, allow_private=allow_private, address=self.address,
                      workers=self.workers, progress=progress, keep_ids=keep_ids)

    def extract_stored(self, store: Store, *, ids: Iterable[str] | None = None,
                       everything: bool = False,
                       progress: pipeline.Progress | None = None,
                       run_id: int | None = None) -> pipeline.ExtractReport:
        return extract_stored(store, ids=ids, everything=everything, address=self.address,
                              workers=self.workers, progress=progress, run_id=run_id)
