"""Every core busy: the CPU half of the page path (decode, clean, language, MinHash) in a process pool,
one writer storing the results in batched transactions.

Only pure work crosses into the pool (corpus.pages.prepare_page, clean_*_source); the database stays in
the parent, which is the single writer. Results come back in input order, so "the first document"
of a duplicate pair means the same thing whatever the number of workers.
"""

from __future__ import annotations

import collections
import itertools
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sqlite_utils import Database

from corpus.search_index import batched_index
from corpus.transaction import write_transaction

Item = TypeVar("Item")
Result = TypeVar("Result")
Written = TypeVar("Written")

BATCH_SIZE = 50  # documents per write transaction: few commits, and a competing writer waits < ~1 s
CHUNK_SIZE = 10  # items per round trip to a worker in map(): one call, one pickle, one wake-up for several


def default_workers() -> int:
    return os.cpu_count() or 1


PARENT_CHECK_S = 1.0


def exit_with_parent(parent: int) -> None:
    """In each worker: exit when the process that started the pool is gone. A crawl killed outright
    (SIGKILL, the OOM killer) cannot shut its pool down, and its workers would wait for work forever,
    holding its output pipes open."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def shared_before_fork() -> None:
    """Load, once in this process, what every worker would otherwise load for itself: workers are
    forked, so they share it (langdetect's profiles: ~0.6 s of CPU and ~60 MB in each process)."""
    from corpus.curate.language import load_detector

    load_detector()


def map_chunk(fn: Callable[[Item], Result], items: tuple[Item, ...]) -> list[Result]:
    """In a worker: fn over one chunk of map()'s items."""
    return [fn(item) for item in items]


def chunked(items: Iterable[Item], size: int) -> Iterator[tuple[Item, ...]]:
    """Tuples of `size` consecutive items (the last one shorter): itertools.batched of Python 3.12."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


class WorkerPool:
    """A process pool of `workers` processes, or plain calls in this process when workers <= 1."""

    def __init__(self, workers: int | None = 1):
        self.workers = max(1, workers or 1)
        self.started = False  # the processes fork at the first submit
        self.executor = (
            ProcessPoolExecutor(max_workers=self.workers, initializer=exit_with_parent, initargs=(os.getpid(),))
            if self.workers > 1
            else None
        )

    def submit(self, fn: Callable[..., Result], *args: Any) -> Future[Result]:
        if self.executor is not None:
            self.started = True
            return self.executor.submit(fn, *args)
        future: Future[Result] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever reads the future, as a pool would
            future.set_exception(exc)
        return future

    def map(
        self, fn: Callable[[Item], Result], items: Iterable[Item], window: int | None = None, chunk: int = CHUNK_SIZE
    ) -> Iterator[Result]:
        """fn over the items in input order, `chunk` items per call to a worker, at most `window` items
        in flight (the sources are not all read into memory at once). The default window outlasts a
        write batch: the pool keeps working while the writer commits one. Started by map(), the workers
        share what shared_before_fork loads (a crawl starts them with warm_up: they load it themselves,
        while its reactor starts)."""
        if self.executor is None:
            yield from map(fn, items)
            return
        if not self.started:
            shared_before_fork()
        window = window or max(self.workers * 4, BATCH_SIZE * 2)
        pending: collections.deque[Future[list[Result]]] = collections.deque()
        for chunk_items in chunked(items, chunk):
            pending.append(self.submit(map_chunk, fn, chunk_items))
            if len(pending) * chunk >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def warm_up(self) -> WorkerPool:
        """Start the worker processes now (before a crawl's reactor and its threads start: a fork
        then copies no thread's half-held lock)."""
        if self.executor is not None:
            for future in [self.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> WorkerPool:
        """One pool, however often the settings that carry it are copied (Scrapy copies them per crawler)."""
        return self

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_in_batches(
    db: Database,
    results: Iterable[Result],
    write: Callable[[Result], Written],
    batch_size: int = BATCH_SIZE,
    after: Callable[[Result, Written], object] = lambda result, written: None,
) -> None:
    """write(result) for each result, batch_size of them per write transaction (each write's own
    write_transaction is a savepoint inside it). A batch is collected before its transaction begins,
    so the lock is never held while waiting for the pool. after(result, what write returned) is
    called once the batch has committed. A write that raises rolls its batch back and raises."""
    batch: list[Result] = []

    def flush() -> None:
        with write_transaction(db), batched_index(db):
            written = [write(result) for result in batch]
        for result, value in zip(batch, written):
            after(result, value)
        batch.clear()

    for result in results:
        batch.append(result)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
