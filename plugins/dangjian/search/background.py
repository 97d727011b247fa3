"""Material's search entries of each page, made beside the build by Material's own code.

Material's search plugin parses every page's HTML into its search index as the page is
built; on a big site that is a third of the build. When the plugin `dangjian/search` can
use a second core it hands each page (its content, table of contents, address and the
front matter Material reads) to a worker, which runs Material's SearchIndex on it with
jieba set up exactly as in the build process (same dictionary, then the same catalog
words in the same order), and tells Material to skip the page. After the build the
entries are put in the index in page order: the index is the one Material would write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from dangjian.background import BatchPool
from dangjian.search import dictionary

_INDEX: Any = None
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


@dataclass(frozen=True)
class JiebaSetup:
    """jieba as the build process has it when pages are indexed (see Material's on_config)."""

    jieba_dict: str | None
    jieba_dict_user: str | None
    words: tuple[str, ...]


def _start(setup: JiebaSetup) -> None:
    global _INDEX
    from material.plugins.search import plugin as search

    from dangjian.mkdocs import jieba_memo

    jieba_memo.install()  # each distinct run of Han characters segmented once, as in the build
    jieba = search.jieba
    if jieba is not None:
        if setup.jieba_dict and os.path.isfile(os.path.normpath(setup.jieba_dict)):
            jieba.set_dictionary(os.path.normpath(setup.jieba_dict))
        if setup.jieba_dict_user and os.path.isfile(os.path.normpath(setup.jieba_dict_user)):
            jieba.load_userdict(os.path.normpath(setup.jieba_dict_user))
        dictionary.load_words(jieba, setup.words)
    _INDEX = search.SearchIndex


def entries_of(pages: list[PageForIndex]) -> list[list[dict[str, Any]]]:
    """Material's entries for each page (in a worker, or here when a worker failed)."""
    index_class = _INDEX
    if index_class is None:
        from material.plugins.search.plugin import SearchIndex as index_class
    out = []
    for page in pages:
        index = index_class()
        index.add_entry_from_context(page)
        out.append(index.entries)
    return out


class BackgroundIndex:
    """Search entries made in a worker process while the build goes on."""

    def __init__(self, setup: JiebaSetup, workers: int) -> None:
        self._pool: BatchPool[PageForIndex, list[dict[str, Any]]] = BatchPool(
            workers, entries_of, _start, (setup,), local=entries_of)

    @property
    def running(self) -> bool:
        return self._pool.running

    def submit(self, page: PageForIndex) -> None:
        self._pool.submit(page)

    def entries(self) -> list[dict[str, Any]]:
        """Every submitted page's entries, in the order submitted; stops the worker."""
        return [entry for found in self._pool.results() for entry in (found or [])]

    def close(self) -> None:
        self._pool.close()


def page_for_index(content: str, toc: Any, url: str, meta: dict[str, Any], title: str | None) -> PageForIndex:
    """The parts of a page Material's SearchIndex reads (only the front matter it uses)."""
    return PageForIndex(content, toc, url, {k: meta[k] for k in META_KEYS if k in meta}, title)
