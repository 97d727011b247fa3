"""The JSON files the directory's script reads: the facets and the brands in chunks.

`facets.json` holds every facet value with its count and its brands as runs of positions
in the directory's order ([start, end) pairs, flattened); its size grows with the number
of facet values, not of brands. `rows-N.json` holds CHUNK_SIZE brands each, in the same
order, as [id, name, org, field, town, level] with the facets as indexes into their
values. A filtered view fetches only the chunks its page needs; a text query reads the
chunks its facets leave in play. Only public brands are ever written (BrandDirectory).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from dangjian.directory.listing import FACET_NAMES, BrandDirectory
from dangjian.model import PROGRAMMES

CHUNK_SIZE = 500
DATA_FOLDER = "directory"
"""Under the package's asset prefix: assets/dangjian/directory/."""


@dataclass(frozen=True)
class DirectoryData:
    """The JSON files by name (under DATA_FOLDER) and the version the page asks for."""

    files: dict[str, bytes]
    version: str


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def runs(positions: Iterable[int]) -> list[int]:
    """Sorted positions as flattened [start, end) runs: 3 4 5 9 -> [3, 6, 9, 10]."""
    out: list[int] = []
    for p in positions:
        if out and out[-1] == p:
            out[-1] = p + 1
        else:
            out += [p, p + 1]
    return out


def directory_data(directory: BrandDirectory, chunk_size: int = CHUNK_SIZE) -> DirectoryData:
    index = {f.name: {v: i for i, v in enumerate(f.values)} for f in directory.facets}
    positions: dict[str, list[list[int]]] = {f.name: [[] for _ in f.values] for f in directory.facets}
    rows: list[list[object]] = []
    for at, entry in enumerate(directory.entries):
        m = entry.model
        codes = [index[name][getattr(m, name)] for name in FACET_NAMES]
        for name, code in zip(FACET_NAMES, codes, strict=True):
            positions[name][code].append(at)
        rows.append([entry.id, entry.name, m.org, *codes])  # type: ignore[attr-defined]
    files = {
        f"rows-{n}.json": _json(rows[start:start + chunk_size])
        for n, start in enumerate(range(0, len(rows), chunk_size))
    }
    facets = [
        {"name": f.name, "values": list(f.values), "counts": list(f.counts),
         "runs": [runs(p) for p in positions[f.name]]}
        for f in directory.facets
    ]
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    digest.update(_json(facets))
    version = digest.hexdigest()[:12]
    files["facets.json"] = _json({
        "version": version, "total": directory.total, "pageSize": directory.page_size,
        "chunkSize": chunk_size, "chunks": len(files), "facets": facets,
        "programmes": {f: PROGRAMMES[f] for f in directory.facet("field").values},
    })
    return DirectoryData(files, version)
