"""Pages scanned beside the build: the build's worker process scans each page as MkDocs writes it.

The post-build step (postbuild.guard_site) then finds most of its work done; it scans
itself every page it has no result for, with the same code, so a worker that fails only
costs time.
"""

from __future__ import annotations

from dangjian.background import BatchPool
from dangjian.guard.pagescan import PageScan, PageScanner, ScanSetup, digest, page_bytes

_SCANNER: tuple[ScanSetup, PageScanner] | None = None


def _scan_batch(setup: ScanSetup, pages: list[tuple[str, str]]) -> list[PageScan]:
    global _SCANNER
    if _SCANNER is None or _SCANNER[0] != setup:
        _SCANNER = (setup, setup.page_scanner())
    scanner = _SCANNER[1]
    out = []
    for rel, output in pages:
        data = page_bytes(output)
        out.append(scanner.scan(rel, data, digest(data)))
    return out


class BackgroundScans:
    """Page scans running in the build's worker process while the build goes on."""

    def __init__(self, build: object, setup: ScanSetup, workers: int) -> None:
        self._pool: BatchPool[tuple[str, str], PageScan] = BatchPool(build, workers, _scan_batch, (setup,))

    def submit(self, rel: str, output: str) -> None:
        """Scan one page's output (as MkDocs will write it to site/rel) in the worker."""
        if self._pool.running:
            self._pool.submit((rel, output))

    def results(self, take_over: bool = True) -> dict[str, PageScan]:
        """The pages scanned in the worker (see BatchPool.results); lets go of the worker."""
        return {scan.rel: scan for scan in self._pool.results(take_over) if scan is not None}

    def close(self) -> None:
        self._pool.close()
