"""A one-shot build's long-lived objects, kept out of the cyclic garbage collector's way.

A build holds most of what it makes until it ends: the catalog, every page with its
content, the guard's scans and the search documents, growing with the number of brands.
Each full collection of Python's cyclic garbage collector walks all of it again, and so does
the collection at exit, so at scale those walks are a real part of the build's time and of
its exit (`scripts/bench` measures the build). `gc.freeze()` moves every object that exists
now out of the collector's view at no cost; later collections walk only what was made since.
Objects are still freed when nothing refers to them; only cyclic garbage made before a
freeze waits until the collector sees it again (measured: peak memory did not grow).

In `mkdocs serve` nothing is frozen (the server rebuilds for hours). A build in a process
that goes on afterwards (the tests) gives its objects back to the collector when the next
build starts.
"""

from __future__ import annotations

import gc

EVERY = 500
"""Pages written between two freezes: each full collection walks at most this many pages' objects."""


class LongLived:
    """Freezes the build's objects at the points where they are made to stay."""

    def __init__(self) -> None:
        self.active = False
        self._pages = 0

    def start(self, one_shot: bool) -> None:
        """A build starts (on_config): what an earlier build left frozen is collected again."""
        gc.unfreeze()
        self.active = one_shot
        self._pages = 0

    def settle(self) -> None:
        """Everything made so far lives to the end of the build (the catalog, the pages)."""
        if self.active:
            gc.freeze()

    def page_written(self) -> None:
        """One more page is written (its output, scan and search documents stay)."""
        if self.active:
            self._pages += 1
            if self._pages % EVERY == 0:
                gc.freeze()
