"""The public site in Chromium: home, directory filter, entity pages, no outside request, axe."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "brands/", "sites/", "schools/", "routes/", "brands/nc-baiyuwan-01/",
         "sites/beidahuang-jinianguan/", "schools/dangbi-weidangxiao/", "routes/hongse-mishan-xing/",
         "planner/", "editor/", "editor/fields/", "about/"]


def test_home_tells_the_story_and_links_every_section(page_and_log, site_url) -> None:
    page, log = page_and_log
    page.goto(site_url)
    assert "湖畔党旗红·丹心密山诚" in page.locator("h1").first.inner_text()
    body = page.locator("article.md-content__inner").inner_text()
    for text in ("六边六带", "边境党旗红", "生态美", "4.13 万人次", "2023 年", "271"):
        assert text in body
    for href in ("sites/", "schools/", "brands/", "routes/"):
        assert page.locator(f'a.dj-card--link[href$="/{href}"]').count() == 1
    assert log.outside() == []


def test_directory_filter_narrows_the_list_and_counts_agree(page_and_log, site_url) -> None:
    page, log = page_and_log
    page.goto(site_url + "brands/")
    items = page.locator(".dj-brand-list li")
    total = items.count()
    assert total == 271
    page.select_option("select[name=field]", "农村")
    visible = page.locator(".dj-brand-list li:not([hidden])")
    n_field = visible.count()
    assert 0 < n_field < total
    assert f"显示 {n_field} 个" in page.locator("[data-filter-count]").inner_text()
    # the option counts of the other facets agree with what is shown
    option = page.locator("select[name=level] option[value=省级示范点]").inner_text()
    shown_level = page.locator('.dj-brand-list li[data-field="农村"][data-level="省级示范点"]').count()
    assert option.endswith(f"（{shown_level}）")
    page.select_option("select[name=level]", "省级示范点")
    assert visible.count() == shown_level
    page.fill("input[data-filter-text]", "不可能出现的词语")
    assert visible.count() == 0
    assert page.locator("[data-filter-empty]").is_visible()
    page.click("[data-dj-filter] button[type=reset]")
    page.wait_for_function("document.querySelectorAll('.dj-brand-list li:not([hidden])').length === 271")
    assert log.outside() == []


def test_text_filter_and_opening_a_brand(page_and_log, site_url) -> None:
    page, _ = page_and_log
    page.goto(site_url + "brands/")
    first = page.locator(".dj-brand-list li a").first
    name = first.inner_text()
    page.fill("input[data-filter-text]", name)
    assert page.locator(".dj-brand-list li:not([hidden])").count() >= 1
    page.locator(".dj-brand-list li:not([hidden]) a").first.click()
    page.wait_for_url(re.compile(r"/brands/[a-z0-9-]+/$"))
    assert page.locator("h1").first.inner_text() == name
    assert "示例数据" in page.locator("article.md-content__inner").inner_text()


def test_directory_works_without_javascript(browser, site_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "brands/")
    assert page.locator(".dj-brand-list li a").count() == 271
    assert page.locator("[data-dj-filter]").is_hidden()
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
    page.goto(site_url + "brands/nc-baiyuwan-01/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "search_index.json" in u], "index fetched on page load"
    with page.expect_request(lambda r: "search_index.json" in r.url):
        page.locator("label[for=__search]").first.click()
    page.fill("input.md-search__input", "北大荒")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert page.locator(".md-search-result__item").count() >= 1
