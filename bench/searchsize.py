"""What a built site's search index weighs: every file under search/ (Material's index of the
hand-written pages, and the sharded index of the generated ones), raw and gzipped one by one
as a web server sends them, and the largest single file a query may have to fetch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.measure import gzip_bytes


@dataclass(frozen=True)
class IndexSizes:
    files: int
    bytes: int
    gzip: int
    largest: str
    largest_gzip: int
    material: int  # Material's search_index.json
    material_gzip: int


def index_sizes(site: Path) -> IndexSizes:
    folder = site / "search"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    packed = {p: gzip_bytes(p.read_bytes()) for p in files}
    largest = max(packed, key=lambda p: packed[p], default=None)
    material = folder / "search_index.json"
    raw = material.read_bytes() if material.is_file() else b""
    return IndexSizes(
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        gzip=sum(packed.values()),
        largest=largest.relative_to(site).as_posix() if largest else "",
        largest_gzip=packed[largest] if largest else 0,
        material=len(raw),
        material_gzip=gzip_bytes(raw) if raw else 0,
    )
