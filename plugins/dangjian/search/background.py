"""Material's search entries of each page, made beside the build with Material's rules.

Material's search plugin parses every page's HTML into its search index as the page is
built; on a big site that is a third of the build. When the plugin `dangjian/search` can
use the build's worker process (dangjian.background; the catalog's words for jieba go
with every batch, so its jieba has the build's dictionary and words) it hands each page
there (its content, table of contents, address and the front matter Material reads), where
Material's SearchIndex makes the entries (pages divided into sections by dangjian.search.sections),
and tells Material to skip the page. There each entry is also read back as Material
writes it and enriched as dangjian.search.index does after the build (sub-words; names,
pinyin and tags for an entity page). After the build the documents are put in the index
in page order: the index is the one Material's entries would make.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from dangjian.background import BatchPool
from dangjian.search.index import EntityNames, as_written, enrich_doc, terms_of

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
    entity: EntityNames | None = None  # the entity the page is generated from


def page_for_index(content: str, toc: Any, url: str, meta: dict[str, Any], title: str | None,
                   entity: EntityNames | None = None) -> PageForIndex:
    """A copy of the parts of a page Material's SearchIndex reads, as they are now (a plugin
    may change the page later; Material would have read it now)."""
    return PageForIndex(content, copy.deepcopy(toc), url,
                        copy.deepcopy({k: meta[k] for k in META_KEYS if k in meta}), title, entity)


def entries_of(pages: list[PageForIndex]) -> list[list[dict[str, Any]]]:
    """Material's entries for each page (in the worker, or here when the worker failed)."""
    from dangjian.search.sections import LeanSearchIndex

    out = []
    for page in pages:
        index = LeanSearchIndex()
        index.add_entry_from_context(page)
        out.append(index.entries)
    return out


def index_docs(separator: str, words: list[str], pages: list[PageForIndex]) -> list[list[dict[str, Any]]]:
    """Each page's documents as they go into the final index: Material's entries as Material
    writes them, enriched (dangjian.search.index.enrich_doc); words: the user dictionary,
    loaded into this process's jieba first (once)."""
    from dangjian.search.build import load_user_words

    load_user_words(words)
    pattern = re.compile(separator)
    out = []
    for page, entries in zip(pages, entries_of(pages), strict=True):
        terms = terms_of(page.entity) if page.entity is not None else None
        docs = (enrich_doc(as_written(e), terms if e["location"] == page.url else None, pattern)
                for e in entries)
        out.append([doc for doc in docs if doc is not None])
    return out


class BackgroundIndex:
    """Search documents made in the build's worker process while the build goes on."""

    def __init__(self, build: object, workers: int, separator: str, words: list[str]) -> None:
        # The build takes no batch from the worker while it answers (take_back=False): jieba,
        # its dictionary and the catalog's words are loaded there, and need not be here too.
        self._pool: BatchPool[PageForIndex, list[dict[str, Any]]] = BatchPool(
            build, workers, index_docs, (separator, words),
            local=lambda pages: index_docs(separator, words, pages), take_back=False)

    @property
    def running(self) -> bool:
        return self._pool.running

    def submit(self, page: PageForIndex) -> None:
        self._pool.submit(page)

    def entries(self) -> list[dict[str, Any]]:
        """Every submitted page's documents (index_docs), in the order submitted; lets go of the worker."""
        return [entry for found in self._pool.results() for entry in (found or [])]

    def close(self) -> None:
        self._pool.close()
