"""Work done beside the build: one worker process takes pages in batches while MkDocs renders.

MkDocs renders pages on one core. What the guard and the search index do with a page
needs nothing but the page, so a second core can do it meanwhile. The plugins of one build
share one worker process (two would fight the build for two cores). It is forked from the
build process when the first plugin asks for it (the search plugin, before the site is
emptied and the catalog loaded, so that the worker loads jieba's dictionary meanwhile):
it has the modules and settings the build has, without starting Python again and without
importing the main script again (which `spawn` would do). What a task needs beyond that
comes with it (the guard's ScanSetup, the catalog's words for jieba). A process that runs
threads (`mkdocs serve` between rebuilds) is never forked: there the build does the work
itself.

Nothing that goes wrong in the worker changes a result: a batch that fails is done again
in the build process by `local` (or left to the caller, which then does its pages itself).
"""

from __future__ import annotations

import concurrent.futures as cf
import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

log = logging.getLogger("mkdocs.plugins.dangjian")

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_PAGES = 200
"""Below this many pages a worker costs more than it saves."""
BATCH = 48
"""Items per task: enough to make the hand-over cheap, few enough to keep the worker busy."""
MAX_BACKLOG = 8
"""Batches waiting for the worker (all pools together) beyond which the build does its next
batch itself where the pool lets it (the guard's). Short, so that the batches only the
worker does (search: their pages' content, a few KB each, is held until then) never wait
long behind others."""


def worker_count(setting: int | None, pages: int) -> int:
    """Workers to use: the setting when given, else one when a core is spare and the site is big."""
    if setting is not None:
        return max(0, setting)
    return 1 if (os.cpu_count() or 1) > 1 and pages >= MIN_PAGES else 0


@dataclass
class _Shared:
    build: object  # the build's config: a new build never inherits an old worker
    executor: cf.ProcessPoolExecutor
    users: int = 0
    broken: bool = False
    pools: list[BatchPool[Any, Any]] = field(default_factory=list)  # those sending it batches


def _waiting(executor: cf.ProcessPoolExecutor | None) -> int:
    """Batches of every pool waiting for this worker (or being done there)."""
    if _shared is None or _shared.executor is not executor:
        return 0
    return sum(pool._backlog() for pool in _shared.pools)


_shared: _Shared | None = None

WAIT = 300.0
"""Seconds to wait for one batch before the build gives up on the worker and does the rest."""


