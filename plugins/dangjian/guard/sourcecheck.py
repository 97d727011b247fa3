"""Checks of the sources, where file, line and column exist: data files and docs/ pages.

Every string that would be published (public entities, fields not marked internal) and every
Markdown page under docs/ (front matter included) is searched, in the shared plain form
(dangjian.textnorm), for personal data, sensitive border content, coordinates in prose and,
in docs pages, the names and ids of internal entities. Each finding is a Diagnostic at the
source's line and column, so `dangjian check` shows it before anything is built, and the
build refuses to start with it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dangjian.catalog import SECTIONS, Catalog
from dangjian.guard.border import SECURITY_WORDS, BorderRules
from dangjian.guard.imagemeta import docs_pictures
from dangjian.guard.personal import find_personal_folded, phone_digits
from dangjian.guard.visibility import NeedleFinder, is_internal_field, needles
from dangjian.load.diagnostics import Diagnostic, display_path, line_col
from dangjian.load.doclinks import check_doc_links
from dangjian.load.posts import blog_layout, check_posts
from dangjian.model import KINDS
from dangjian.settings import Settings, SettingsError, config_file, plugin_options
from dangjian.textnorm import fold

DEFAULT_SENSITIVE_TERMS: tuple[str, ...] = (
    "执勤点坐标", "执勤点位置图", "执勤点分布图", "执勤哨位", "执勤排班", "执勤时间表",
    "巡逻路线", "巡逻路线图", "巡逻时间表", "巡逻排班", "巡逻班次", "巡边路线",
    "潜伏蹲守点位", "蹲守点位", "蹲守位置", "布控点位", "护边员名单", "护边员花名册",
    "护边员联系方式", "边防部署", "警力部署",
)
"""Phrases that only a text about duty-point positions or patrol arrangements would use."""

_APART = "\n\n。\n\n"
_SKIPPED_FIELDS = frozenset({"location", "id", "visibility", "track"})
_SKIPPED_IMAGE_FIELDS = frozenset({"src"})  # a file name, never published: the alt and caption are


@dataclass(frozen=True)
class SourceOptions:
    """What the source checks search for (from the `dangjian/guard` options in mkdocs.yml)."""

    allow_phones: frozenset[str] = frozenset()
    rules: BorderRules = field(default_factory=lambda: BorderRules(SECURITY_WORDS, DEFAULT_SENSITIVE_TERMS))

    @classmethod
    def from_config(cls, guard: Mapping[str, Any]) -> SourceOptions:
        terms = tuple(guard.get("sensitive_terms") or DEFAULT_SENSITIVE_TERMS)
        words = SECURITY_WORDS + tuple(guard.get("border_words") or ())
        return cls(
            allow_phones=frozenset(phone_digits(str(p)) for p in guard.get("allow_phones") or ()),
            rules=BorderRules(words, terms),
        )


def project_options(root: Path) -> SourceOptions:
    """The source-check options of the project at root: `dangjian/guard` in its mkdocs.yml."""
    file = config_file(root)
    try:
        guard = plugin_options(file, "dangjian/guard") if file is not None else {}
    except SettingsError:
        guard = {}  # `dangjian check` and MkDocs report a broken configuration themselves
    return SourceOptions.from_config(guard)


@dataclass(frozen=True)
class _Hit:
    code: str
    what: str
    shown: str
    start: int  # in the source string
    end: int


def text_hits(text: str, options: SourceOptions, known: Iterable[tuple[float, float]] = (),
              internal: NeedleFinder | None = None) -> list[_Hit]:
    """Everything in one source text that must not be published, at its offsets in text."""
    folded = fold(text)
    hits = [_Hit(p.code, p.what, p.masked, p.start, p.end)
            for p in find_personal_folded(folded, options.allow_phones)]
    for b in options.rules.find(folded, known):
        hits.append(_Hit(b.code, b.what, _short(b.text), b.start, b.end))
    for start, end, needle in internal.find(folded.text) if internal is not None else ():
        first, last = folded.source_span(start, end)
        hits.append(_Hit(needle.code, needle.what, _short(folded.text[start:end]), first, last))
    unique: dict[tuple[str, int], _Hit] = {}
    for hit in hits:  # a phrase both configured and found by the rules is one finding
        unique.setdefault((hit.code, hit.start), hit)
    return list(unique.values())


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


def _position(raw: str, line: int, col: int, fragment: str) -> tuple[int, int]:
    """The line and column of fragment in the file, searched from where its scalar starts."""
    lines = raw.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
    at = raw.find(fragment, max(offset, 0)) if fragment else -1
    if at < 0:
        return line, col
    return line_col(raw, at)


def _published_strings(kind: str, value: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    model = KINDS[kind]
    if not isinstance(value, dict):
        return
    if value.get("visibility") != "public":
        return  # never published: an internal entry may hold its contact's number
    for key, item in value.items():
        if key == "images" and isinstance(item, list):
            for i, image in enumerate(item):
                if isinstance(image, dict):
                    for name, text in image.items():
                        if name not in _SKIPPED_IMAGE_FIELDS:
                            yield from _walk(text, (key, i, name))
        elif isinstance(key, str) and key not in _SKIPPED_FIELDS and not _internal(model, key):
            yield from _walk(item, (key,))


@lru_cache(maxsize=512)
def _internal(model: type, key: str) -> bool:
    return is_internal_field(model, key)  # type: ignore[arg-type]


def _location(value: Any) -> list[tuple[float, float]]:
    loc = value.get("location") if isinstance(value, dict) else None
    if isinstance(loc, dict):
        try:
            return [(float(loc["lat"]), float(loc["lon"]))]
        except (KeyError, TypeError, ValueError):
            return []
    return []


_data_findings: dict[str, tuple[Any, SourceOptions, list[Diagnostic]]] = {}
"""Each data file's findings, kept while the loader keeps the file's result (it does until the
file changes: load/loader.py) and the options are the same, so that a rebuild of the preview
checks again only the files that changed. The result itself is kept, so its id is never
another's."""


