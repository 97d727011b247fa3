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
    from material.plugins.search import plugin as search

    new = [w for w in dictionary.user_words(catalog) if w not in _loaded]
    dictionary.load_words(search.jieba, new)
    _loaded.update(new)
    return len(new)


def worker_file() -> tuple[str, str]:
    """(Material's worker name, our worker's source)."""
    name = material_worker_name()
    return name, worker_script(name)


def rewrite_index(site_dir: Path, catalog: Catalog,
                  made: list[dict[str, Any]] | None = None) -> tuple[int, int]:
    """Enrich site/search/search_index.json in place; returns its size before and after.

    made: the entries of the pages indexed beside the build (Material skipped them), in
    page order; they come before any Material wrote itself.
    """
    path = site_dir / "search" / "search_index.json"
    raw = path.read_bytes()
    data: dict[str, Any] = json.loads(raw)
    if made:
        data["docs"] = [*(_as_written(e) for e in made), *data.get("docs", [])]
    out = index.dump(index.enrich(data, index.entity_pages(catalog)))
    path.write_bytes(out)
    return len(raw), len(out)


def _as_written(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as it reads back from Material's index, which is written with `default=str`:
    only `boost`, copied from a page's front matter, can hold a value JSON has no type for."""
    if "boost" in entry:
        entry = {**entry, "boost": json.loads(json.dumps(entry["boost"], default=str))}
    return entry
