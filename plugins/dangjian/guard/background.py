"""Pages scanned beside the build: the build's worker process scans each page MkDocs has written.

The worker reads each page from site/ itself: only the page's path goes through the pipe.
Handing over the HTML instead (some 20 KB a page) cost the build process more than the
scan saved: the executor's threads pickle and write it while holding the interpreter lock
the build needs to render the next page.

A page is handed over once MkDocs has written it, that is when the next page comes to its
post-page step (or at the end of the build): `submit` holds the newest page back until then.

The post-build step (postbuild.guard_site) then finds most of its work done; it scans
itself every page it has no result for (or whose bytes changed since), with the same code,
so a worker that fails only costs time. When the worker falls behind, or at the end of
the build, the build scans the batches the worker has not started itself (BatchPool's
local), so both cores work to the end.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.background import BatchPool
from dangjian.guard.pagescan import PageScan, PageScanner, ScanSetup, digest

_SCANNER: tuple[ScanSetup, PageScanner] | None = None


def _scanner(setup: ScanSetup) -> PageScanner:
    global _SCANNER
    if _SCANNER is None or _SCANNER[0] != setup:
        _SCANNER = (setup, setup.page_scanner())
    return _SCANNER[1]


def scan_written(setup: ScanSetup, site_dir: Path, pages: list[str]) -> list[PageScan | None]:
    """The scans of the pages as written under site_dir (None: a page that is not there)."""
    scanner = _scanner(setup)
    out: list[PageScan | None] = []
    for rel in pages:
        try:
            data = (site_dir / rel).read_bytes()
        except OSError:
            out.append(None)
            continue
        out.append(scanner.scan(rel, data, digest(data)))
    return out


class BackgroundScans:
    """Page scans running in the build's worker process while the build goes on."""

    def __init__(self, build: object, setup: ScanSetup, site_dir: Path, workers: int) -> None:
        self._pool: BatchPool[str, PageScan | None] = BatchPool(
            build, workers, scan_written, (setup, site_dir),
            local=lambda pages: scan_written(setup, site_dir, pages))
        self._unwritten: str | None = None

    @property
    def running(self) -> bool:
        return self._pool.running

    def submit(self, rel: str) -> None:
        """Scan the page MkDocs is about to write to site/rel, once it is written."""
        if not self._pool.running:
            return
        if self._unwritten is not None:  # written by now: MkDocs has gone on to the next page
            self._pool.submit(self._unwritten)
        self._unwritten = rel

    def results(self, take_over: bool = True) -> dict[str, PageScan]:
        """The pages scanned in the worker (see BatchPool.results); lets go of the worker.

        Call it once every page is written (at post-build)."""
        if self._unwritten is not None and self._pool.running:
            self._pool.submit(self._unwritten)
        self._unwritten = None
        return {scan.rel: scan for scan in self._pool.results(take_over) if scan is not None}

    def close(self) -> None:
        self._unwritten = None
        self._pool.close()
