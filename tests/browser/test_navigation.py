"""Navigation in Chromium: every top-level section reachable from every kind of page.

On a phone (360 px) the ☰ menu opens Material's drawer with every section of the nav; on a
desktop (1280 px) the tabs show them. Material hides the tabs (they fade out) once the page
is scrolled down while `navigation.tabs.sticky` is off, and shows them again at the top: a
page may never keep them hidden. Instant navigation (when the site enables it), Back and
Forward must leave both working. The sections come from the fixture's own mkdocs.yml nav,
the pages from its docs/ folder and the known entities of tests/project.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dangjian.catalog import SECTIONS
from dangjian.load.posts import blog_layout
from dangjian.settings import read_config
from tests.browser.conftest import open_recorded
from tests.project import ROUTE_ID, project_under_test, realistic_project
from tests.sitebuild import build, free_port, serve

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}

DRAWER_ITEMS = ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link"
TAB_LINKS = ".md-tabs .md-tabs__item > .md-tabs__link"
MARKER = "window.__djSameDocument"


def _address(doc: str) -> str:
    """A docs/ page's address relative to the site root, as MkDocs makes it (directory URLs)."""
    stem = doc[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def _hand_written(docs: Path) -> list[str]:
    """Every published hand-written page (the theme overrides, the editor guide and the news
    posts aside: the blog plugin gives a post an address of its own, by its date)."""
    layout = blog_layout(docs.parent)
    skipped = ("overrides/", "editor/", *((layout.post_dir + "/",) if layout else ()))
    return [_address(md.relative_to(docs).as_posix()) for md in sorted(docs.rglob("*.md"))
            if not md.relative_to(docs).as_posix().startswith(skipped)]


# every kind of page: the home page, each directory, one entity of each kind (the known
# entities), the planner and every hand-written page (the overview map is on one of them)
PAGE_TYPES = list(dict.fromkeys([
    "", *(f"{section}/" for section in SECTIONS.values()),
    "sites/zz-tour-1/", "schools/zz-school/", "brands/zz-brand-1/", f"routes/{ROUTE_ID}/",
    "planner/", *_hand_written(project_under_test() / "docs"),
]))


@dataclass(frozen=True)
class Section:
    title: str
    address: str | None  # None: a section of several pages, without a page of its own


def _sections(nav: list[Any]) -> list[Section]:
    found = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(target, str):
            found.append(Section(str(title or target), _address(target)))
        else:
            found.append(Section(str(title), None))
    return found


@pytest.fixture(scope="module")
def sections(realistic: Path) -> list[Section]:
    """The top-level sections of the fixture's nav, in order."""
    nav = read_config(realistic / "mkdocs.yml").data.get("nav") or []
    found = _sections(nav)
    assert len(found) >= 2, "the fixture's mkdocs.yml has no nav to test"
    return found


@pytest.fixture(scope="module")
def instant(realistic: Path) -> bool:
    """Whether the fixture's site loads pages by instant navigation."""
    theme = read_config(realistic / "mkdocs.yml").data.get("theme") or {}
    return "navigation.instant" in (theme.get("features") or [])


@pytest.fixture(scope="module")
def nav_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The realistic project built with a site_url that names the port it is served on, and
    its address: Material's instant navigation follows only the links its sitemap lists,
    whose addresses come from site_url (the port included)."""
    port = free_port()
    root = realistic_project(tmp_path_factory.mktemp("navigation") / "project")
    config = root / "mkdocs.yml"
    text, n = re.subn(r"^site_url:.*$", f"site_url: http://127.0.0.1:{port}/",
                      config.read_text(encoding="utf-8"), count=1, flags=re.M)
    config.write_text(text if n else f"site_url: http://127.0.0.1:{port}/\n{text}", encoding="utf-8")
    out = root.parent / "site"
    done = build(root, out)
    assert done.returncode == 0, done.stderr[-4000:]
    with serve(out, port) as url:
        yield out, url


@pytest.fixture(scope="module")
def site_url(nav_site: tuple[Path, str]) -> str:
    return nav_site[1]


@pytest.fixture(scope="module")
def contact_pages(nav_site: tuple[Path, str]) -> list[str]:
    return ["contact/"] if (nav_site[0] / "contact" / "index.html").is_file() else []


def _page(browser: object, site_url: str, options: dict[str, Any]) -> tuple[object, object, object]:
    return open_recorded(browser, site_url, **options)


def _here(page: Any, site_url: str) -> str:
    return page.url.split("#", 1)[0][len(site_url):]


def _check_link(page: Any, link: Any, section: Section, site_url: str) -> None:
    """The section's entry is on screen, has a size, takes a click, and leads to its page."""
    from playwright.sync_api import expect

    expect(link).to_be_in_viewport()
    box = link.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, section.title
    link.click(trial=True)  # visible, stable, enabled and not covered by anything
    if section.address is None:
        return
    href = link.evaluate("el => el.href || ''")
    if href:
        assert href.split("#", 1)[0] == site_url + section.address, section.title
    else:  # the current page's entry is the label that opens its table of contents
        assert _here(page, site_url) == section.address, section.title


def _open_drawer(page: Any) -> None:
    from playwright.sync_api import expect

    page.locator("label.md-header__button[for=__drawer]").click()
    expect(page.locator("#__drawer")).to_be_checked()
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport(ratio=0.9)


def _to_top_level(page: Any) -> None:
    """On a page of a section with pages of its own (工作动态: its archive and categories),
    Material opens the drawer at that section: its title, with the back arrow, leads up to
    every section, as a visitor taps it."""
    from playwright.sync_api import expect

    for _ in range(3):
        opened = page.locator(".md-sidebar--primary input.md-nav__toggle:checked")
        if opened.count() == 0:
            return
        ident = opened.last.get_attribute("id")
        page.locator(f'.md-sidebar--primary label.md-nav__title[for="{ident}"]').click()
        expect(page.locator(f"#{ident}")).not_to_be_checked()


def _close_drawer(page: Any) -> None:
    from playwright.sync_api import expect

    page.locator(".md-overlay").click(position={"x": 340, "y": 400})
    expect(page.locator("#__drawer")).not_to_be_checked()


def _drawer_link(page: Any, section: Section) -> Any:
    items = page.locator(DRAWER_ITEMS).filter(has_text=re.compile(rf"^\s*{re.escape(section.title)}\s*$"))
    return items.filter(visible=True).first


def _assert_drawer(page: Any, sections: list[Section], site_url: str) -> None:
    _open_drawer(page)
    _to_top_level(page)
    for section in sections:
        _check_link(page, _drawer_link(page, section), section, site_url)


def _tab(page: Any, section: Section) -> Any:
    return page.locator(TAB_LINKS).filter(has_text=re.compile(rf"^\s*{re.escape(section.title)}\s*$")).first


def _assert_tabs(page: Any, sections: list[Section], site_url: str) -> None:
    page.wait_for_selector(".md-tabs:not([hidden])")
    # shown again, the links slide back and fade in: to Material's opacity of a tab (.7, the
    # current one 1), from 0 while hidden
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].every(a => {"
        " const s = getComputedStyle(a); return parseFloat(s.opacity) >= 0.7 && s.transform === 'none'; })",
        arg=TAB_LINKS)
    for section in sections:
        _check_link(page, _tab(page, section), section, site_url)


def _scroll_down_and_up(page: Any, sections: list[Section], site_url: str) -> None:
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    if page.evaluate("window.scrollY") >= 10:
        # Material's own behaviour without navigation.tabs.sticky: scrolled down, the tabs hide
        page.wait_for_selector(".md-tabs[hidden]", state="attached")
    page.evaluate("window.scrollTo(0, 0)")
    _assert_tabs(page, sections, site_url)


def _arrive(page: Any, go: Any, site_url: str, address: str) -> None:
    """Do go() and wait until the page at address is shown: with instant navigation the
    address changes before the new content replaces the old (and the tabs with it)."""
    page.evaluate("document.querySelector('article').dataset.djLeft = '1'")
    go()
    page.wait_for_url(site_url + address)
    page.wait_for_selector("article:not([data-dj-left]) h1")
    # Material swaps the header, the sidebars and the content one after the other: done when
    # nothing more is fetched
    page.wait_for_load_state("networkidle")


def _navigate(page: Any, link: Any, site_url: str, address: str, instant: bool) -> None:
    """Follow link to address; with instant navigation, the document must stay the same."""
    page.evaluate(f"{MARKER} = true")
    _arrive(page, link.click, site_url, address)
    assert page.evaluate(f"{MARKER} === true") is instant


@pytest.mark.parametrize("path", PAGE_TYPES, ids=lambda p: p or "home")
def test_phone_drawer_shows_every_section(browser, site_url, sections, path) -> None:
    context, page, log = _page(browser, site_url, PHONE)
    page.goto(site_url + path)
    _assert_drawer(page, sections, site_url)
    assert log.console_errors == []  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGE_TYPES, ids=lambda p: p or "home")