def can_fork() -> bool:
    """True when a worker can be forked now: `fork` exists and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def acquire(build: object, workers: int) -> cf.ProcessPoolExecutor | None:
    """The build's worker process (started by the first plugin to ask), or None to work alone.

    The process is forked here and now, while this process runs no other thread (a plugin
    started later may start threads; a fork beside them could inherit a held lock).
    """
    global _shared
    if _shared is not None and (_shared.build is not build or _shared.broken):
        _shutdown()
    if _shared is None:
        if workers <= 0 or not can_fork():
            return None
        try:
            context = multiprocessing.get_context("fork")
            executor = cf.ProcessPoolExecutor(max_workers=workers, mp_context=context)
            executor.submit(int).result(timeout=WAIT)  # forks the worker now
        except (OSError, ValueError, RuntimeError, cf.TimeoutError) as err:
            log.debug("no worker process (%s); the build does the work itself", err)
            return None
        _shared = _Shared(build, executor)
    _shared.users += 1
    return _shared.executor


def release(executor: cf.ProcessPoolExecutor | None) -> None:
    """One plugin is done with the worker; the last one stops it."""
    if executor is None or _shared is None or _shared.executor is not executor:
        return
    _shared.users -= 1
    if _shared.users <= 0:
        _shutdown()


def _give_up(executor: cf.ProcessPoolExecutor | None) -> None:
    """The worker did not answer in time: stop it (it may be stuck), the build does the rest."""
    if _shared is not None and _shared.executor is executor:
        _shared.broken = True
    if executor is not None:
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)


def _shutdown() -> None:
    global _shared
    if _shared is not None:
        if _shared.broken:
            _give_up(_shared.executor)
        else:
            _shared.executor.shutdown(wait=True, cancel_futures=True)
        _shared = None


class _Batch(Generic[Item, Result]):
    def __init__(self, items: list[Item], future: cf.Future[list[Result]] | None, keep: bool) -> None:
        self.count = len(items)
        self.items: list[Item] | None = items if keep else None
        self.future = future
        self.done: list[Result] | None = None


class BatchPool(Generic[Item, Result]):
    """Items handed to the build's worker in batches; results come back in the order submitted.

    task(*args, items) -> one result per item runs in the worker; local(items), when given,
    does a failed batch in this process (its items are kept until their batch is done);
    without it, the items of a failed batch have no result. take_back=False: the build
    does a batch itself only when the worker fails it (not when it falls behind).
    """

    def __init__(self, build: object, workers: int, task: Callable[..., list[Result]],
                 args: Sequence[Any] = (), local: Callable[[list[Item]], list[Result]] | None = None,
                 batch: int = BATCH, take_back: bool = True) -> None:
        self._task = task
        self._args = tuple(args)
        self._local = local
        self._shares = take_back
        self._size = batch
        self._executor = acquire(build, workers)
        self._batches: list[_Batch[Item, Result]] = []
        self._open: list[Item] = []
        if self._executor is not None and _shared is not None:
            _shared.pools.append(self)

    @property
    def running(self) -> bool:
        return self._executor is not None

    def submit(self, item: Item) -> bool:
        """Hand item over; False (item not taken) when the worker is too far behind and
        there is no local to do it here: the caller does it itself."""
        if self._local is None and self._shares and _waiting(self._executor) >= MAX_BACKLOG:
            return False
        self._open.append(item)
        if len(self._open) >= self._size:
            self._flush()
        return True

    def _backlog(self) -> int:
        pending = 0
        for batch in reversed(self._batches):
            if batch.future is None:
                continue  # done here
            if batch.future.done():
                break  # the worker goes in order: everything before this one is done too
            pending += 1
        return pending

    def _flush(self) -> None:
        if not self._open:
            return
        items, self._open = self._open, []
        future = None
        if self._executor is not None:
            try:
                future = self._executor.submit(_in_worker, self._task, *self._args, items)
            except RuntimeError as err:  # the worker broke: the rest is done here
                log.debug("worker process stopped (%s)", err)
                self._stop()
        batch: _Batch[Item, Result] = _Batch(items, future, keep=self._local is not None)
        if future is not None and self._local is not None:
            future.add_done_callback(lambda f, b=batch: _release_items(f, b))
        self._batches.append(batch)
        # the worker is far behind: this batch is done here, so the pages waiting stay few
        if self._local is not None and self._shares and _waiting(self._executor) > MAX_BACKLOG:
            self._take_back(batch)

    def _take_back(self, batch: _Batch[Item, Result]) -> bool:
        """Withdraw a batch the worker has not started and do it here (with local); False
        when the worker has it already."""
        if batch.future is None or not batch.future.cancel():
            return False
        batch.future = None
        if batch.items is not None and self._local is not None:
            batch.done = self._local(batch.items)
        return True

    def results(self, take_over: bool = True) -> list[Result | None]:
        """Every item's result, in the order submitted (None: not done, and there is no local).

        take_over: the build is waiting now, so it takes batches the worker has not started,
        from the last one back, while the worker goes on from the first: both cores work to
        the end. Without local, such a batch has no results: the caller does its items itself.
        """
        self._flush()
        for batch in reversed(self._batches if take_over and self._shares else []):
            if batch.future is None or batch.future.done():
                continue
            if not self._take_back(batch):
                break  # the worker has this one: it has all the earlier ones too
        out: list[Result | None] = []
        gave_up = False
        for batch in self._batches:
            done: list[Result] | None = batch.done
            if done is None and batch.future is not None and (not gave_up or batch.future.done()):
                try:
                    done = batch.future.result(timeout=WAIT)
                except cf.TimeoutError:
                    # not a warning: the results stay right, so `--strict` must not fail the build
                    log.info("dangjian: the worker process did not answer; the build does the rest itself")
                    _give_up(self._executor)
                    gave_up = True
                except Exception as err:  # the batch is done again below, or by the caller
                    log.debug("a worker batch failed (%s)", err)
            if done is None and self._local is not None and batch.items is not None:
                done = self._local(batch.items)
            out.extend(done if done is not None else [None] * batch.count)
        self.close()
        return out

    def close(self) -> None:
        for batch in self._batches:
            if batch.future is not None:
                batch.future.cancel()
        self._batches = []
        self._open = []
        self._stop()

    def _stop(self) -> None:
        executor, self._executor = self._executor, None
        if _shared is not None and self in _shared.pools:
            _shared.pools.remove(self)
        release(executor)


def _in_worker(task: Callable[..., list[Result]], *args: Any) -> list[Result]:
    """A batch in the worker. What it leaves behind (the guard's and the search's caches of
    pieces, tags and words) lives to the end of the build: it is frozen (gc.freeze), so the
    worker's collections walk only what the next batch makes (dangjian.mkdocs.memory)."""
    try:
        return task(*args)
    finally:
        gc.freeze()


def _release_items(future: cf.Future[Any], batch: _Batch[Any, Any]) -> None:
    # a batch done in the worker no longer needs its items (pages can be large)
    if not future.cancelled() and future.exception() is None:
        batch.items = None
