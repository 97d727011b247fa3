"""The sharded search index: small files by term, fetched by the search worker as needed.

    search/manifest.json     what the worker needs first: counts, boosts, version
    search/dict/<n>.json     each term: in how many documents it occurs, which post/ file
                             holds its postings; by first character (two for Latin letters
                             and digits; by one more, and again, under a prefix with too many
                             terms for one file, as the manifest's "split" lists): a query's
                             pieces and the terms they begin are looked up there
    search/post/<n>.json     each term's postings (document, field, count), terms in sorted
                             order cut into files of about POST_BYTES
    search/docs/<n>.json     one document's title, address, snippet and tags, for the
                             results shown

Which dictionary file holds a key is fnv1a32(UTF-8 of the key) modulo the number of such
files, so the worker computes it (assets/dangjian/javascripts/search/core.js). Postings are a flat
list of [document - previous document, count * 8 + field] pairs, documents ascending.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dangjian.search.records import Record
from dangjian.search.terms import BOOSTS, FIELDS, record_terms

FORMAT = 1
DICT_BYTES = 6_000
"""About how big a dictionary file is (uncompressed)."""
POST_BYTES = 12_000
"""About how big a postings file is (uncompressed); one common term's postings may be more."""
MAX_COUNT = 31
"""Occurrences of a term in one field beyond which the count no longer grows."""
FOLDER = "search"
PARTS = ("dict", "post", "docs")


def fnv1a(text: str) -> int:
    """FNV-1a (32 bits) of text's UTF-8 bytes."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def dict_key(term: str) -> str:
    """The part of a term its dictionary file is chosen by."""
    return term[:2] if term[0].isascii() else term[0]


def dict_file(term: str, count: int, split: dict[str, list[int]]) -> int:
    """The dictionary file of a term: by its key among `count` files, or, under a prefix
    whose terms fill several files (split: prefix -> [first file, files]), by one more
    character (core.js finds it the same way)."""
    key = dict_key(term)
    if key not in split:
        return fnv1a(key) % count
    while True:
        sub = term[: len(key) + 1]
        if len(sub) > len(key) and sub in split:
            key = sub
            continue
        first, parts = split[key]
        return first + fnv1a(sub) % parts


def _size(terms: list[str]) -> int:
    return sum(len(t.encode()) + 8 for t in terms)


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class ShardedIndex:
    """The records' terms inverted, and split into files."""

    records: list[Record] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    df: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, records: list[Record],
           terms_of: Callable[[Record], dict[str, Counter[str]]] = record_terms) -> ShardedIndex:
        index = cls()
        for record in records:
            index.add(record, terms_of)
        return index

    def add(self, record: Record,
            terms_of: Callable[[Record], dict[str, Counter[str]]] = record_terms) -> None:
        doc = len(self.records)
        self.records.append(record)
        terms = terms_of(record)
        for name, counts in terms.items():
            code = FIELDS.index(name)
            for term, count in counts.items():
                self.postings[term].append(doc)
                self.postings[term].append(min(count, MAX_COUNT) * 8 + code)
        self.df.update({t for counts in terms.values() for t in counts})

    def files(self) -> dict[str, bytes]:
        """Every file of the index by its path under search/, the manifest last."""
        post_files, where = self._postings()
        dict_files, split = self._dictionary(where)
        out: dict[str, bytes] = {}
        for n, data in enumerate(dict_files):
            out[f"dict/{n}.json"] = dump(data)
        for n, data in enumerate(post_files):
            out[f"post/{n}.json"] = dump(data)
        for n, record in enumerate(self.records):
            out[f"docs/{n}.json"] = dump(doc_record(record))
        version = hashlib.sha256(b"".join(out.values())).hexdigest()[:12]
        hashed = len(dict_files) - sum(parts for _, parts in split.values())
        out["manifest.json"] = dump(self.manifest(hashed, split, len(post_files), version))
        return out

    def manifest(self, dict_files: int, split: dict[str, list[int]], post_files: int,
                 version: str) -> dict[str, Any]:
        return {"format": FORMAT, "version": version, "docs": len(self.records),
                "dict": dict_files, "split": split, "post": post_files, "fields": list(FIELDS),
                "boosts": [BOOSTS[f] for f in FIELDS], "k1": 1.2}

    def _dictionary(self, where: dict[str, int]) -> tuple[list[dict[str, list[int]]], dict[str, list[int]]]:
        by_key: dict[str, list[str]] = defaultdict(list)
        for term in sorted(self.df):
            by_key[dict_key(term)].append(term)
        small = [terms for terms in by_key.values() if _size(terms) <= DICT_BYTES]
        count = max(1, math.ceil(sum(_size(t) for t in small) / DICT_BYTES))
        files: list[dict[str, list[int]]] = [{} for _ in range(count)]
        split: dict[str, list[int]] = {}
        for key, terms in by_key.items():
            if _size(terms) > DICT_BYTES:
                self._split(key, terms, files, split, where)
            else:
                for term in terms:
                    files[fnv1a(key) % count][term] = [self.df[term], where[term]]
        return files, split

    def _split(self, prefix: str, terms: list[str], files: list[dict[str, list[int]]],
               split: dict[str, list[int]], where: dict[str, int]) -> None:
        """The terms of a prefix too many for one file, in files of their own by one more
        character (a longer prefix still too many: split again)."""
        groups: dict[str, list[str]] = defaultdict(list)
        for term in terms:
            groups[term[: len(prefix) + 1]].append(term)
        stay: list[str] = []
        for sub, members in groups.items():
            if len(sub) > len(prefix) and _size(members) > DICT_BYTES:
                self._split(sub, members, files, split, where)
            else:
                stay.extend(members)
        parts = max(1, math.ceil(_size(stay) / DICT_BYTES))
        split[prefix] = [len(files), parts]
        files.extend({} for _ in range(parts))
        for term in stay:
            n = split[prefix][0] + fnv1a(term[: len(prefix) + 1]) % parts
            files[n][term] = [self.df[term], where[term]]

    def _postings(self) -> tuple[list[dict[str, list[int]]], dict[str, int]]:
        """The postings in files of consecutive terms (in sorted order, so that the terms a
        query's piece begins are in one file or a few neighbours), and each term's file."""
        files: list[dict[str, list[int]]] = [{}]
        where: dict[str, int] = {}
        size = 0
        for term in sorted(self.postings):
            postings = _deltas(self.postings[term])
            grows = len(term.encode()) + 4 * len(postings)
            if size and size + grows > POST_BYTES:
                files.append({})
                size = 0
            files[-1][term] = postings
            where[term] = len(files) - 1
            size += grows
        return files, where


def _deltas(flat: list[int]) -> list[int]:
    out: list[int] = []
    last = 0
    for i in range(0, len(flat), 2):
        out.append(flat[i] - last)
        out.append(flat[i + 1])
        last = flat[i]
    return out


def doc_record(record: Record) -> dict[str, Any]:
    """What a result shows of a page (plain text: the worker escapes it)."""
    out: dict[str, Any] = {"location": record.location, "title": record.title, "text": record.snippet}
    if record.tags:
        out["tags"] = list(record.tags)
    return out


def write(site_dir: Path, files: dict[str, bytes]) -> int:
    """Write the index under site/search/ (replacing an older one); returns its bytes."""
    root = site_dir / FOLDER
    for part in PARTS:
        shutil.rmtree(root / part, ignore_errors=True)
        (root / part).mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    return sum(len(d) for d in files.values())

