"""Maps in Chromium: the SVG map, the Leaflet map over it, and nothing requested from other hosts."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.browser

ROUTE = "routes/hongse-mishan-xing/"


def _stop_count(route_id: str) -> int:
    text = (REPO / "routes" / f"{route_id}.yml").read_text(encoding="utf-8")
    return text.count("  - ref: ")


def _leaflet_requests(log: object) -> list[str]:
    return [u for u in log.requests if "/vendor/leaflet/" in u]  # type: ignore[attr-defined]


def test_route_page_shows_its_svg_map_and_leaflet_draws_every_stop(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + ROUTE)
    svg = page.locator(".dj-map--route .dj-map-static svg")
    assert "红色密山行线路示意图" in (svg.locator("title").text_content() or "")
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    # the SVG is what prints, and what shows when the live map is off
    page.emulate_media(media="print")
    assert svg.is_visible() and svg.bounding_box()["width"] > 300
    assert not page.locator(".dj-map--route .dj-map-live").is_visible()
    page.emulate_media(media="screen")
    markers = page.locator(".dj-map--route .leaflet-marker-icon")
    assert markers.count() == _stop_count("hongse-mishan-xing")
    assert page.locator(".dj-map--route path.leaflet-interactive").count() == 1  # the route line
    assert page.locator("ol.dj-stops > li").count() == _stop_count("hongse-mishan-xing")
    assert log.outside() == [] and log.console_errors == []


def test_without_javascript_the_svg_map_is_shown(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + ROUTE)
    svg = page.locator(".dj-map--route .dj-map-static svg")
    assert svg.is_visible() and 300 <= svg.bounding_box()["width"] <= 360  # fills a phone screen
    assert not page.locator(".dj-map--route .dj-map-live").is_visible()
    context.close()


def test_a_marker_links_to_its_stop_page(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + ROUTE)
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    # stops 1 and 2 lie close together: dispatch the click to the marker itself
    page.locator(".dj-map--route .leaflet-marker-icon").first.dispatch_event("click")
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href", timeout=5000).endswith("/sites/laohangxiao-jinianguan/")
    link.click()
    page.wait_for_url("**/sites/laohangxiao-jinianguan/")
    assert log.outside() == []


def test_place_page_loads_leaflet_only_when_asked(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + "sites/laohangxiao-jinianguan/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".dj-map--place svg").is_visible()
    assert _leaflet_requests(log) == []
    page.get_by_role("button", name="打开交互地图").click()
    page.wait_for_selector(".dj-map--place .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--place .dj-live-focus").count() == 1
    assert _leaflet_requests(log) and log.outside() == []


def test_navigation_links_carry_each_apps_order_and_coordinate_type(page_and_log: tuple, site_url: str) -> None:
    page, _ = page_and_log
    page.goto(site_url + "sites/laohangxiao-jinianguan/")
    hrefs = {a.inner_text(): a.get_attribute("href") for a in page.locator(".dj-nav-links a").all()}
    q = {app: {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} for app, url in hrefs.items()}
    assert q["高德地图"]["position"] == "131.830000,45.540000" and q["高德地图"]["coordinate"] == "wgs84"
    assert q["百度地图"]["location"] == "45.540000,131.830000" and q["百度地图"]["coord_type"] == "wgs84"
    assert q["腾讯地图"]["marker"].startswith("coord:45.540000,131.830000;") and q["腾讯地图"]["coord_type"] == "1"


def test_brand_pages_do_not_load_leaflet(page_and_log: tuple, site_url: str, built_site: Path) -> None:
    page, log = page_and_log
    with_location = next(p for p in (REPO / "data/brands").rglob("*.yml") if "location:" in p.read_text("utf-8"))
    without = next(p for p in (REPO / "data/brands").rglob("*.yml") if "location:" not in p.read_text("utf-8"))
    for path in (with_location, without):
        page.goto(f"{site_url}brands/{path.stem}/")
        page.wait_for_load_state("networkidle")
    assert _leaflet_requests(log) == [] and log.outside() == []


def test_instant_navigation_to_a_route_draws_its_map(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + "routes/")
    page.locator(f'a[href$="{ROUTE.split("/")[1]}/"]').first.click()
    page.wait_for_url("**/" + ROUTE)
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--route .leaflet-marker-icon").count() == _stop_count("hongse-mishan-xing")
    assert log.outside() == []


def test_home_overview_map_draws_without_outside_requests(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url)
    assert page.locator(".dj-map--overview svg").is_visible()
    page.locator(".dj-map--overview").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--overview .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--overview path.leaflet-interactive").count() > 10
    assert log.outside() == []


@pytest.mark.parametrize("path", [ROUTE, "sites/laohangxiao-jinianguan/", ""])
def test_axe_finds_no_serious_violation_with_the_live_map_drawn(page_and_log: tuple, site_url: str,
                                                                axe_source: str, path: str) -> None:
    page, _ = page_and_log
    page.goto(site_url + path)
    if path.startswith("sites/"):
        page.get_by_role("button", name="打开交互地图").click()
    page.locator(".dj-map").first.scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map-live[data-state=ready]", timeout=15000)
    page.evaluate(axe_source)  # evaluated by the test driver: the page's policy allows no inline script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
