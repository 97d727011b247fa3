"""The lean section parser finds exactly the sections Material's search Parser finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.plugins import BasePlugin

from dangjian.catalog import Catalog
from dangjian.search.sections import LeanParser, LeanSearchIndex, NotPlain, page_sections
from tests.searchproject import search_project


def material_sections(html: str) -> list[Any]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def shape(sections: list[Any]) -> list[tuple[Any, ...]]:
    return [(repr(s), s.depth, s.id, s.el.tag, s.el.attrs, s.title, s.text, s.is_excluded())
            for s in sections]


def outcome(find: Any, html: str) -> Any:
    """The sections found, or the kind of error (Material's Parser fails on some tag soup)."""
    try:
        return shape(find(html))
    except ValueError as err:
        return ("error", type(err).__name__)


def lean_only(html: str) -> list[Any]:
    parser = LeanParser()
    parser.feed(html)
    return parser.data


class _Tap(BasePlugin):  # type: ignore[type-arg]
    """Keeps every page's content as Material's search plugin reads it."""

    def __init__(self) -> None:
        self.contents: dict[str, str] = {}

    def on_page_context(self, context, *, page, config, nav):  # type: ignore[no-untyped-def]
        self.contents[page.file.src_uri] = page.content
        return context


@pytest.fixture(scope="module")
def realistic_contents(realistic: Path, realistic_catalog: Catalog,
                     tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page of the realistic project as Material's search plugin reads it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(realistic / "mkdocs.yml"), site_dir=str(tmp_path_factory.mktemp("site")))
    tap = _Tap()
    config.plugins["test-tap"] = tap
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    entity_pages = sum(1 for e in realistic_catalog.all() if e.public)
    assert len(tap.contents) > entity_pages  # every entity page, the section pages and the hand-written ones
    return tap.contents


def test_every_page_of_the_realistic_project_has_materials_sections(realistic_contents: dict[str, str]) -> None:
    lean = 0
    for src, html in realistic_contents.items():
        assert shape(page_sections(html)) == shape(material_sections(html)), src
        try:
            lean_only(html)
            lean += 1
        except NotPlain:
            pass
    # the lean parser itself reads (nearly) every page, not Material's fallback
    assert lean >= len(realistic_contents) - 5


def test_entries_equal_materials(realistic_contents: dict[str, str]) -> None:
    class Page:
        def __init__(self, src: str, content: str) -> None:
            self.content, self.toc, self.url, self.title = content, [], src, "题"
            self.meta: dict[str, Any] = {"tags": ["标签"]}

    ours, theirs = LeanSearchIndex(), SearchIndex()
    for src, html in list(realistic_contents.items())[:60]:
        ours.add_entry_from_context(Page(src, html))
        theirs.add_entry_from_context(Page(src, html))
    assert ours.entries == theirs.entries and ours.entries


@pytest.mark.parametrize("html", [
    "<h1 id=a>x</h1>",  # a bare attribute value: left to html.parser
    "<p>a < b</p>",
    "<script>if (a<b) {}</script><p>x</p>",
    "<!DOCTYPE html><p>x</p>",
    "<p>x<!-- a -- b --></p>",
    '<a href="x"title="y">z</a>',
    "<title>a<b</title>",
    "<TITLE>a</TITLE>",
    '<p\u3000class="x">a</p>',  # html.parser ends a tag name at ASCII space only
    '<h2\xa0id="a">b</h2>',
])
def test_unusual_html_goes_to_materials_parser(html: str) -> None:
    with pytest.raises(NotPlain):
        lean_only(html)
    assert shape(page_sections(html)) == shape(material_sections(html))


def test_plain_html_is_read_by_the_lean_parser() -> None:
    html = ('<p>前言 &amp; <code>x</code></p><h2 id="a" data-search-exclude>附近</h2><ul><li>不</li></ul>'
            '<h2 id="b">做法<a class="headerlink" href="#b">¶</a></h2><pre>  a\n  b</pre>'
            '<div class="linenodiv">1</div><svg><title>码</title><path d="M0"/></svg><br/><p> </p>'
            '<!-- note --><H3 ID="c" Title=\'x &lt; y\'>三</H3><sub>2</sub>')
    assert shape(lean_only(html)) == shape(material_sections(html))


_TAGS = ["div", "p", "span", "h1", "h2", "h3", "pre", "code", "li", "ul", "ol", "a", "br", "img",
         "sub", "sup", "nav", "svg", "object", "DIV", "Li", "H2"]
_ATTRS = ['', ' id="s"', ' id="t"', " data-search-exclude", ' class="linenodiv"', ' class="headerlink"',
          " class='x'", ' title="a &amp; b"', ' ID="u"', ' data-x = "1"', " hidden"]
_TEXTS = ["字", " ", "\n", "  \n ", "a&amp;b", "&lt;x&gt;", "中文 text", "&", "x > y", "&#20013;", "\u3000",
          "\xa0"]
# what the lean parser leaves to Material's
_UNUSUAL = ["<", "a < b", "<!-- a -- b -->", "<!---->", "<script>x</script>", "<title>a<b</title>",
            " id=bare", "<!DOCTYPE html>", '<a href="x"title="y">', "</ p>", "<div / >",
            '<p\u3000class="x">', '<h2\xa0id="a">', "<br\u3000/>", "</p\u3000>", '<p id\u3000=\u3000"x">']


@st.composite
def html_soup(draw: st.DrawFn, unusual: bool) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 30))):
        kind = draw(st.integers(0, 9 if unusual else 8))
        tag = draw(st.sampled_from(_TAGS))
        if kind <= 3:
            attrs = "".join(draw(st.lists(st.sampled_from(_ATTRS), max_size=3)))
            parts.append(f"<{tag}{attrs}{draw(st.sampled_from(['', '/', ' /']))}>")
        elif kind <= 5:
            parts.append(f"</{tag}{draw(st.sampled_from(['', ' ']))}>")
        elif kind <= 7:
            parts.append(draw(st.sampled_from(_TEXTS)))
        elif kind == 8:
            parts.append(draw(st.sampled_from(["<!-- c -->", "<svg><title>码</title></svg>"])))
        else:
            parts.append(draw(st.sampled_from(_UNUSUAL)))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(html_soup(unusual=False))
def test_lean_parser_finds_materials_sections_in_plain_html(html: str) -> None:
    assert outcome(lean_only, html) == outcome(material_sections, html)


@settings(max_examples=300, deadline=None)
@given(html_soup(unusual=True))
def test_sections_equal_materials_on_any_soup(html: str) -> None:
    assert outcome(page_sections, html) == outcome(material_sections, html)


def test_material_search_plugin_uses_the_lean_index(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    project = search_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config.plugins.on_config(config)
        assert isinstance(config.plugins["material/search"].search_index, LeanSearchIndex)
    finally:
        config.plugins.on_shutdown()