def test_desktop_tabs_show_every_section_and_come_back_after_a_scroll(browser, site_url, sections,
                                                                       path) -> None:
    context, page, log = _page(browser, site_url, DESKTOP)
    page.goto(site_url + path)
    _assert_tabs(page, sections, site_url)
    _scroll_down_and_up(page, sections, site_url)
    assert log.console_errors == []  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_contact_page_has_the_drawer_and_the_tabs(browser, site_url, sections, contact_pages) -> None:
    for path in contact_pages:
        for options in (PHONE, DESKTOP):
            context, page, _ = _page(browser, site_url, options)
            page.goto(site_url + path)
            if options is PHONE:
                _assert_drawer(page, sections, site_url)
            else:
                _assert_tabs(page, sections, site_url)
            context.close()  # type: ignore[attr-defined]


def test_phone_drawer_survives_instant_navigation_back_and_forward(browser, site_url, sections,
                                                                    instant) -> None:
    context, page, log = _page(browser, site_url, PHONE)
    page.goto(site_url)
    visited = [""]
    for section in sections:
        if section.address is None or section.address == visited[-1]:
            continue
        _open_drawer(page)
        _navigate(page, _drawer_link(page, section), site_url, section.address, instant)
        visited.append(section.address)
        _assert_drawer(page, sections, site_url)
        _close_drawer(page)
    # a page outside the nav, reached from its directory
    page.goto(site_url + "brands/")
    _navigate(page, page.locator('article a[href$="brands/zz-brand-1/"]').first, site_url,
              "brands/zz-brand-1/", instant)
    _assert_drawer(page, sections, site_url)
    _close_drawer(page)
    _arrive(page, page.go_back, site_url, "brands/")
    _assert_drawer(page, sections, site_url)
    _close_drawer(page)
    _arrive(page, page.go_forward, site_url, "brands/zz-brand-1/")
    _assert_drawer(page, sections, site_url)
    assert log.console_errors == []  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_desktop_tabs_survive_instant_navigation_back_and_forward(browser, site_url, sections,
                                                                   instant) -> None:
    context, page, log = _page(browser, site_url, DESKTOP)
    page.goto(site_url)
    visited = [""]
    for section in sections:
        if section.address is None or section.address == visited[-1]:
            continue
        _navigate(page, _tab(page, section), site_url, section.address, instant)
        visited.append(section.address)
        _assert_tabs(page, sections, site_url)
        _scroll_down_and_up(page, sections, site_url)
    for address in reversed(visited[:-1]):
        _arrive(page, page.go_back, site_url, address)
        _assert_tabs(page, sections, site_url)
    _arrive(page, page.go_forward, site_url, visited[1])
    _assert_tabs(page, sections, site_url)
    _scroll_down_and_up(page, sections, site_url)
    assert log.console_errors == []  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_the_sites_own_script_enhances_a_page_reached_by_instant_navigation(
        browser, nav_site, sections, instant) -> None:
    """dangjian.js is an ES module: it runs once per document and does its work through
    Material's document$, so a page that instant navigation shows is enhanced as a loaded one
    (its wide tables are focusable, named scroll regions; the search dialog has a name), and
    it leaves no name of its own on the page's global object."""
    out, site_url = nav_site
    # a section's page with a Markdown table (Material wraps it in a scroll region)
    with_table = [s for s in sections if s.address is not None and s.address != "sites/"
                  and "<table>" in (out / s.address / "index.html").read_text(encoding="utf-8")]
    assert with_table, "no section's page has a Markdown table to test"
    target = with_table[0]
    context, page, log = _page(browser, site_url, DESKTOP)
    page.goto(site_url + "sites/")
    page.wait_for_load_state("networkidle")
    _navigate(page, _tab(page, target), site_url, target.address, instant)
    regions = page.locator("article .md-typeset__scrollwrap")
    assert regions.count() >= 1
    for i in range(regions.count()):
        region = regions.nth(i)
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert "可左右滚动" in (region.get_attribute("aria-label") or "")
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "站内搜索"
    own = page.evaluate("() => Object.keys(window).filter(name => /^(dangjian|dj)/i.test(name))")
    assert own == []
    assert log.console_errors == []  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
