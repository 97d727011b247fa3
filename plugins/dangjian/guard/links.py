"""Every internal link and anchor in the generated HTML points at something that exists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from dangjian.guard.markup import tags
from dangjian.load.diagnostics import CODES

_LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
    "source": ("src",), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "form": ("action",),
}
_SKIP_REL = frozenset({"preconnect", "dns-prefetch"})
_ORIGIN = "http://site.invalid"
_NOT_A_PAGE = ("mailto:", "tel:", "sms:", "javascript:", "data:")  # unsafe ones are reported by the scan


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link in one page whose target page, file or anchor does not exist."""

    output: str
    line: int
    code: str
    href: str

    def format(self) -> str:
        what = ("链接的页面或文件不存在" if self.code == "DJ210"
                else "链接的锚点（#后面的部分）在目标页面中不存在")
        hint = CODES[self.code][1]
        return f"site/{self.output}:{self.line}: {self.code} {what}：{self.href}\n    提示：{hint}"


class LinkChecker:
    """Resolves links the way a browser does, against the files actually written under site/."""

    def __init__(self, site_dir: Path, site_url: str = "") -> None:
        self.site_dir = site_dir
        parts = urlsplit(site_url or "")
        self.site_prefix = (parts.scheme + "://" + parts.netloc) if parts.netloc else ""
        self.base_path = parts.path if parts.path.endswith("/") else (parts.path or "") + "/"
        self._ids: dict[str, frozenset[str]] = {}
        self._html: dict[str, str] = {}

    def _text(self, rel: str) -> str:
        if rel not in self._html:
            self._html[rel] = (self.site_dir / rel).read_text(encoding="utf-8", errors="replace")
        return self._html[rel]

    def ids(self, rel: str) -> frozenset[str]:
        """The anchors a page defines: id attributes and <a name>."""
        if rel not in self._ids:
            found = set()
            for _, name, attrs in tags(self._text(rel)):
                if "id" in attrs:
                    found.add(attrs["id"])
                if name == "a" and "name" in attrs:
                    found.add(attrs["name"])
            self._ids[rel] = frozenset(found)
        return self._ids[rel]

    def _target(self, page_rel: str, url: str) -> tuple[str, str] | None:
        """(file relative to site/, fragment) of an internal link, None for an outside one."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if not self.site_prefix or not url.startswith(self.site_prefix + self.base_path):
                return None
            path = parts.path
        else:
            page_url = _ORIGIN + self.base_path + page_rel
            path = urlsplit(urljoin(page_url, url)).path
        if not path.startswith(self.base_path):
            return ("\0" + path, parts.fragment)
        rel = unquote(path[len(self.base_path):])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        elif (self.site_dir / rel).is_dir():
            rel += "/index.html"
        return rel, unquote(parts.fragment)

    def check_page(self, rel: str) -> list[BrokenLink]:
        broken: list[BrokenLink] = []
        html = self._text(rel)
        for offset, name, attrs in tags(html):
            if name == "link" and _SKIP_REL & set(attrs.get("rel", "").split()):
                continue
            for attr in _LINK_ATTRS.get(name, ()):
                url = attrs.get(attr, "").strip()
                if not url or url == "#" or url.startswith(_NOT_A_PAGE):
                    continue
                target = self._target(rel, url)
                if target is None:
                    continue
                path, fragment = target
                line = html.count("\n", 0, offset) + 1
                if path.startswith("\0") or not (self.site_dir / path).is_file():
                    broken.append(BrokenLink(rel, line, "DJ210", url))
                elif fragment and path.endswith((".html", ".htm")) and fragment not in self.ids(path):
                    broken.append(BrokenLink(rel, line, "DJ211", url))
        return broken


def check_links(site_dir: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal link or anchor in every HTML file under site_dir."""
    checker = LinkChecker(site_dir, site_url)
    broken: list[BrokenLink] = []
    for path in sorted(site_dir.rglob("*.htm*")):
        broken.extend(checker.check_page(path.relative_to(site_dir).as_posix()))
    return sorted(broken)
