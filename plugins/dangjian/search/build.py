"""The build steps of Chinese search, called by the `dangjian/search` plugin's events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dangjian.catalog import Catalog
from dangjian.search import dictionary, index
from dangjian.search.worker import material_worker_name, worker_script

_loaded: set[str] = set()
"""Words already in jieba's (process-wide) dictionary: each is added once per process."""


def load_user_dictionary(catalog: Catalog) -> int:
    """Add the catalog's words to the jieba that Material's search plugin segments with."""
    return load_user_words(dictionary.user_words(catalog))


def load_user_words(words: list[str]) -> int:
    """Add words (dictionary.user_words) to the search plugin's jieba, each once per process;
    the first call in a process loads jieba's own dictionary (about half a second)."""
    from material.plugins.search import plugin as search

    new = [w for w in words if w not in _loaded]
    dictionary.load_words(search.jieba, new)
    _loaded.update(new)
    return len(new)


def warm_up() -> None:
    """Load jieba's dictionary and pypinyin's (in the build's worker, while the build loads
    the catalog: otherwise the first batch of pages waits for them there, some 0.8 s)."""
    from material.plugins.search import plugin as search

    if search.jieba is not None:
        search.jieba.initialize()
    warm_up_pinyin()


def warm_up_pinyin() -> None:
    """Import pypinyin's dictionaries now (they are imported where pinyin is first made)."""
    import pypinyin  # noqa: F401


def worker_file() -> tuple[str, str]:
    """(Material's worker name, our worker's source)."""
    name = material_worker_name()
    return name, worker_script(name)


def rewrite_index(site_dir: Path, catalog: Catalog,
                  made: list[dict[str, Any]] | None = None) -> tuple[int, int]:
    """Enrich site/search/search_index.json in place; returns its size before and after.

    made: the documents of the pages indexed beside the build (Material skipped them), in
    page order and enriched already (search.background.index_docs); they come before the
    ones Material wrote itself.
    """
    path = site_dir / "search" / "search_index.json"
    raw = path.read_bytes()
    data: dict[str, Any] = json.loads(raw)
    own = data.get("docs", [])
    if own:  # segmented here: with the catalog's words, as everywhere else
        load_user_dictionary(catalog)
    # names, pinyin and tags for the entity pages among Material's own documents (none when
    # the worker made every page's documents)
    names = index.entity_names(catalog) if own else {}
    terms = {loc: index.terms_of(names[loc]) for loc in {d["location"] for d in own} if loc in names}
    docs = index.enrich_docs(own, terms, data["config"]["separator"])
    out = index.dump(index.with_fields(data, [*(made or []), *docs]))
    path.write_bytes(out)
    return len(raw), len(out)
