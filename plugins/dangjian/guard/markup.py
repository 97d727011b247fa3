"""Markup that only an injection would put in a page: event handlers, script URLs, content scripts."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator

_TAG = re.compile(
    r"<([a-zA-Z][\w:-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>"
)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_RAW_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                        "srcset", "data", "codebase"})
_BAD_SCHEME = re.compile(r"^\s*(?:(?:java|vb)script|data)\s*:", re.I)
_SAFE_DATA = re.compile(r"^\s*data\s*:\s*image/(?:png|jpeg|gif|webp|avif)[;,]", re.I)
_ACTIVE = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta"})
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
_CONTROL = re.compile(r"[\x00-\x20]+")


def _blank_body(m: re.Match[str]) -> str:
    # keep offsets: comments and script/style bodies become spaces, the opening tag stays
    text = m[0]
    head = 0 if text.startswith("<!--") else text.find(">") + 1
    return text[:head] + " " * (len(text) - head)


def tags(html: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(offset, tag name, attributes with decoded values) of every start tag outside scripts and comments."""
    masked = _RAW_TEXT.sub(_blank_body, html)
    for m in _TAG.finditer(masked):
        attrs: dict[str, str] = {}
        for a in _ATTR.finditer(m[2]):
            value = a[2] or ""
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            attrs.setdefault(a[1].lower(), htmllib.unescape(value))
        yield m.start(), m[1].lower(), attrs


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and non-image data: URLs (browsers ignore control characters)."""
    cleaned = _CONTROL.sub("", value)
    return bool(_BAD_SCHEME.match(cleaned)) and not _SAFE_DATA.match(cleaned)


def unsafe_markup(html: str) -> Iterator[tuple[int, str, str]]:
    """(offset, matched text, what it is) for every piece of markup data must never produce."""
    articles = [(m.start(1), m.end(1)) for m in _ARTICLE.finditer(html)]
    for offset, name, attrs in tags(html):
        for attr, value in attrs.items():
            if attr.startswith("on"):
                yield offset, f"<{name} {attr}=…>", "事件处理属性"
            elif attr in _URL_ATTRS and dangerous_url(value):
                yield offset, f'{attr}="{value[:40]}"', "脚本或 data: 地址"
        if name in _ACTIVE and any(a <= offset < b for a, b in articles) and not _own_script(name, attrs):
            yield offset, f"<{name}>", f"正文中的 <{name}> 元素"


def _own_script(name: str, attrs: dict[str, str]) -> bool:
    # a template may load one of the site's own script files in the content; inline code or
    # a script from another host is never allowed there
    src = attrs.get("src", "").strip()
    return name == "script" and bool(src) and not re.match(r"^(?:[a-zA-Z][\w+.-]*:|//)", src)


def inline_scripts(html: str) -> Iterator[tuple[int, str, str]]:
    """(offset, opening tag, body) of every inline <script> without src."""
    for m in re.finditer(r"<script\b([^>]*)>(.*?)</script\s*>", html, re.S | re.I):
        if not re.search(r"\ssrc\s*=", " " + m[1], re.I):
            yield m.start(), m[0][: m[0].find(">") + 1], m[2]


def in_content(html: str, offset: int) -> bool:
    """True when offset lies inside the page content (the <article>), where data is rendered."""
    return any(m.start(1) <= offset < m.end(1) for m in _ARTICLE.finditer(html))
