"""The text files written under site/, read the way a scanner needs them."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TEXT_SUFFIXES: frozenset[str] = frozenset({
    ".html", ".htm", ".xml", ".json", ".js", ".mjs", ".txt", ".geojson", ".gpx", ".kml",
    ".ics", ".svg", ".css", ".csv", ".md", ".yml", ".yaml", ".webmanifest", ".map", ".tsv",
})
BINARY_SUFFIXES: frozenset[str] = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf",
    ".otf", ".eot", ".pdf", ".zip", ".mp4", ".webm", ".mp3", ".wasm",
})


@dataclass(frozen=True)
class SiteFile:
    """One text file of the site: its path relative to site/ and its decoded text."""

    rel: str
    suffix: str
    text: str

    @property
    def is_html(self) -> bool:
        return self.suffix in (".html", ".htm")


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def site_file(rel: str, data: bytes, shipped: frozenset[str] = frozenset(),
              decoded: str | None = None) -> SiteFile | None:
    """The text of one file written under site/, None when there is nothing to scan in it.

    Files byte-identical to a file the theme or this package ships (shipped: their SHA-256,
    see shipped_digests) are left out: they were written before any project data existed.
    decoded: data decoded as UTF-8 already (the caller's, so that the text is one string).
    """
    suffix = PurePosixPath(rel).suffix.lower()
    if shipped and _may_be_shipped(len(data), shipped) and hashlib.sha256(data).hexdigest() in shipped:
        return None
    compressed = suffix == ".gz"
    if compressed:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
        suffix = PurePosixPath(PurePosixPath(rel).stem).suffix.lower()
    if suffix in BINARY_SUFFIXES:
        return None
    if decoded is not None and not compressed and b"\x00" not in data[:4096]:
        text: str | None = decoded
    else:
        text = _decode(data)
    if text is None:
        if suffix in TEXT_SUFFIXES:
            text = data.decode("utf-8", errors="replace")
        else:
            return None
    return SiteFile(rel, suffix, text)


def site_files(site_dir: Path, shipped: frozenset[str] = frozenset()) -> Iterator[SiteFile]:
    """Every text file under site_dir (gzip files are decompressed), sorted by path."""
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        file = site_file(path.relative_to(site_dir).as_posix(), path.read_bytes(), shipped)
        if file is not None:
            yield file


_SIZE = "size:"


def shipped_digests(folders: list[Path]) -> frozenset[str]:
    """SHA-256 of every file in folders: theme and vendored files that carry no project data.

    The set also holds "size:<bytes>" of each file, so that a file of another size is not
    hashed at all (a page is never the size of a theme file, most of the time)."""
    digests = set()
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    digests.add(hashlib.sha256(data).hexdigest())
                    digests.add(f"{_SIZE}{len(data)}")
    return frozenset(digests)


def _may_be_shipped(size: int, shipped: frozenset[str]) -> bool:
    # a set without sizes leaves every file in the scan: scanning more is the safe side
    return f"{_SIZE}{size}" in shipped
