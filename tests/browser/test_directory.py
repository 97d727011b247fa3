"""The brand directory in Chromium: the state in the address (reload, Back, Forward, a shared
link, instant navigation there and back), the pages of the list, the phone fold, and the
plain list without JavaScript. Expected counts come from the fixture's own catalog."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dangjian.directory.listing import PAGE_SIZE
from tests.browser.conftest import open_recorded

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)  # a busy machine; nothing here is timed

PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
STATUS = "[data-filter-count]"
ITEMS = "[data-dj-results] .dj-brand-list li"


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _settled(page: Any, matching: int | None) -> None:
    """Wait until the list shows what the form asks for: `matching` brands (None: unfiltered)."""
    directory = page.locator("[data-dj-directory]")
    expect(directory).not_to_have_attribute("aria-busy", "true")
    if matching is None:
        expect(page.locator(STATUS)).not_to_contain_text("符合条件")
    else:
        expect(page.locator(STATUS)).to_contain_text(f"符合条件 {matching} 个")


def _form(page: Any) -> dict[str, str]:
    return {name: page.locator(f"[data-dj-filter] [name={name}]").input_value()
            for name in ("field", "town", "level", "q")}


@pytest.fixture
def desktop(browser, site_url):  # type: ignore[no-untyped-def]
    context, page, log = open_recorded(browser, site_url, **DESKTOP)
    yield page, log
    context.close()


def test_filters_live_in_the_address_and_reload_back_forward_and_a_shared_link_agree(
        desktop, site_url, browser, realistic_catalog) -> None:  # type: ignore[no-untyped-def]
    page, log = desktop
    brands = [b.model for b in realistic_catalog.public("brand")]
    rural = sum(b.field == "农村" for b in brands)
    rural_top = sum(b.field == "农村" and b.level == "省级示范点" for b in brands)
    page.goto(site_url + "brands/")
    page.select_option("select[name=field]", "农村")
    _settled(page, rural)
    assert _query(page) == {"field": ["农村"]}
    page.select_option("select[name=level]", "省级示范点")
    _settled(page, rural_top)
    assert _query(page) == {"field": ["农村"], "level": ["省级示范点"]}
    assert page.locator(ITEMS).count() == min(rural_top, PAGE_SIZE)
    shown = page.locator(ITEMS).all_inner_texts()

    page.reload()
    _settled(page, rural_top)
    assert _form(page) == {"field": "农村", "town": "", "level": "省级示范点", "q": ""}
    assert page.locator(ITEMS).all_inner_texts() == shown

    page.go_back()
    _settled(page, rural)
    assert _form(page)["level"] == "" and _form(page)["field"] == "农村"
    assert _query(page) == {"field": ["农村"]}
    page.go_back()
    _settled(page, None)
    assert _form(page) == {"field": "", "town": "", "level": "", "q": ""}
    assert page.locator(ITEMS).count() == min(len(brands), PAGE_SIZE)
    page.go_forward()
    page.go_forward()
    _settled(page, rural_top)
    assert _form(page)["level"] == "省级示范点"
    assert page.locator(ITEMS).all_inner_texts() == shown

    # a shared link opens filtered, with the text query, in a browser that never saw the list
    context, other, _ = open_recorded(browser, site_url, **DESKTOP)
    other.goto(site_url + "brands/?field=%E6%9C%BA%E5%85%B3&q=%E6%B5%8B%E8%AF%95%E8%BE%9B")  # 机关, 测试辛
    _settled(other, 1)
    assert _form(other)["field"] == "机关" and _form(other)["q"] == "测试辛"
    assert other.locator(ITEMS).all_inner_texts()[0].startswith("测试辛先锋")  # the known zz-brand-2
    assert _query(other) == {"field": ["机关"], "q": ["测试辛"]}  # Material's search did not take q
    assert not other.locator("#__search").is_checked()
    context.close()
    assert log.outside() == [] and log.console_errors == []


def test_the_text_query_goes_to_the_address_and_back_leaves_a_brand_for_the_same_list(
        desktop, site_url) -> None:  # type: ignore[no-untyped-def]
    page, log = desktop
    page.goto(site_url + "brands/")
    page.fill("input[data-filter-text]", "测试庚先锋")  # the known brand zz-brand-1
    _settled(page, 1)
    assert _query(page) == {"q": ["测试庚先锋"]}
    page.locator(ITEMS + " a").first.click()
    page.wait_for_url(re.compile(r"/brands/zz-brand-1/$"))
    expect(page.locator("h1").first).to_have_text("测试庚先锋")
    page.go_back()  # instant navigation loads the directory again, with the query
    page.wait_for_url(re.compile(r"/brands/\?q="))
    _settled(page, 1)
    assert _form(page)["q"] == "测试庚先锋"
    assert page.locator(ITEMS).count() == 1
    assert log.console_errors == []


def test_pages_of_the_list_in_place_and_in_the_address(desktop, site_url, realistic_catalog) -> None:  # type: ignore[no-untyped-def]
    page, _ = desktop
    total = len(realistic_catalog.public("brand"))
    if total <= PAGE_SIZE:
        pytest.skip("the fixture's brands fit on one page")
    page.goto(site_url + "brands/")
    first = page.locator(ITEMS).all_inner_texts()
    page.locator("[data-dj-pager] a[rel=next]").click()
    expect(page.locator(STATUS)).to_contain_text(f"第 {PAGE_SIZE + 1}–")
    assert _query(page) == {"page": ["2"]}
    assert urlsplit(page.url).path.endswith("/brands/")
    second = page.locator(ITEMS).all_inner_texts()
    assert second and not set(second) & set(first)
    page.go_back()
    expect(page.locator(STATUS)).to_contain_text("第 1–")
    assert page.locator(ITEMS).all_inner_texts() == first
    page.goto(site_url + "brands/?page=2")
    expect(page.locator(STATUS)).to_contain_text(f"第 {PAGE_SIZE + 1}–")
    assert page.locator(ITEMS).all_inner_texts() == second


def test_on_a_phone_the_filters_fold_into_one_line_above_the_results(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_recorded(browser, site_url, **PHONE)
    page.goto(site_url + "brands/")
    summary = page.locator("[data-fold-summary]")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["height"] < 60  # one line
    assert page.locator("select[name=field]").is_hidden()
    first = page.locator(ITEMS).first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 740  # results on the first screen
    summary.click()
    page.select_option("select[name=field]", "农村")
    page.select_option("select[name=town]", "当壁镇")
    expect(summary).to_have_text("筛选：农村 · 当壁镇（2 项）")
    page.reload()
    expect(summary).to_have_text("筛选：农村 · 当壁镇（2 项）")
    assert page.locator("select[name=field]").is_hidden()  # folded again on a new visit
    context.close()


def test_on_a_desktop_the_form_is_open(desktop, site_url) -> None:  # type: ignore[no-untyped-def]
    page, _ = desktop
    page.goto(site_url + "brands/")
    expect(page.locator("select[name=field]")).to_be_visible()
    assert page.locator("[data-fold-summary]").is_hidden()


def test_without_javascript_every_page_of_the_list_is_reachable(browser, site_url, realistic_catalog) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.goto(site_url + "brands/")
    assert page.locator("[data-dj-filter]").is_hidden()
    public = {b.id for b in realistic_catalog.public("brand")}
    listed: list[str] = []
    for _ in range(len(public) // PAGE_SIZE + 2):
        hrefs = page.locator(".dj-brand-list li a").evaluate_all("links => links.map(a => a.href)")
        assert 0 < len(hrefs) <= PAGE_SIZE
        listed += [re.search(r"/brands/([^/]+)/$", h)[1] for h in hrefs]  # type: ignore[index]
        following = page.locator(".dj-pager a[rel=next]")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_load_state()
        assert re.search(r"/brands/page/\d+/$", page.url)
    assert sorted(listed) == sorted(public)
    assert "zz-brand-3" not in listed  # the known internal brand
    context.close()
