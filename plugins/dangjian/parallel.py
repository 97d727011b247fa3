"""Work done beside the build, on the machine's other core: one small interface.

MkDocs renders and writes the pages in one thread. Work that needs only what is known
before the pages are made (the catalog for the search index) or the pages already written
(the guard's verification) is handed to a `concurrent.futures` process pool, as Material's
own social and privacy plugins do: made in one event, collected at post-build, shut down on
shutdown or error. Its processes are forked, so that they start with what the build has
loaded (the catalog, jieba's dictionary) without sending it through a pipe.

No pool for small sites (it costs more than it saves), on a single core, where fork is not
available, or in `mkdocs serve`, whose server runs threads that a forked process must not
inherit: there the same work is done in the build's own process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

MIN_PAGES = 200
"""Below this many pages a pool costs more than it saves."""


def cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def pool_size(pages: int, serving: bool) -> int:
    """Workers beside a build of this many pages: 1, or 0 when a pool would not pay or must
    not be used (see the module's docstring)."""
    if serving or pages < MIN_PAGES or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return 1


def forked_pool(workers: int, initializer: Callable[..., Any] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of forked workers; initargs reach them by the fork, not pickled."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)
