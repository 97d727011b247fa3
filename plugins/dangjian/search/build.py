"""The build steps of Chinese search, called by the `dangjian/search` plugin's events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.search import dictionary, segment, shards
from dangjian.search.records import Record, catalog_records
from dangjian.search.worker import WORKER_DIR, WORKER_NAME, worker_script

_loaded: set[str] = set()
"""Words already in jieba's (process-wide) dictionary: each is added once per process."""


def load_user_dictionary(catalog: Catalog) -> int:
    """Add the catalog's words to jieba (ours, and Material's for the hand-written pages)."""
    return load_user_words(dictionary.user_words(catalog))


def load_user_words(words: list[str]) -> int:
    """Add words (dictionary.user_words) to jieba's default dictionary, each once per
    process; the first call in a process loads jieba's own dictionary (about half a second)."""
    new = [w for w in words if w not in _loaded]
    if new:
        dictionary.load_words(segment.tokenizer(), new)
        segment.forget()
    _loaded.update(new)
    return len(new)


def write_index(site_dir: Path, records: list[Record]) -> tuple[int, int]:
    """The sharded index of records and the worker that reads it, written into the site;
    returns (files, bytes)."""
    files = shards.ShardedIndex.of(records).files()
    size = shards.write(site_dir, files)
    manifest = json.loads(files["manifest.json"])
    worker = site_dir / WORKER_DIR / WORKER_NAME
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_text(worker_script(manifest), encoding="utf-8")
    return len(files), size


@dataclass(frozen=True)
class Written:
    """What write_site_index wrote: pages indexed, files and bytes."""

    pages: int
    files: int
    bytes: int


def write_site_index(catalog: Catalog, section_titles: dict[str, str], site_dir: Path) -> Written:
    """The whole index of the generated pages, made from the catalog alone (no page needs to
    be rendered first: a record holds what the page shows of its model)."""
    load_user_dictionary(catalog)  # once per process: a forked worker has it already
    records = catalog_records(catalog, section_titles)
    count, size = write_index(site_dir, records)
    return Written(len(records), count, size)


_job: tuple[Catalog, dict[str, str]] | None = None


def start_worker(catalog: Catalog, section_titles: dict[str, str]) -> None:
    """Initializer of the forked worker (dangjian.parallel): the catalog it indexes."""
    global _job  # one per worker process, set once before any task
    _job = (catalog, section_titles)


def worker_task(site_dir: str) -> Written:
    """The forked worker's task: write_site_index of the catalog start_worker was given."""
    assert _job is not None
    return write_site_index(*_job, Path(site_dir))
