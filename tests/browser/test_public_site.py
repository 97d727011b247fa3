"""The public site in Chromium: home, directory filter, entity pages, no outside request, axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dangjian.catalog import SECTIONS
from dangjian.directory.listing import PAGE_SIZE
from dangjian.load.posts import blog_layout
from tests.project import ROUTE_ID, project_under_test

pytestmark = pytest.mark.browser


def _hand_written_pages(docs: Path) -> list[str]:
    """The address of every published hand-written page of the project under test (its
    overrides and the editor guide, which is built into the preview only, aside, and the news
    posts, to which the blog plugin gives addresses of their own, by their dates)."""
    layout = blog_layout(docs.parent)
    skipped = ("overrides/", "editor/", *((layout.post_dir + "/",) if layout else ()))
    pages = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).as_posix()
        if rel.startswith(skipped):
            continue
        stem = rel[: -len(".md")]
        pages.append("" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/"))
    return pages


PAGES = list(dict.fromkeys([
    "", *(f"{section}/" for section in SECTIONS.values()), "planner/",
    "brands/zz-brand-1/", "sites/zz-tour-1/", "schools/zz-school/", f"routes/{ROUTE_ID}/",
    *_hand_written_pages(project_under_test() / "docs"),
]))


def test_home_shows_its_page_and_links_every_section_with_its_count(page_and_log, site_url, realistic,
                                                                     realistic_catalog) -> None:
    page, log = page_and_log
    page.goto(site_url)
    heading = re.search(r"^# (.+?)\s*(\{[^}]*\})?\s*$", (realistic / "docs" / "index.md").read_text("utf-8"), re.M)
    assert heading and heading[1] in page.locator("h1").first.inner_text()
    for kind, section in SECTIONS.items():
        card = page.locator(f'a.dj-card--link[href$="/{section}/"]')
        assert card.count() == 1, section
        assert card.locator(".dj-big").inner_text().split()[0] == str(len(realistic_catalog.public(kind)))
    assert log.outside() == []


def test_directory_filter_narrows_the_list_and_counts_agree(page_and_log, site_url, realistic_catalog) -> None:
    page, log = page_and_log
    brands = [b.model for b in realistic_catalog.public("brand")]
    page.goto(site_url + "brands/")
    items = page.locator("[data-dj-results] .dj-brand-list li")
    status = page.locator("[data-filter-count]")
    total = len(brands)
    assert items.count() == min(total, PAGE_SIZE)  # the first page of the list
    assert f"共 {total} 个品牌" in status.inner_text()
    page.locator("[data-fold-summary]").click()  # phone-sized: the filters are folded
    page.select_option("select[name=field]", "农村")  # the known brands zz-brand-1 (农村) and zz-brand-2 (机关)
    n_field = sum(b.field == "农村" for b in brands)
    assert 0 < n_field < total
    expect(status).to_contain_text(f"符合条件 {n_field} 个")
    assert items.count() == min(n_field, PAGE_SIZE)
    # the option counts of the other facets agree with what is shown
    option = page.locator("select[name=level] option[value=省级示范点]")
    shown_level = sum(b.field == "农村" and b.level == "省级示范点" for b in brands)
    assert shown_level >= 1
    expect(option).to_have_text(re.compile(f"（{shown_level}）$"))
    page.select_option("select[name=level]", "省级示范点")
    expect(status).to_contain_text(f"符合条件 {shown_level} 个")
    assert items.count() == min(shown_level, PAGE_SIZE)
    page.fill("input[data-filter-text]", "不可能出现的词语")
    expect(page.locator("[data-filter-empty]")).to_be_visible()
    assert items.count() == 0
    page.click("[data-dj-filter] button[type=reset]")
    expect(status).not_to_contain_text("符合条件")
    assert items.count() == min(total, PAGE_SIZE)
    assert log.outside() == []


def test_text_filter_and_opening_a_brand(page_and_log, site_url) -> None:
    page, _ = page_and_log
    page.goto(site_url + "brands/")
    page.locator("[data-fold-summary]").click()
    page.fill("input[data-filter-text]", "测试庚先锋")  # the known brand zz-brand-1, a sample
    expect(page.locator("[data-filter-count]")).to_contain_text("符合条件 1 个")
    assert page.locator("[data-dj-results] .dj-brand-list li").count() == 1
    page.locator("[data-dj-results] .dj-brand-list li a").first.click()
    page.wait_for_url(re.compile(r"/brands/zz-brand-1/$"))
    assert page.locator("h1").first.inner_text() == "测试庚先锋"
    assert "示例数据" in page.locator("article.md-content__inner").inner_text()


def test_directory_works_without_javascript(browser, site_url, realistic_catalog) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "brands/")
    links = page.locator(".dj-brand-list li a")
    public = realistic_catalog.public("brand")
    assert links.count() == min(len(public), PAGE_SIZE)
    assert page.locator('.dj-brand-list a[href$="/zz-brand-3/"]').count() == 0  # the known internal brand
    assert page.locator("[data-dj-filter]").is_hidden()
    if len(public) > PAGE_SIZE:  # the rest of the list is on pages of its own (tests/browser/test_directory.py)
        page.locator(".dj-pager a[rel=next]").click()
        page.wait_for_url(re.compile(r"/brands/page/2/$"))
        assert 0 < links.count() <= PAGE_SIZE
    context.close()


def test_no_request_leaves_the_site_on_any_page(page_and_log, site_url) -> None:
    page, log = page_and_log
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert log.requests, "the recorder saw nothing"
    assert log.outside() == []
    assert log.console_errors == []


def test_age_friendly_mode_is_remembered_across_pages(page_and_log, site_url) -> None:
    page, _ = page_and_log
    page.goto(site_url)
    toggle = page.locator(".dj-a11y-toggle")
    toggle.click()
    assert "dj-large" in page.evaluate("document.documentElement.className")
    page.goto(site_url + "sites/")
    page.wait_for_selector(".dj-a11y-toggle[aria-pressed=true]")
    assert "dj-large" in page.evaluate("document.documentElement.className")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(page_and_log, site_url, axe_source, path) -> None:
    page, _ = page_and_log
    page.goto(site_url + path)
    page.evaluate(axe_source)  # evaluated, not a <script> tag: the CSP forbids inline scripts
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_search_index_is_fetched_only_when_the_visitor_searches(page_and_log, site_url) -> None:
    page, log = page_and_log
    page.goto(site_url + "brands/zz-brand-1/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "search_index.json" in u], "index fetched on page load"
    with page.expect_request(lambda r: "search_index.json" in r.url):
        page.locator("label[for=__search]").first.click()
    page.fill("input.md-search__input", "测试甲纪念馆")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert page.locator(".md-search-result__item").count() >= 1
