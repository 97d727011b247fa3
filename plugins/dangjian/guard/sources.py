"""Where a text found on the site came from: the project's YAML data and hand-written pages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dangjian.guard.personal import find_personal

SOURCE_SUFFIXES = (".yml", ".yaml", ".md", ".geojson", ".json", ".csv")


@dataclass
class SourceIndex:
    """The text of every source file, to name the file and line a published text comes from.

    The files are read only when a first text has to be located: a clean build never reads them.
    """

    root: Path
    folders: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    _texts: dict[str, str] | None = None
    _personal: dict[str, list[str]] | None = None
    _located: dict[tuple[str, str | None], str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, folders: list[Path], files: list[Path]) -> SourceIndex:
        return cls(root, list(folders), list(files))

    def _paths(self) -> list[Path]:
        paths = [p for folder in self.folders if folder.is_dir() for p in folder.rglob("*")
                 if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES]
        paths += [p for p in self.files if p.is_file()]
        return sorted(set(paths))

    @property
    def texts(self) -> dict[str, str]:
        if self._texts is None:
            self._texts = {}
            for path in self._paths():
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                self._texts[_rel(path, self.root)] = unicodedata.normalize("NFKC", text)
        return self._texts

    def locate(self, needle: str, prefer: str | None = None) -> str | None:
        """`file:line` of the first source containing needle (prefer's file first)."""
        key = (needle, prefer)
        if key not in self._located:
            self._located[key] = self._locate(needle, prefer)
        return self._located[key]

    def _locate(self, needle: str, prefer: str | None) -> str | None:
        texts = self.texts
        order = sorted(texts, key=lambda rel: rel != prefer)
        for rel in order:
            at = texts[rel].find(needle)
            if at >= 0:
                return f"{rel}:{texts[rel].count(chr(10), 0, at) + 1}"
        return prefer

    def locate_personal(self, canonical: str) -> str | None:
        """`file:line` of the source that holds this phone or ID number, in any spelling."""
        if self._personal is None:
            self._personal = {}
            for rel, text in self.texts.items():
                for m in find_personal(text):
                    line = text.count("\n", 0, m.start) + 1
                    self._personal.setdefault(m.canonical, []).append(f"{rel}:{line}")
        places = self._personal.get(canonical)
        return places[0] if places else None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
