"""Pages verified beside the build: a `concurrent.futures` process pool, as Material's own
social and privacy plugins use one (made in one event, collected with `wait()` at
post-build, shut down on shutdown or error).

MkDocs writes a page after its `on_post_page` event, so when the next page's event comes
the previous page is on disk: pages are handed to the pool in batches of those already
written, and the worker reads each from `site/` itself (handing the HTML through the pipe
would cost the build process more than the check). Each result remembers the file's size
and modification time; a file changed after it was checked is checked again at the end.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from dangjian.guard.verify import Finding, Verifier

BATCH = 100
"""Pages per task: enough to make a task's overhead small, few enough to keep both cores busy."""

MIN_PAGES = 200
"""Below this many pages the pool costs more than it saves."""


@dataclass(frozen=True)
class Checked:
    """One file's verification: its findings, its anchors and links, and the stat it was read at."""

    findings: tuple[Finding, ...]
    links: tuple[frozenset[str], list[str]] | None
    stamp: tuple[int, int]


def stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


_verifier: Verifier | None = None


def _start(verifier: Verifier) -> None:
    global _verifier  # one per worker process, made once by the pool's initializer
    _verifier = verifier


def _check_batch(site_dir: str, rels: list[str]) -> dict[str, Checked]:
    assert _verifier is not None
    done: dict[str, Checked] = {}
    for rel in rels:
        path = Path(site_dir) / rel
        try:
            before = stamp(path)
            data = path.read_bytes()
        except OSError:
            continue  # not written after all: checked at the end
        found, links = _verifier.verify(rel, data)
        done[rel] = Checked(tuple(found), links, before)
    return done


def pool_size(pages: int, serving: bool) -> int:
    """Workers for a build of this many pages: none for small sites, `mkdocs serve` (its
    server runs threads, which a forked process must not inherit) or a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if serving or pages < MIN_PAGES or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return 1


class BesideChecks:
    """Hands written pages to a process pool and collects what it found."""

    def __init__(self, verifier: Verifier, site_dir: Path, workers: int) -> None:
        self.site_dir = site_dir
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start, initargs=(verifier,))
        self._futures: list[Future[dict[str, Checked]]] = []
        self._batch: list[str] = []
        self._last: str | None = None

    def page(self, rel: str) -> None:
        """The page about to be written is rel; the one before it is on disk now."""
        if self._last is not None:
            self._batch.append(self._last)
            if len(self._batch) >= BATCH:
                self._submit()
        self._last = rel

    def _submit(self) -> None:
        self._futures.append(self._pool.submit(_check_batch, str(self.site_dir), self._batch))
        self._batch = []

    def results(self) -> dict[str, Checked]:
        """Every page checked beside the build (the last pages are checked by the caller)."""
        if self._last is not None:
            self._batch.append(self._last)
            self._last = None
        if self._batch:
            self._submit()
        wait(self._futures)
        done: dict[str, Checked] = {}
        for future in self._futures:
            if future.exception() is None:
                done.update(future.result())
        self.close()
        return done

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
