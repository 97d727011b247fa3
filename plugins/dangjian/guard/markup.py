"""Markup that only an injection would put in a page: event handlers, script URLs, content scripts."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

_TAG = re.compile(
    r"<([a-zA-Z][\w:-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>"
)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
# `<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->` (re.S | re.I), written to run through a body
# instead of trying its end at every character (see _ARTICLE)
_RAW_TEXT = re.compile(
    r"<(script|style)\b[^>]*>(?:[^<]++|<(?!/\1\s*>))*+</\1\s*>|<!--(?:[^-]++|-(?!->))*+-->", re.I)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                        "srcset", "data", "codebase"})
_BAD_SCHEME = re.compile(r"^\s*(?:(?:java|vb)script|data)\s*:", re.I)
_SAFE_DATA = re.compile(r"^\s*data\s*:\s*image/(?:png|jpeg|gif|webp|avif)[;,]", re.I)
_ACTIVE = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta"})
# `<article\b[^>]*>(.*?)</article>` (re.S | re.I), written so that the engine runs through the
# text between the tags instead of trying `</article>` at every character (3x faster); the
# possessive quantifiers make a missing end tag fail at once, as the lazy form does
_ARTICLE = re.compile(r"<article\b[^>]*>((?:[^<]++|<(?!/article>))*+)</article>", re.I)
_CONTROL = re.compile(r"[\x00-\x20]+")
T = TypeVar("T")


def _blank_body(m: re.Match[str]) -> str:
    # keep offsets: comments and script/style bodies become spaces, the opening tag stays
    text = m[0]
    head = 0 if text.startswith("<!--") else text.find(">") + 1
    return text[:head] + " " * (len(text) - head)


@dataclass(frozen=True)
class Tag:
    """One start tag as written: its name, its attributes (values decoded) and what is unsafe in them."""

    name: str
    attrs: dict[str, str]
    problems: tuple[tuple[str, str], ...]  # (matched text, what it is) for event handlers and script URLs


_TAG_CACHE: dict[str, Tag] = {}
_TAG_CACHE_SIZE = 1 << 17


def _parse_tag(m: re.Match[str]) -> Tag:
    """Parse a tag not seen before and remember it (parsed_tags looks it up first)."""
    name = m[1]
    attrs: dict[str, str] = {}
    for a in _ATTR.finditer(m[2]):
        value = a[2] or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(a[1].lower(), htmllib.unescape(value) if "&" in value else value)
    lowered = name.lower()
    problems = []
    for attr, value in attrs.items():
        if attr.startswith("on"):
            problems.append((f"<{lowered} {attr}=…>", "事件处理属性"))
        elif attr in _URL_ATTRS and dangerous_url(value):
            problems.append((f'{attr}="{value[:40]}"', "脚本或 data: 地址"))
    tag = Tag(lowered, attrs, tuple(problems))
    if len(_TAG_CACHE) >= _TAG_CACHE_SIZE:
        _TAG_CACHE.clear()
    _TAG_CACHE[m[0]] = tag
    return tag


class _LastPage(Generic[T]):
    """What was computed for the last page's text (the same str object): the policy hashes,
    the markup scan and the link check ask one after the other for the same page's."""

    def __init__(self, compute: Callable[[str], T]) -> None:
        self._compute = compute
        self._last: tuple[str, T] | None = None

    def __call__(self, html: str) -> T:
        if self._last is None or self._last[0] is not html:
            self._last = (html, self._compute(html))
        return self._last[1]


def _parse_tags(html: str) -> list[tuple[int, Tag]]:
    masked = _RAW_TEXT.sub(_blank_body, html)
    cache = _TAG_CACHE
    found = []
    for m in _TAG.finditer(masked):
        tag = cache.get(m[0])
        found.append((m.start(), tag if tag is not None else _parse_tag(m)))
    return found


parsed_tags = _LastPage(_parse_tags)
"""(offset, tag) of every start tag outside scripts and comments.

Tags are parsed once per distinct tag text (the theme's are the same on every page), and
the last page's result is kept, so the scan and the link check share one parse."""


def tags(html: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(offset, tag name, attributes with decoded values) of every start tag outside scripts and comments."""
    for offset, tag in parsed_tags(html):
        yield offset, tag.name, tag.attrs


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and non-image data: URLs (browsers ignore control characters)."""
    cleaned = _CONTROL.sub("", value)
    return bool(_BAD_SCHEME.match(cleaned)) and not _SAFE_DATA.match(cleaned)


def unsafe_markup(html: str) -> Iterator[tuple[int, str, str]]:
    """(offset, matched text, what it is) for every piece of markup data must never produce."""
    articles: list[tuple[int, int]] | None = None
    for offset, tag in parsed_tags(html):
        for match, what in tag.problems:
            yield offset, match, what
        if tag.name in _ACTIVE:
            if articles is None:
                articles = article_spans(html)
            if any(a <= offset < b for a, b in articles) and not _own_script(tag.name, tag.attrs):
                yield offset, f"<{tag.name}>", f"正文中的 <{tag.name}> 元素"


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


def _article_spans(html: str) -> list[tuple[int, int]]:
    return [(m.start(1), m.end(1)) for m in _ARTICLE.finditer(html)]


article_spans = _LastPage(_article_spans)
"""(start, end) of the content of every <article>: where data is rendered (the last page's
are kept)."""


def in_content(html: str, offset: int, articles: list[tuple[int, int]] | None = None) -> bool:
    """True when offset lies inside the page content (the <article>), where data is rendered."""
    spans = article_spans(html) if articles is None else articles
    return any(a <= offset < b for a, b in spans)
