"""Temporary projects to build: a scale copy of ours, bare Material projects, a Hugo site."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from bench.synthetic import BrandFile
from dangjian.catalog import Catalog
from dangjian.load import load_catalog
from dangjian.model import Brand
from dangjian.settings import load_settings

# Never copied: builds, caches, the package itself (installed), tests and tooling.
_SKIP = {".git", ".venv", "site", "tests", "plugins", "node_modules", "bench", "__pycache__",
         ".pytest_cache", ".ruff_cache", ".ci", "scripts"}

ENTITY_KINDS = ("site", "school", "brand")


def shipped_catalog(root: Path) -> Catalog:
    """The project's own catalog; the benchmark refuses to measure a project with errors."""
    result = load_catalog(load_settings(root))
    if result.catalog is None:
        raise SystemExit(f"the project at {root} does not pass `dangjian check`; fix it first")
    return result.catalog


def entity_pages(catalog: Catalog) -> int:
    """How many entity pages the catalog publishes (sites, schools and brands)."""
    return sum(len(catalog.public(kind)) for kind in ENTITY_KINDS)


def brand_templates(catalog: Catalog) -> list[Brand]:
    return [e.model for e in catalog.public("brand")]  # type: ignore[misc]


def copy_project(root: Path, dest: Path, extra: Iterable[BrandFile] = ()) -> Path:
    """A copy of the project at dest with the extra brand files added under data/brands/."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in root.iterdir():
        if item.name in _SKIP:
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, dest / item.name)
    brands = dest / load_settings(dest).data_dir / "brands"
    for f in extra:
        path = brands / f.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f.text, encoding="utf-8")
    return dest


def material_project(dest: Path, pages: Iterable[tuple[str, str]], *, in_nav: bool) -> Path:
    """Plain Material: only the theme and the search plugin; pages under docs/brands/.

    in_nav=False keeps the pages out of the navigation (`not_in_nav`), as our generated
    pages are; in_nav=True lets MkDocs put every page in the navigation, as a newcomer does.
    """
    docs = dest / "docs"
    (docs / "brands").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 首页\n\n[品牌目录](brands/index.md)\n", encoding="utf-8")
    links = []
    for name, text in pages:
        (docs / "brands" / name).write_text(text, encoding="utf-8")
        links.append(f"- [{name[:-3]}]({name})")
    (docs / "brands" / "index.md").write_text("# 品牌\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    config = ["site_name: 基准", "theme:", "  name: material", "plugins:", "  - search"]
    if not in_nav:
        config += ["nav:", "  - index.md", "  - brands/index.md", "not_in_nav: |", "  /brands/p*.md"]
    (dest / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return dest


HUGO_LAYOUT = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n'
HUGO_LIST = ('{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}'
             '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')


def hugo_project(dest: Path, pages: Iterable[tuple[str, str]]) -> Path:
    """Hugo with a minimal layout on the same pages (titles moved to front matter)."""
    content = dest / "content" / "brands"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in pages:
        title, _, body = text.partition("\n")
        front = 'title: "' + title.removeprefix("# ").replace('"', '\\"') + '"'
        (content / name).write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    (dest / "content" / "_index.md").write_text("---\ntitle: 首页\n---\n", encoding="utf-8")
    layouts = dest / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (dest / "hugo.toml").write_text(
        'baseURL = "http://127.0.0.1/"\nlanguageCode = "zh-cn"\ntitle = "基准"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")
    return dest
