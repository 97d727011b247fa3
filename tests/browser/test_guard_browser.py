"""In Chromium: data cannot run script, and the whole site passes its Content-Security-Policy
(with instant navigation and search still working)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Recorder, open_recorded, quiet_live_reload
from tests.guardproject import build_safe_site, safe_project
from tests.sitebuild import free_port, serve
from tests.test_editor_preview import serving, wait_for
from tests.xss import VECTORS

pytestmark = pytest.mark.browser

# Records every CSP violation the page reports, across instant navigation.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


@pytest.fixture(scope="module", params=["published", "preview"])
def xss_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The vectors' site as published, and the same project in `mkdocs serve` (its guard on)."""
    root = tmp_path_factory.mktemp("guard-xss")
    if request.param == "preview":
        project = safe_project(root)
        with serving(project, root / "serve.log") as (url, server):
            wait_for(url + "brands/xss-01/", lambda p: "品牌1" in p, server, "the preview's first build")
            yield url
        return
    # site_url names the port it is served on: Material's instant navigation only follows
    # links that its sitemap lists, and the sitemap's addresses come from site_url
    port = free_port()
    site = build_safe_site(root, f"http://127.0.0.1:{port}/")
    with serve(site, port) as url:
        yield url


def _open(browser: object, base: str) -> tuple[object, object, Recorder]:
    context, page, log = open_recorded(browser, base, init_script=WATCH_CSP)
    quiet_live_reload(page)
    return context, page, log


def _poke(page: object) -> None:
    """Hover, focus and click-free events on every element, so a broken-out handler would fire."""
    page.evaluate(  # type: ignore[attr-defined]
        """() => { for (const el of document.querySelectorAll('body *')) {
             for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error'])
               el.dispatchEvent(new Event(type, {bubbles: true})); } }"""
    )
    page.wait_for_timeout(100)  # type: ignore[attr-defined]


def test_xss_vectors_never_run_in_chromium(browser: object, xss_url: str) -> None:
    context, page, log = _open(browser, xss_url)
    paths = [f"brands/xss-{n:02d}/" for n in range(1, len(VECTORS) + 1)]
    paths += ["", "brands/", "brands/?town=%E5%BD%93%E5%A3%81%E9%95%87", "sites/", "sites/test-site/",
              "sites/test-site/poster.html", "routes/test-route/", "planner/"]
    violations: list[str] = []
    ran: list[str] = []  # pages where a payload ran: each sets window.__pwned
    for path in paths:
        page.goto(xss_url + path, wait_until="load")  # type: ignore[attr-defined]
        _poke(page)
        violations += page.evaluate("window.__csp")  # type: ignore[attr-defined]
        if page.evaluate("typeof window.__pwned") != "undefined":  # type: ignore[attr-defined]
            ran.append(path)
    # the search shows the vectors as result text
    page.goto(xss_url, wait_until="load")  # type: ignore[attr-defined]
    page.locator(".md-search__input").click()  # type: ignore[attr-defined]
    page.keyboard.type("品牌")  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=10000)  # type: ignore[attr-defined]
    _poke(page)
    violations += page.evaluate("window.__csp")  # type: ignore[attr-defined]
    if page.evaluate("typeof window.__pwned") != "undefined":  # type: ignore[attr-defined]
        ran.append("search")
    context.close()  # type: ignore[attr-defined]
    assert ran == []  # no payload ran ...
    assert [u for u in log.requests if "pwned-marker" in u] == []  # ... or asked for its marker
    assert log.dialogs == []
    assert log.console_errors == []
    assert violations == []
    assert log.outside() == []


def _shipped_pages(site: Path) -> list[str]:
    """Every page but the brand pages (one template for 271 of them), and three brand pages."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    brands = [p for p in pages if p.startswith("brands/") and p != "brands/index.html"]
    return [p for p in pages if p not in brands] + brands[:: max(1, len(brands) // 3)][:3]


def test_shipped_site_pages_pass_the_content_security_policy(browser: object, built_site: Path,
                                                             site_url: str) -> None:
    context, page, log = _open(browser, site_url)
    failures: dict[str, list[str]] = {}
    for rel in _shipped_pages(built_site):
        log.console_errors.clear()
        page.goto(site_url + rel, wait_until="load")  # type: ignore[attr-defined]
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
        found = page.evaluate("window.__csp") + [  # type: ignore[attr-defined]
            e for e in log.console_errors if "Content Security Policy" in e or "Refused to" in e]
        if found:
            failures[rel] = found
    context.close()  # type: ignore[attr-defined]
    assert failures == {}
    assert log.outside() == []


def test_instant_navigation_and_search_work_under_the_policy(browser: object, xss_url: str) -> None:
    context, page, log = _open(browser, xss_url)
    page.goto(xss_url, wait_until="load")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # the sitemap instant navigation reads
    page.evaluate("window.__stays = 'same document'")  # type: ignore[attr-defined]
    page.locator("a.dj-card--link", has_text="党建品牌").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/brands/")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-dj-directory]")  # type: ignore[attr-defined]
    # instant navigation swapped the page without a reload: the window is the same
    assert page.evaluate("window.__stays") == "same document"  # type: ignore[attr-defined]
    page.locator(".dj-brand-list a").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector(".dj-entity--brand")  # type: ignore[attr-defined]
    assert page.evaluate("window.__stays") == "same document"  # type: ignore[attr-defined]
    page.locator(".md-search__input").click()  # type: ignore[attr-defined]
    page.keyboard.type("测试纪念馆")  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=10000)  # type: ignore[attr-defined]
    assert page.locator(".md-search-result__item").count() > 0  # type: ignore[attr-defined]
    violations = page.evaluate("window.__csp")  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
    assert log.dialogs == []
    assert violations == []
    assert log.console_errors == []
