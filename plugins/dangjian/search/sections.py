"""Material's search sections of a page, found by a leaner parser than Material's own.

Material's search plugin divides each page's HTML into sections (one per heading) with an
`html.parser.HTMLParser` subclass whose callbacks compare `Element` objects by tag name
through Python-level `__eq__`/`__hash__` on every piece of text; on our pages that is
about a millisecond a page, a third of all indexing work on a big site.

`LeanParser` makes the same sections with the same rules, kept on tag-name strings (which
is what Material's Element comparisons amount to), from a tokenizer that accepts only the
plain HTML both parsers read alike: text, start and end tags with quoted or bare
attributes, and comments without `--` inside. A page with anything else (a script or style
body, a doctype, a stray `<`, an unquoted attribute value...) is parsed by Material's own
Parser, so the sections are Material's in every case; tests compare both on every page of
the site and on generated HTML.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void

_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
# ASCII white space only: html.parser ends a tag name at these alone, so a tag with any
# other space in it (U+3000, U+00A0...) goes to Material's Parser
_WS = r"[ \t\n\r\f]"
_ATTR = rf"[a-zA-Z_:][-.a-zA-Z0-9_:]*(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'))?"
_TOKEN = re.compile(
    r"([^<]+)"  # 1 text
    rf"|<({_NAME})((?:{_WS}+{_ATTR})*){_WS}*(/?)>"  # 2 name, 3 attributes, 4 self-closing
    rf"|</({_NAME}){_WS}*>"  # 5 end tag
    r"|<!--(?![->])(?:(?!--).)*-->"  # comment with no `--` inside
    r"|(<)",  # 6 anything else: not for this parser
    re.S,
)
_ATTRS = re.compile(rf"{_WS}+([a-zA-Z_:][-.a-zA-Z0-9_:]*)(?:{_WS}*={_WS}*(?:\"([^\"]*)\"|'([^']*)'))?")

# Elements whose content html.parser reads as raw text (or may, in other Python versions).
_RAW = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
                  "plaintext"})
# Elements whose content newer html.parser versions read as text up to their end tag: the
# same events as plain HTML gives when that text has no `<` (an SVG <title> has none).
_ESCAPABLE = frozenset({"title", "textarea"})
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIP_ALWAYS = ("script", "style", "object")


class NotPlain(Exception):
    """The HTML has something the lean tokenizer leaves to html.parser."""


def _attributes(text: str) -> dict[str, str | None]:
    # as html.parser gives them: names lower-cased, values unescaped, the last one kept
    # when a name repeats (Material makes a dict of the list)
    attrs: dict[str, str | None] = {}
    for m in _ATTRS.finditer(text):
        name, double, single = m.groups()
        value = double if double is not None else single
        if value and "&" in value:
            value = unescape(value)
        attrs[name.lower()] = value
    return attrs


def _ends_plainly(html: str, start: int, tag: str) -> bool:
    # the next `<` after the start tag begins the element's own end tag
    end = html.find("<", start)
    return end >= 0 and html.startswith(f"</{tag}>", end)


class LeanParser:
    """Material's `Parser` (material/plugins/search/plugin.py) on tag-name strings."""

    def __init__(self) -> None:
        self.skip: set[str] = set(_SKIP_ALWAYS)
        self.context: list[str] = []
        self.context_attrs: list[dict[str, str | None]] = []
        self.section: Section | None = None
        self.data: list[Section] = []

    def feed(self, html: str) -> None:
        for m in _TOKEN.finditer(html):
            text, name, attrs, closed, end, other = m.groups()
            if text is not None:
                self.handle_data(unescape(text) if "&" in text else text)
            elif name is not None:
                tag = name.lower()
                if tag in _RAW or (tag in _ESCAPABLE and not _ends_plainly(html, m.end(), tag)):
                    raise NotPlain(tag)
                self.handle_starttag(tag, _attributes(attrs) if attrs else {})
                if closed:
                    self.handle_endtag(tag)
            elif end is not None:
                self.handle_endtag(end.lower())
            elif other is not None:
                raise NotPlain(html[m.start():m.start() + 20])

    def _new_preface(self, depth: int = 0) -> Section:
        section = Section(Element("hx"), depth)
        self.data.append(section)
        return section

    def handle_starttag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in void:
            return
        context = self.context
        context.append(tag)
        self.context_attrs.append(attrs)
        if tag in _HEADINGS and "id" in attrs:
            depth = len(context)
            if tag != "h1" and not self.data:
                self.section = self._new_preface(depth)
            self.section = Section(Element(tag, attrs), depth)
            if self.data:
                self.section.id = attrs["id"]
            self.data.append(self.section)
        section = self.section
        if section is None:
            section = self.section = self._new_preface()
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            self.skip.add(tag)
            return
        if tag in _KEEP and self.skip.isdisjoint(context):
            (section.title if section.el.tag in context else section.text).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        context = self.context
        if not context or context[-1] != tag:
            return
        section = self.section
        assert section is not None  # a start tag made one
        depth = len(context)
        if section.depth > depth:
            for earlier in reversed(self.data):
                if earlier.depth <= depth:
                    section.depth = float("inf")
                    section = self.section = earlier
                    break
        context.pop()
        self.context_attrs.pop()
        if tag in self.skip:
            if tag not in _SKIP_ALWAYS:
                self.skip.remove(tag)
            return
        if tag in _KEEP and self.skip.isdisjoint(context):
            data = section.title if section.el.tag in context else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        context = self.context
        if not self.skip.isdisjoint(context):
            return
        if "pre" not in context:
            data = data.replace("\n", " ") if not data.isspace() else " "
        section = self.section
        if section is None:
            section = self.section = self._new_preface()
        if section.el.tag in context:
            if not any(tag == "a" and attrs.get("class") == "headerlink"
                       for tag, attrs in zip(context, self.context_attrs, strict=True)):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = section.text
            if not text or not text[-1].isspace() or "pre" in context:
                text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def page_sections(html: str) -> list[Section]:
    """The sections Material's search Parser finds in a page's HTML."""
    lean = LeanParser()
    try:
        lean.feed(html)
    except NotPlain:
        parser = Parser()
        parser.feed(html)
        parser.close()
        return parser.data
    return lean.data


_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def title_text(title: object) -> str:
    """A page's title as a search document's title: its text, HTML-escaped once.

    The theme takes a page title for HTML: the dangjian plugin writes its own pages'
    titles escaped, a hand-written page's front matter is as the editor typed it. Search
    results put titles into the page as HTML, so tags are dropped, entities decoded and the
    text escaped (as the parser escapes a heading's text)."""
    return escape(" ".join(unescape(_TAG_OR_COMMENT.sub("", str(title))).split()))


class LeanSearchIndex(SearchIndex):
    """Material's SearchIndex, dividing pages with `page_sections`; entries made by Material,
    but for the title of a section without a heading (`title_text`)."""

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in page_sections(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    def create_entry_for_section(self, section: Section, toc: Any, url: str, page: Any) -> None:
        if not section.title:
            # Material would put the page's title in as it is
            section.title = [title_text(page.meta.get("title", page.title))]
        super().create_entry_for_section(section, toc, url, page)
