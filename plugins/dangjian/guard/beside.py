"""Pages verified beside the build, in the forked pool of dangjian.parallel (made in one
event, collected with `wait()` at post-build, shut down on shutdown or error).

MkDocs writes a page after its `on_post_page` event, so when the next page's event comes
the previous page is on disk: pages are handed to the pool in batches of those already
written, and the worker reads each from `site/` itself (handing the HTML through the pipe
would cost the build process more than the check). The worker also resolves each page's
links (links.LinkResolver needs only the site's URL), so that the build process is left
with checking them against the files written. Each result remembers the file's size and
modification time; a file changed after it was checked is checked again at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path

from dangjian.guard.links import LinkResolver, PageLinks, is_page, links_of_page
from dangjian.guard.verify import Finding, Verifier
from dangjian.parallel import forked_pool

BATCH = 100
"""Pages per task: enough to make a task's overhead small, few enough to keep both cores busy."""

@dataclass(frozen=True)
class Checked:
    """One file's verification: its findings, its anchors and resolved links (None when
    links are not checked), and the stat it was read at."""

    findings: tuple[Finding, ...]
    links: PageLinks | None
    stamp: tuple[int, int]


def stamp(path: Path | str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


_verifier: Verifier | None = None
_resolver: LinkResolver | None = None


def _start(verifier: Verifier, site_url: str | None) -> None:
    global _verifier, _resolver  # one per worker process, made once by the pool's initializer
    _verifier = verifier
    _resolver = LinkResolver(site_url) if site_url is not None else None


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
        found, parsed = _verifier.verify(rel, data)
        links = None
        if _resolver is not None and is_page(rel):
            links = links_of_page(_resolver, rel, data, parsed)
        done[rel] = Checked(tuple(found), links, before)
    return done


class BesideChecks:
    """Hands written pages to a process pool and collects what it found.

    Once every page is written, the other files are handed over too (`add`), and the
    caller takes back, one by one from the end, the batches the pool has not started
    (`take_back`) to verify them itself: the two processes share the rest of the work and
    finish together, however far the worker is behind."""

    def __init__(self, verifier: Verifier, site_dir: Path, workers: int, site_url: str | None) -> None:
        """site_url: the site's URL the links are resolved against, None when links are not checked."""
        self.site_dir = site_dir
        self._pool = forked_pool(workers, _start, (verifier, site_url))
        self._futures: list[tuple[Future[dict[str, Checked]], list[str]]] = []
        self._batch: list[str] = []
        self._last: str | None = None
        self._handed: set[str] = set()
        self._closed = False

    def page(self, rel: str) -> None:
        """The page about to be written is rel; the one before it is on disk now."""
        if self._last is not None:
            self._batch.append(self._last)
            if len(self._batch) >= BATCH:
                self._submit()
        self._last = rel

    def _submit(self) -> None:
        future = self._pool.submit(_check_batch, str(self.site_dir), self._batch)
        self._futures.append((future, self._batch))
        self._handed.update(self._batch)
        self._batch = []

    def add(self, rels: Iterable[str]) -> None:
        """More files to verify, written after the pages (call once every page is written);
        none once the pool is closed (the caller verifies what it did not hand over)."""
        if self._closed:
            return
        if self._last is not None:
            self._batch.append(self._last)
            self._last = None
        for rel in rels:
            self._batch.append(rel)
            if len(self._batch) >= BATCH:
                self._submit()
        if self._batch:
            self._submit()

    def handed(self) -> frozenset[str]:
        """Every file handed to the pool, the last page now too: call once every page is written."""
        self.add(())
        return frozenset(self._handed)

    def take_back(self) -> list[str] | None:
        """The pages of the last batch the pool has not started, which the caller verifies
        itself; None once every batch left has started (the pool starts them in order)."""
        if self._futures and self._futures[-1][0].cancel():
            return self._futures.pop()[1]
        return None

    def results(self) -> dict[str, Checked]:
        """Every page checked beside the build and not taken back (a page the pool could not
        read is missing: the caller verifies it)."""
        self.handed()
        futures = [future for future, _ in self._futures]
        wait(futures)
        done: dict[str, Checked] = {}
        for future in futures:
            if not future.cancelled() and future.exception() is None:
                done.update(future.result())
        self.close()
        return done

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
