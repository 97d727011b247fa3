"""Every internal link and anchor in the generated HTML points at something that exists."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from html import escape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from dangjian.load.diagnostics import CODES

LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
    "source": ("src",), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "form": ("action",),
}
_SKIP_REL = frozenset({"preconnect", "dns-prefetch"})
_ORIGIN = "http://site.invalid"
_NOT_A_PAGE = ("mailto:", "tel:", "sms:", "javascript:", "data:")  # unsafe ones are reported by the scan
PAGE_PATTERN = "*.htm*"
# A relative link that urljoin would treat as plain path segments: no scheme, host, parameters
# (;) or characters it strips. Anything else is resolved by urljoin itself.
_PLAIN_URL = re.compile(r"(?!//)[^\x00-\x20:;]*")
_PLAIN_BASE = re.compile(r"/[^\x00-\x20;?#]*")
_MEMO_SIZE = 1 << 16


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link in one page whose target page, file or anchor does not exist."""

    output: str
    line: int
    code: str
    href: str
    source: str | None = field(default=None, compare=False)  # the page's source file

    def format(self) -> str:
        what = ("链接的页面或文件不存在" if self.code == "DJ210"
                else "链接的锚点（#后面的部分）在目标页面中不存在")
        hint = CODES[self.code][1]
        page = f"site/{self.output}:{self.line}" if self.line else f"site/{self.output}"
        where = f"{self.source}（生成 {page}）" if self.source else page
        return f"{where}: {self.code} {what}：{self.href}\n    提示：{hint}"


def is_page(rel: str) -> bool:
    """True for the files whose links are checked (what `rglob("*.htm*")` finds)."""
    return fnmatchcase(rel.rsplit("/", 1)[-1], PAGE_PATTERN)


def element_links(name: str, attrs: dict[str, str | None]) -> list[str]:
    """The URLs one element links to that may point into the site."""
    found: list[str] = []
    if name == "link" and _SKIP_REL & set((attrs.get("rel") or "").split()):
        return found
    for attr in LINK_ATTRS.get(name, ()):
        url = (attrs.get(attr) or "").strip()
        if url and url != "#" and not url.startswith(_NOT_A_PAGE):
            found.append(url)
    return found


def _merge(bpath: str, path: str) -> str:
    """urljoin's path resolution (RFC 3986 dot segments) for a non-empty relative path."""
    if path[:1] == "/":
        segments = path.split("/")
    else:
        base_parts = bpath.split("/")
        if base_parts[-1] != "":
            del base_parts[-1]
        segments = base_parts + path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for seg in segments:
        if seg == "..":
            if resolved:
                resolved.pop()
        elif seg != ".":
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved) or "/"
    return joined if joined[:1] == "/" else "/" + joined


@dataclass(frozen=True)
class PageLinks:
    """What the link check needs of one page: its anchors and its internal links.

    Each link is (line or 0, url as written, target, fragment, maybe_dir): target is the file
    relative to site/ (or "\\0" + path for a path outside the site's base), maybe_dir is
    True when target may name a folder, which only the written files can tell.
    """

    ids: frozenset[str]
    links: tuple[tuple[int, str, str, str, bool], ...]


def site_path(site_url: str) -> str:
    """The path the site is served under, ending in /: "/" or "/dangjian/"."""
    path = urlsplit(site_url or "").path
    return path if path.endswith("/") else (path or "") + "/"


class LinkResolver:
    """Resolves links the way a browser does, with string operations only (no file system)."""

    def __init__(self, site_url: str = "") -> None:
        parts = urlsplit(site_url or "")
        self.site_prefix = (parts.scheme + "://" + parts.netloc) if parts.netloc else ""
        self.base_path = site_path(site_url)
        # (folder, url) -> target of links whose target depends only on the page's folder
        self._by_folder: dict[tuple[str, str], tuple[str, str, bool] | None] = {}

    def resolve(self, page_rel: str, url: str) -> tuple[str, str, bool] | None:
        """(target, fragment, maybe_dir) of an internal link, None for an outside one."""
        if _PLAIN_URL.fullmatch(url):
            # no scheme and no host: resolved with string operations, exactly as urljoin does
            before, _, raw_fragment = url.partition("#")
            bpath = self.base_path + page_rel
            if _PLAIN_BASE.fullmatch(bpath):
                path_part = before.split("?", 1)[0]
                path = _merge(bpath, path_part) if path_part else bpath
            else:
                path = urlsplit(urljoin(_ORIGIN + bpath, url)).path
        else:
            parts = urlsplit(url)
            raw_fragment = parts.fragment
            if parts.scheme or parts.netloc:
                if not self.site_prefix or not url.startswith(self.site_prefix + self.base_path):
                    return None
                path = parts.path
            else:
                path = urlsplit(urljoin(_ORIGIN + self.base_path + page_rel, url)).path
        if not path.startswith(self.base_path):
            return ("\0" + path, raw_fragment, False)
        rel = unquote(path[len(self.base_path):])
        if rel == "" or rel.endswith("/"):
            return rel + "index.html", unquote(raw_fragment), False
        return rel, unquote(raw_fragment), True

    def _folder_only(self, url: str) -> bool:
        """True when url resolves the same from every page of a folder whose path is plain:
        a relative path (not only a fragment or query), which replaces the page's file name."""
        return bool(_PLAIN_URL.fullmatch(url)) and bool(url.partition("#")[0].split("?", 1)[0])

    def page_links(self, rel: str, ids: frozenset[str], urls: list[str], html: str = "") -> PageLinks:
        """The anchors and internal links of one page, from the links its parse found.

        The theme's links are the same on every page of a folder: each is resolved once
        per folder."""
        links = []
        cursor, line = 0, 1
        memo = self._by_folder if _PLAIN_BASE.fullmatch(self.base_path + rel) else None
        folder = rel[: rel.rfind("/") + 1]
        for url in urls:
            if memo is None:
                target = self.resolve(rel, url)
            elif (folder, url) in memo:
                target = memo[folder, url]
            else:
                target = self.resolve(rel, url)
                if self._folder_only(url):
                    if len(memo) >= _MEMO_SIZE:
                        memo.clear()
                    memo[folder, url] = target
            if target is None:
                continue
            # the line, for the report: where the URL is written, searched on from the last one
            at = html.find(url, cursor) if html else -1
            if at < 0 and html:
                at = html.find(escape(url), cursor)
            if at >= 0:
                line += html.count("\n", cursor, at)
                cursor = at
            links.append((line if at >= 0 else 0, url, *target))
        return PageLinks(ids, tuple(links))


