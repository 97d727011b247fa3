"""Pages scanned beside the build: a worker process scans each page as MkDocs writes it.

The post-build step (postbuild.guard_site) then finds most of its work done; it scans
itself every page it has no result for, with the same code, so a worker that fails only
costs time.
"""

from __future__ import annotations

from dangjian.background import BatchPool
from dangjian.guard.pagescan import PageScan, PageScanner, ScanSetup, digest, page_bytes

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


class BackgroundScans:
    """Page scans running in worker processes while the build goes on."""

    def __init__(self, setup: ScanSetup, workers: int) -> None:
        self._pool: BatchPool[tuple[str, str], PageScan] = BatchPool(
            workers, _scan_batch, _start, (setup,))

    def submit(self, rel: str, output: str) -> None:
        """Scan one page's output (as MkDocs will write it to site/rel) in a worker."""
        if self._pool.running:
            self._pool.submit((rel, output))

    def results(self) -> dict[str, PageScan]:
        """Every page scanned so far (waits for the worker); stops the worker."""
        return {scan.rel: scan for scan in self._pool.results() if scan is not None}

    def close(self) -> None:
        self._pool.close()