def check_data(files: Mapping[str, Any], root: Path, options: SourceOptions) -> list[Diagnostic]:
    """Findings in the published strings of every data file (files: display path -> FileResult)."""
    found: list[Diagnostic] = []
    for rel, loaded in files.items():
        known = _data_findings.get(rel)
        if known is not None and known[0] is loaded and known[1] == options:
            found += known[2]
            continue
        mine = _file_findings(rel, loaded, options)
        _data_findings[rel] = (loaded, options, mine)
        found += mine
    for rel in [r for r in _data_findings if r not in files]:
        del _data_findings[rel]  # a deleted file, or another project's
    return found


def _file_findings(rel: str, loaded: Any, options: SourceOptions) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    parsed = loaded.parsed
    strings = list(_published_strings(loaded.kind, parsed.value))
    if not strings:
        return found
    # one text a file, its strings apart by a paragraph and a full stop, which neither
    # a number nor a border phrase spans; each hit is taken back to its string
    starts, offset = [], 0
    for _, text in strings:
        starts.append(offset)
        offset += len(text) + len(_APART)
    joined = _APART.join(text for _, text in strings)
    raw: str | None = None
    for hit in text_hits(joined, options, _location(parsed.value)):
        k = bisect.bisect_right(starts, hit.start) - 1
        path, text = strings[k]
        start, end = hit.start - starts[k], min(hit.end - starts[k], len(text))
        if raw is None:
            raw = loaded.path.read_text(encoding="utf-8-sig", errors="replace")
        line, col = parsed.where(path)
        line, col = _position(raw, line, col, text[start:end])
        found.append(_diagnostic(rel, line, col, hit))
    return found


def docs_pages(docs: Path) -> list[Path]:
    """Every Markdown page under the docs folder (theme overrides are templates, not pages)."""
    if not docs.is_dir():
        return []
    return sorted(p for p in docs.rglob("*") if p.suffix.lower() in (".md", ".markdown")
                  and p.is_file() and "overrides" not in p.relative_to(docs).parts[:1])


def check_docs(root: Path, docs: Path, options: SourceOptions, catalog: Catalog | None,
               public_extra: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Findings in every docs/ page, front matter included: personal data, border content,
    coordinates in prose, and (with a catalog) what only internal entries and fields say."""
    internal: NeedleFinder | None = None
    known: list[tuple[float, float]] = []
    if catalog is not None:
        internal = NeedleFinder(needles(catalog, public_extra))
        for entry in catalog.all():
            loc = entry.location
            if entry.public and loc is not None:
                known.append((loc.lat, loc.lon))
    found: list[Diagnostic] = []
    for path in docs_pages(docs):
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a page it cannot read
        rel = display_path(path, root)
        for hit in text_hits(raw, options, known, internal):
            line, col = line_col(raw, hit.start)
            found.append(_diagnostic(rel, line, col, hit))
    return found


def _diagnostic(rel: str, line: int, col: int, hit: _Hit) -> Diagnostic:
    return Diagnostic(rel, line, col, hit.code, f"发现{hit.what}“{hit.shown}”，不得发布")


def check_sources(settings: Settings, files: Mapping[str, Any], catalog: Catalog | None) -> list[Diagnostic]:
    """Every source finding of a project: its data files and its docs pages (their text, and
    with a catalog their links and anchors), and the metadata of the pictures under docs/."""
    options = project_options(settings.root)
    found = check_data(files, settings.root, options)
    found += check_docs(settings.root, settings.docs_path, options, catalog)
    found += docs_pictures(settings.root, settings.docs_path)
    found += check_posts(settings, catalog)  # the news posts' front matter and related ids
    if catalog is not None:
        layout = blog_layout(settings.root)
        feed = [f"{layout.blog_dir}/feed.xml"] if layout is not None else []  # render/feed.py
        found += check_doc_links(settings.root, settings.docs_path, generated_pages(catalog), feed)
    return found


def generated_pages(catalog: Catalog) -> list[str]:
    """The source paths of the pages the plugins make (as MkDocs names them)."""
    from dangjian.planner.page import PAGE_SRC

    pages = [f"{section}/index.md" for section in SECTIONS.values()] + [PAGE_SRC]
    pages += [f"{SECTIONS[e.kind]}/{e.id}.md" for e in catalog.all() if e.public]
    return pages


__all__ = ["DEFAULT_SENSITIVE_TERMS", "SourceOptions", "check_data", "check_docs", "check_sources",
           "project_options", "text_hits"]
