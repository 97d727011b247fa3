"""Work done beside the build: a worker process takes pages in batches while MkDocs renders the next.

MkDocs renders pages on one core. What the guard and the search index do with a page
needs nothing but the page, so a second core can do it meanwhile. Workers are started with
`spawn` (a clean interpreter, safe beside the threads of `mkdocs serve`); the task and its
initializer are module-level functions, the items plain values.

Nothing that goes wrong in a worker changes a result: a batch that fails is done again in
the build process by `local` (or left to the caller, which then does the pages itself).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

log = logging.getLogger("mkdocs.plugins.dangjian")

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_PAGES = 200
"""Below this many pages a worker costs more to start than it saves."""
BATCH = 48
"""Items per task: enough to make the hand-over cheap, few enough to keep the worker busy."""


def worker_count(setting: int | None, pages: int) -> int:
    """Workers to start: the setting when given, else one when a core is spare and the site is big."""
    if setting is not None:
        return max(0, setting)
    return 1 if (os.cpu_count() or 1) > 1 and pages >= MIN_PAGES else 0


class _Batch(Generic[Item, Result]):
    def __init__(self, items: list[Item], future: cf.Future[list[Result]] | None, keep: bool) -> None:
        self.count = len(items)
        self.items: list[Item] | None = items if keep else None
        self.future = future


class BatchPool(Generic[Item, Result]):
    """Items handed to worker processes in batches; results come back in the order submitted.

    task(items) -> one result per item runs in a worker, after initializer(*initargs).
    local(items), when given, does a failed batch in this process (its items are kept until
    their batch is done); without it, the items of a failed batch have no result.
    """

    def __init__(self, workers: int, task: Callable[[list[Item]], list[Result]],
                 initializer: Callable[..., None], initargs: Sequence[Any] = (),
                 local: Callable[[list[Item]], list[Result]] | None = None, batch: int = BATCH) -> None:
        self._task = task
        self._local = local
        self._size = batch
        self._pool: cf.ProcessPoolExecutor | None = None
        self._batches: list[_Batch[Item, Result]] = []
        self._open: list[Item] = []
        if workers > 0:
            try:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=initializer, initargs=tuple(initargs),
                )
            except (OSError, ValueError) as err:  # no processes here: the caller does the work
                log.debug("no worker process (%s); the build does the work itself", err)

    @property
    def running(self) -> bool:
        return self._pool is not None

    def submit(self, item: Item) -> None:
        self._open.append(item)
        if len(self._open) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if not self._open:
            return
        items, self._open = self._open, []
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(self._task, items)
            except RuntimeError as err:  # the pool broke: the rest is done here
                log.debug("worker process stopped (%s)", err)
                self._pool = None
        batch: _Batch[Item, Result] = _Batch(items, future, keep=self._local is not None)
        if future is not None and self._local is not None:
            future.add_done_callback(lambda f, b=batch: _release(f, b))
        self._batches.append(batch)

    def results(self) -> list[Result | None]:
        """Every item's result, in the order submitted (None: its batch failed and there is no local)."""
        self._flush()
        out: list[Result | None] = []
        for batch in self._batches:
            done: list[Result] | None = None
            if batch.future is not None:
                try:
                    done = batch.future.result()
                except Exception as err:  # the batch is done again below, or by the caller
                    log.debug("a worker batch failed (%s)", err)
            if done is None and self._local is not None and batch.items is not None:
                done = self._local(batch.items)
            out.extend(done if done is not None else [None] * batch.count)
        self.close()
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._batches = []
        self._open = []


def _release(future: cf.Future[Any], batch: _Batch[Any, Any]) -> None:
    # a batch done in the worker no longer needs its items (pages can be large)
    if not future.cancelled() and future.exception() is None:
        batch.items = None
