"""Load every data file of a project, then check ids and references across all of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from dangjian.catalog import Catalog, Entry, fold_id
from dangjian.load.crossref import check_catalog
from dangjian.load.diagnostics import Diagnostic, display_path, forget_resolved
from dangjian.load.paths import docs_outside, name_problems, scan_yaml
from dangjian.load.validate import validate
from dangjian.load.yamlsource import Parsed, Problem, decode, parse
from dangjian.model import KINDS
from dangjian.settings import Settings

KIND_DIRS: dict[str, tuple[str, str]] = {
    # kind: (which settings folder, sub-folder)
    "site": ("data", "sites"),
    "school": ("data", "schools"),
    "brand": ("data", "brands"),
    "route": ("routes", ""),
}


@dataclass(frozen=True)
class FileResult:
    """One file read and validated: its entity (if valid), where things are, its problems."""

    kind: str
    path: Path
    parsed: Parsed
    model: BaseModel | None
    problems: tuple[Problem, ...]


@dataclass
class LoadResult:
    """The catalog when everything is clean, and every diagnostic otherwise."""

    catalog: Catalog | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, FileResult] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.catalog is not None


# Parsed files by (path, mtime, size): a rebuild re-reads only what changed.
_cache: dict[Path, tuple[tuple[int, int], FileResult]] = {}


def kind_folder(settings: Settings, kind: str) -> Path:
    base, sub = KIND_DIRS[kind]
    folder = settings.data_path if base == "data" else settings.routes_path
    return folder / sub if sub else folder


def data_files(settings: Settings, kind: str) -> list[Path]:
    """Every YAML file of one kind (.yml or .yaml, any case), at any depth, in a stable
    order; a link to a file outside the project is never among them."""
    return scan_yaml(kind_folder(settings, kind), settings.root)[0]


def load_file(path: Path, kind: str) -> FileResult:
    """Read, parse and validate one file; cached until the file changes."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    text, problem = decode(path.read_bytes())
    if text is None:
        result = FileResult(kind, path, Parsed(), None, (problem,) if problem else ())
    else:
        parsed = parse(text)
        model = None
        problems = list(parsed.problems)
        if parsed.value is not None:
            # validate even when reading found problems, so every problem shows in one run
            valid, invalid = validate(parsed, KINDS[kind])
            model = None if problems else valid
            # a value already reported by the reader is not reported again by the model
            seen = {(p.line, p.col) for p in problems}
            problems.extend(p for p in invalid if (p.line, p.col) not in seen or p.code == "DJ102")
        result = FileResult(kind, path, parsed, model, tuple(problems))
    _cache[path] = (stamp, result)
    return result


def load_catalog(settings: Settings) -> LoadResult:
    """Every file parsed and validated, then ids and references checked across all."""
    result = LoadResult(catalog=None)
    entries: dict[str, list[Entry[BaseModel]]] = {kind: [] for kind in KINDS}
    root = settings.root
    forget_resolved()
    result.diagnostics.extend(docs_outside(settings.docs_path, root))
    for kind in KINDS:
        folder = kind_folder(settings, kind)
        paths, outside = scan_yaml(folder, root)
        result.diagnostics.extend(outside)
        result.diagnostics.extend(name_problems(folder, paths, root))
        for path in paths:
            rel = display_path(path, root)
            loaded = load_file(path, kind)
            result.files[rel] = loaded
            result.diagnostics.extend(
                Diagnostic(rel, p.line, p.col, p.code, p.message, p.hint) for p in loaded.problems
            )
            if loaded.model is not None:
                entries[kind].append(Entry(kind, loaded.model, path, rel))
    result.diagnostics.extend(check_catalog(settings, entries, result.files))
    catalog = Catalog(
        settings=settings,
        sites=entries["site"],  # type: ignore[arg-type]
        schools=entries["school"],  # type: ignore[arg-type]
        brands=entries["brand"],  # type: ignore[arg-type]
        routes=entries["route"],  # type: ignore[arg-type]
    )
    # what must never be published, found in the sources (data strings, docs pages); the
    # guard imports the loader's diagnostics, so it is imported here, not at the top
    from dangjian.guard.sourcecheck import check_sources

    clean = catalog if not result.diagnostics else None
    result.diagnostics.extend(check_sources(settings, result.files, clean))
    if not result.diagnostics:
        result.catalog = catalog
    result.diagnostics.sort()
    return result


__all__ = ["FileResult", "LoadResult", "data_files", "fold_id", "load_catalog", "load_file"]