class LinkChecker:
    """Checks links against the files actually written under site/.

    Pages are added one by one (each parsed once, or resolved elsewhere as PageLinks);
    anchors into pages not yet added are checked when all pages are in.
    """

    def __init__(self, site_dir: Path, site_url: str = "", files: set[str] | None = None,
                 dirs: set[str] | None = None) -> None:
        self.site_dir = site_dir
        self.resolver = LinkResolver(site_url)
        if files is None or dirs is None:
            files, dirs = walk(site_dir)
        self._files = files
        self._dirs = dirs
        self._ids: dict[str, frozenset[str]] = {}
        self._pending: list[tuple[str, int, str, str, str]] = []
        self.broken: list[BrokenLink] = []

    def _is_file(self, rel: str) -> bool:
        if rel in self._files:
            return True
        return rel not in self._dirs and (self.site_dir / rel).is_file()

    def _is_dir(self, rel: str) -> bool:
        if rel in self._dirs:
            return True
        return rel not in self._files and (self.site_dir / rel).is_dir()

    def _ids_of(self, rel: str) -> frozenset[str]:
        if rel not in self._ids:
            text = (self.site_dir / rel).read_text(encoding="utf-8", errors="replace")
            self._ids[rel] = page_anchors(LexborHTMLParser(text))
        return self._ids[rel]

    def _target(self, page_rel: str, url: str) -> tuple[str, str] | None:
        """(file relative to site/, fragment) of an internal link, None for an outside one."""
        resolved = self.resolver.resolve(page_rel, url)
        if resolved is None:
            return None
        path, fragment, maybe_dir = resolved
        return (path + "/index.html" if maybe_dir and self._is_dir(path) else path), fragment

    def add_links(self, rel: str, page: PageLinks) -> None:
        """Check the links of one page, resolved by LinkResolver.page_links."""
        self._ids[rel] = page.ids
        for line, url, path, fragment, maybe_dir in page.links:
            if maybe_dir and self._is_dir(path):
                path += "/index.html"
            if path.startswith("\0") or not self._is_file(path):
                self.broken.append(BrokenLink(rel, line, "DJ210", url))
            elif fragment and path.endswith((".html", ".htm")):
                if path in self._ids:
                    if fragment not in self._ids[path]:
                        self.broken.append(BrokenLink(rel, line, "DJ211", url))
                else:
                    self._pending.append((rel, line, url, path, fragment))

    def finish(self) -> list[BrokenLink]:
        """Every broken link of the pages added, sorted."""
        for rel, line, url, path, fragment in self._pending:
            if fragment not in self._ids_of(path):
                self.broken.append(BrokenLink(rel, line, "DJ211", url))
        self._pending = []
        return sorted(self.broken)


def page_anchors(tree: LexborHTMLParser) -> frozenset[str]:
    """The anchors a page defines: id attributes and <a name>."""
    ids = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    ids |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    ids.discard("")
    return frozenset(ids)


def walk(site_dir: Path) -> tuple[set[str], set[str]]:
    """(files, folders) under site_dir, as paths relative to it: what os.walk finds (links
    to folders are listed, not followed), with each path built once from its folder's."""
    files: set[str] = set()
    dirs: set[str] = set()
    stack = [("", str(site_dir))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                rel = prefix + entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    files.add(rel)
                    continue
                dirs.add(rel)
                try:
                    linked = entry.is_symlink()
                except OSError:
                    linked = False
                if not linked:
                    stack.append((rel + "/", entry.path))
    return files, dirs


def parsed_links(tree: LexborHTMLParser) -> list[str]:
    """Every URL in a parsed page that may point into the site."""
    return [url for node in tree.css("[href], [src], [action], [poster]")
            for url in element_links(node.tag or "", dict(node.attributes))]


def links_of_page(resolver: LinkResolver, rel: str, data: bytes,
                  parsed: tuple[frozenset[str], list[str]] | None = None) -> PageLinks:
    """One page's anchors and resolved links, from its bytes and, when the verifier parsed
    it, the anchors and URLs that parse found (a page the theme ships is parsed here)."""
    html = data.decode("utf-8", errors="replace")  # the text each link's line is counted in
    if parsed is None:
        tree = LexborHTMLParser(html)
        parsed = (page_anchors(tree), parsed_links(tree))
    return resolver.page_links(rel, parsed[0], parsed[1], html)


def check_links(site_dir: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal link or anchor in every HTML file under site_dir."""
    files, dirs = walk(site_dir)
    checker = LinkChecker(site_dir, site_url, files, dirs)
    for rel in sorted(files):
        if is_page(rel):
            html = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
            tree = LexborHTMLParser(html)
            found = checker.resolver.page_links(rel, page_anchors(tree), parsed_links(tree), html)
            checker.add_links(rel, found)
    return checker.finish()
