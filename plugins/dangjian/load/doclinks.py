"""Links and anchors in the hand-written pages under docs/, checked where they are written.

The publishing build checks every link of the built site (dangjian.guard.links); this
check finds the same mistakes in the Markdown, at file:line:col, so that `dangjian check`
reports them before any build: a link to a page or file that does not exist (DJ210), or to
a heading anchor that the target page does not have (DJ211). Links to the pages made from
the data (`brands/<id>.md`, `brands/<id>/`, a section's index) count as existing when the
entry is public.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from dangjian.load.diagnostics import Diagnostic, display_path, line_col

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
_CODE = re.compile(r"`[^`\n]+`")
_MD_LINK = re.compile(r"!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{[^}\n]*#([\w\-\u4e00-\u9fff]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
_ORIGIN = "http://site.invalid/"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@lru_cache(maxsize=1)
def _slugify():  # type: ignore[no-untyped-def]
    try:
        from pymdownx.slugs import slugify

        return slugify(case="lower")
    except ImportError:  # pragma: no cover - pymdownx comes with Material
        from markdown.extensions.toc import slugify as plain

        return plain


def _blank(m: re.Match[str]) -> str:
    return "".join(c if c == "\n" else " " for c in m[0])


def _code_free(text: str) -> str:
    """The page with code blocks and inline code blanked (offsets kept): links there are examples."""
    return _CODE.sub(_blank, _FENCE.sub(_blank, text))


def anchors(text: str) -> set[str]:
    """The anchors a Markdown page defines: heading slugs, {#id} attributes, HTML ids."""
    body = _code_free(text)
    slugify = _slugify()
    found: set[str] = set()
    seen: dict[str, int] = {}
    for m in _HEADING.finditer(body):
        title = _ATTR_ID.sub("", m[2]).strip()
        title = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", title)
        slug = slugify(title, "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}_{count}")
    found.update(m[1] for m in _ATTR_ID.finditer(body))
    found.update(m[1] for m in _HTML_ID.finditer(body))
    return found


def _output_url(src: str) -> str:
    """The page address MkDocs gives a docs file (directory URLs): about.md -> about/."""
    if src == "index.md" or src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def check_doc_links(root: Path, docs: Path, generated: Iterable[str],
                    made_files: Iterable[str] = ()) -> list[Diagnostic]:
    """DJ210 / DJ211 for every link of every docs page that points at nothing.

    generated: the source paths of the pages made from the data ("brands/nc-x.md",
    "brands/index.md", ...); made_files: other files the build writes, by their address in
    the site (the news feed, "news/feed.xml")."""
    if not docs.is_dir():
        return []
    pages: dict[str, str] = {}
    files: set[str] = set()
    for path in docs.rglob("*"):
        if path.is_file():
            rel = path.relative_to(docs).as_posix()
            if rel.split("/", 1)[0] == "overrides":
                continue
            files.add(rel)
            if path.suffix.lower() == ".md":
                try:
                    pages[rel] = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue
    made = set(generated)
    files.update(made_files)
    urls = {_output_url(p): p for p in [*pages, *made]}
    found: list[Diagnostic] = []
    anchor_cache: dict[str, set[str]] = {}

    def anchors_of(src: str) -> set[str] | None:
        if src not in pages:
            return None  # a generated page: its anchors are known only once built
        if src not in anchor_cache:
            anchor_cache[src] = anchors(pages[src])
        return anchor_cache[src]

    for src, text in sorted(pages.items()):
        body = _code_free(text)
        front = _FRONT_MATTER.match(body)
        if front:
            body = _blank(front) + body[front.end():]
        folder = posixpath.dirname(src)
        for m in [*_MD_LINK.finditer(body), *_HTML_LINK.finditer(body)]:
            target = m[1]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("//", "mailto:", "tel:")):
                continue
            link, fragment = unquote(parts.path), unquote(parts.fragment)
            problem: tuple[str, str] | None = None
            page: str | None
            if not link:
                page = src
            elif link.endswith(".md"):
                page = posixpath.normpath(posixpath.join(folder, link))
                if page not in pages and page not in made:
                    problem = ("DJ210", f"链接的文档页“{target}”不存在")
            else:
                # a file of docs/, relative to the page's source as MkDocs resolves it, or
                # an address, relative to the page's own address as a browser reads it
                if posixpath.normpath(posixpath.join(folder, link)) in files:
                    continue
                address = unquote(urlsplit(urljoin(_ORIGIN + _output_url(src), parts.path)).path)[1:]
                page = urls.get(address) or urls.get(address + "/")
                if page is None and address not in files:
                    problem = ("DJ210", f"链接的页面或文件“{target}”不存在")
                if page is None:
                    fragment = ""
            if problem is None and fragment and page is not None:
                known = anchors_of(page)
                if known is not None and fragment not in known and fragment.lower() not in known:
                    problem = ("DJ211", f"链接的锚点“#{fragment}”在“{page}”中不存在")
            if problem is not None:
                line, col = line_col(text, m.start(1))
                found.append(Diagnostic(display_path(docs / src, root), line, col, problem[0], problem[1]))
    return found


def linked_sources(docs: Path) -> set[str]:
    """The Markdown sources ("brands/nc-x.md") that the docs pages link to by their .md path.

    MkDocs turns such a link into the target page's address only when the target is a
    documentation page of the build: the preview's page cache (mkdocs/previewcache.py) keeps
    these pages as pages. Links in code are examples and name nothing.
    """
    found: set[str] = set()
    if not docs.is_dir():
        return found
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs).as_posix()
        if rel.split("/", 1)[0] == "overrides" or not path.is_file():
            continue
        try:
            body = _code_free(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue
        folder = posixpath.dirname(rel)
        for m in [*_MD_LINK.finditer(body), *_HTML_LINK.finditer(body)]:
            parts = urlsplit(m[1])
            link = unquote(parts.path)
            if parts.scheme or parts.netloc or not link.endswith(".md"):
                continue
            found.add(posixpath.normpath(posixpath.join(folder, link)))
    return found
