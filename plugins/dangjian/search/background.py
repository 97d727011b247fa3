"""Material's search entries of each page, made beside the build by Material's own code.

Material's search plugin parses every page's HTML into its search index as the page is
built; on a big site that is a third of the build. When the plugin `dangjian/search` can
use the build's worker process (dangjian.background: forked from the build, so its jieba
has exactly the build's dictionary and words) it hands each page there (its content,
table of contents, address and the front matter Material reads), where Material's
SearchIndex makes the entries (pages divided into sections by dangjian.search.sections),
and tells Material to skip the page. After the build the entries are put in the index in
page order: the index is the one Material would write.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from dangjian.background import BatchPool

META_KEYS = ("search", "tags", "title")
"""The front matter Material's SearchIndex reads."""


@dataclass
class PageForIndex:
    """What Material's SearchIndex.add_entry_from_context reads of a page."""

    content: str
    toc: Any
    url: str
    meta: dict[str, Any]
    title: str | None


def page_for_index(content: str, toc: Any, url: str, meta: dict[str, Any], title: str | None) -> PageForIndex:
    """A copy of the parts of a page Material's SearchIndex reads, as they are now (a plugin
    may change the page later; Material would have read it now)."""
    return PageForIndex(content, copy.deepcopy(toc), url,
                        copy.deepcopy({k: meta[k] for k in META_KEYS if k in meta}), title)


def entries_of(pages: list[PageForIndex]) -> list[list[dict[str, Any]]]:
    """Material's entries for each page (in the worker, or here when the worker failed)."""
    from dangjian.search.sections import LeanSearchIndex

    out = []
    for page in pages:
        index = LeanSearchIndex()
        index.add_entry_from_context(page)
        out.append(index.entries)
    return out


class BackgroundIndex:
    """Search entries made in the build's worker process while the build goes on."""

    def __init__(self, build: object, workers: int) -> None:
        self._pool: BatchPool[PageForIndex, list[dict[str, Any]]] = BatchPool(
            build, workers, entries_of, local=entries_of)

    @property
    def running(self) -> bool:
        return self._pool.running

    def submit(self, page: PageForIndex) -> None:
        self._pool.submit(page)

    def entries(self) -> list[dict[str, Any]]:
        """Every submitted page's entries, in the order submitted; lets go of the worker."""
        return [entry for found in self._pool.results() for entry in (found or [])]

    def close(self) -> None:
        self._pool.close()
