"""Pages scanned beside the build: a worker process scans each page as MkDocs writes it.

MkDocs renders pages on one core; the guard's scan of a page needs nothing but the page
and the catalog, so a second process scans the pages already written while the next ones
are rendered, and the post-build step finds most of its work done. The worker is started
with `spawn` (a clean interpreter, safe beside the threads of `mkdocs serve`). Anything
that goes wrong in it only loses its results: guard_site scans every page it has no
result for, with the same code, in the build process.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os

from dangjian.guard.pagescan import PageScan, PageScanner, ScanSetup, digest, page_bytes

log = logging.getLogger("mkdocs.plugins.dangjian.guard")

BATCH = 48  # pages per task: enough to make the hand-over cheap, few enough to keep the worker busy
_WORKER: PageScanner | None = None


def _start(setup: ScanSetup) -> None:
    global _WORKER
    _WORKER = setup.page_scanner()


def _scan_batch(pages: list[tuple[str, str]]) -> list[PageScan]:
    assert _WORKER is not None
    out = []
    for rel, output in pages:
        data = page_bytes(output)
        out.append(_WORKER.scan(rel, data, digest(data)))
    return out


def worker_count(setting: int | None) -> int:
    """How many scan workers to start: the setting, or one when there is a core to spare."""
    if setting is not None:
        return max(0, setting)
    return 1 if (os.cpu_count() or 1) > 1 else 0


class BackgroundScans:
    """Page scans running in worker processes while the build goes on."""

    def __init__(self, setup: ScanSetup, workers: int) -> None:
        self.setup = setup
        self._pool: cf.ProcessPoolExecutor | None = None
        self._futures: list[cf.Future[list[PageScan]]] = []
        self._batch: list[tuple[str, str]] = []
        if workers > 0:
            try:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(setup,),
                )
            except (OSError, ValueError) as err:  # no processes here: everything is scanned after the build
                log.debug("guard: no scan worker (%s); pages are scanned after the build", err)

    @property
    def running(self) -> bool:
        return self._pool is not None

    def submit(self, rel: str, output: str) -> None:
        """Scan one page's output (as MkDocs will write it to site/rel) in a worker."""
        if self._pool is None:
            return
        self._batch.append((rel, output))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch and self._pool is not None:
            try:
                self._futures.append(self._pool.submit(_scan_batch, self._batch))
            except RuntimeError as err:  # the pool broke: the remaining pages are scanned after the build
                log.debug("guard: scan worker stopped (%s)", err)
                self._pool = None
        self._batch = []

    def results(self) -> dict[str, PageScan]:
        """Every page scanned so far (waits for the worker); stops the worker."""
        self._flush()
        found: dict[str, PageScan] = {}
        for future in self._futures:
            try:
                found.update((scan.rel, scan) for scan in future.result())
            except Exception as err:  # the pages are scanned again after the build
                log.debug("guard: a scan batch failed (%s); its pages are scanned after the build", err)
        self.close()
        return found

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
        self._batch = []

