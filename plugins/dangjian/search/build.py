"""The build steps of Chinese search, called by the `dangjian/search` plugin's events."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from dangjian.catalog import Catalog
from dangjian.search import dictionary, segment, shards
from dangjian.search.records import Record, RecordMaker, catalog_records, entity_record
from dangjian.search.terms import record_terms
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


def write_index(site_dir: Path, records: list[Record], memo: IndexMemo | None = None) -> tuple[int, int]:
    """The sharded index of records and the worker that reads it, written into the site;
    returns (files, bytes)."""
    terms_of = memo.terms if memo is not None else record_terms
    files = shards.ShardedIndex.of(records, terms_of).files()
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


class IndexMemo:
    """The records and their terms kept from one build to the next of a `mkdocs serve`
    session (the search plugin lives as long as the session), so that an edit makes again
    only the records of what changed.

    A record is taken again when its entity is the very model object of the last build (the
    loader keeps the model of a file that did not change) and it is not a route, whose record
    names its stops; a record's terms are taken again while jieba's dictionary is the same
    (a new word can cut a text differently)."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], tuple[BaseModel, Record]] = {}
        self._terms: dict[Record, dict[str, Counter[str]]] = {}
        self._words = -1

    def records(self, catalog: Catalog, section_titles: dict[str, str]) -> list[Record]:
        maker = RecordMaker(catalog, section_titles)
        made: dict[str, Record] = {}
        kept: dict[tuple[str, str], tuple[BaseModel, Record]] = {}
        for kind, entry in maker.sources.values():
            if entry is None or kind == "route":
                continue
            known = self._records.get((kind, entry.rel))
            record = known[1] if known is not None and known[0] is entry.model else None
            if record is None or record.location != entry.url:
                record = entity_record(entry, catalog)
            made[record.location] = record
            kept[kind, entry.rel] = (entry.model, record)
        self._records = kept
        return maker.in_page_order(made)

    def terms(self, record: Record) -> dict[str, Counter[str]]:
        if self._words != len(_loaded):
            self._terms, self._words = {}, len(_loaded)
        found = self._terms.get(record)
        if found is None:
            found = self._terms[record] = record_terms(record)
        return found

    def forget_unused(self, records: list[Record]) -> None:
        """Drop the terms of records this build no longer has (an edited brand's old one)."""
        keep = set(records)
        self._terms = {r: t for r, t in self._terms.items() if r in keep}


def write_site_index(catalog: Catalog, section_titles: dict[str, str], site_dir: Path,
                     memo: IndexMemo | None = None) -> Written:
    """The whole index of the generated pages, made from the catalog alone (no page needs to
    be rendered first: a record holds what the page shows of its model)."""
    load_user_dictionary(catalog)  # once per process: a forked worker has it already
    records = memo.records(catalog, section_titles) if memo is not None \
        else catalog_records(catalog, section_titles)
    count, size = write_index(site_dir, records, memo)
    if memo is not None:
        memo.forget_unused(records)
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
