"""Maps in Chromium: the SVG map, the Leaflet map over it, and nothing requested from other hosts."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.project import KNOWN, ROUTE_ID, ROUTE_STOPS

pytestmark = pytest.mark.browser

ROUTE = f"routes/{ROUTE_ID}/"  # the known route: three of the known tour sites
PLACE = "sites/zz-tour-1/"
PLACE_LAT, PLACE_LON = 45.561, 131.901
assert f"lat: {PLACE_LAT}\n  lon: {PLACE_LON}\n" in KNOWN["sites/zz-tour-1.yml"]


def _leaflet_requests(log: object) -> list[str]:
    return [u for u in log.requests if "/vendor/leaflet/" in u]  # type: ignore[attr-defined]


def test_route_page_shows_its_svg_map_and_leaflet_draws_every_stop(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + ROUTE)
    svg = page.locator(".dj-map--route .dj-map-static svg")
    assert "测试研学线线路示意图" in (svg.locator("title").text_content() or "")
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    # the SVG is what prints, and what shows when the live map is off
    page.emulate_media(media="print")
    assert svg.is_visible() and svg.bounding_box()["width"] > 300
    assert not page.locator(".dj-map--route .dj-map-live").is_visible()
    page.emulate_media(media="screen")
    markers = page.locator(".dj-map--route .leaflet-marker-icon")
    assert markers.count() == len(ROUTE_STOPS)
    assert page.locator(".dj-map--route path.leaflet-interactive").count() == 1  # the route line
    assert page.locator("ol.dj-stops > li").count() == len(ROUTE_STOPS)
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
    first = f"/sites/{ROUTE_STOPS[0]}/"
    assert link.get_attribute("href", timeout=5000).endswith(first)
    # the popup may still be panning the map into view on a busy machine: the click goes to
    # the link element itself, as a tap on it does
    link.dispatch_event("click")
    page.wait_for_url("**" + first)
    assert log.outside() == []


def test_place_page_loads_leaflet_only_when_asked(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + PLACE)
    page.wait_for_load_state("networkidle")
    assert page.locator(".dj-map--place svg").is_visible()
    assert _leaflet_requests(log) == []
    page.get_by_role("button", name="打开交互地图").click()
    page.wait_for_selector(".dj-map--place .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--place .dj-live-focus").count() == 1
    assert _leaflet_requests(log) and log.outside() == []


def test_navigation_links_carry_each_apps_order_and_coordinate_type(page_and_log: tuple, site_url: str) -> None:
    page, _ = page_and_log
    page.goto(site_url + PLACE)
    hrefs = {a.inner_text(): a.get_attribute("href") for a in page.locator(".dj-nav-links a").all()}
    q = {app: {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} for app, url in hrefs.items()}
    lat, lon = f"{PLACE_LAT:.6f}", f"{PLACE_LON:.6f}"
    assert q["高德地图"]["position"] == f"{lon},{lat}" and q["高德地图"]["coordinate"] == "wgs84"
    assert q["百度地图"]["location"] == f"{lat},{lon}" and q["百度地图"]["coord_type"] == "wgs84"
    assert q["腾讯地图"]["marker"].startswith(f"coord:{lat},{lon};") and q["腾讯地图"]["coord_type"] == "1"


def test_brand_pages_do_not_load_leaflet(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    for brand in ("zz-brand-1", "zz-brand-2"):  # the known brands with and without a position
        page.goto(f"{site_url}brands/{brand}/")
        page.wait_for_load_state("networkidle")
    assert _leaflet_requests(log) == [] and log.outside() == []


def test_instant_navigation_to_a_route_draws_its_map(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + "routes/")
    page.locator(f'a[href$="{ROUTE.split("/")[1]}/"]').first.click()
    page.wait_for_url("**/" + ROUTE)
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--route .leaflet-marker-icon").count() == len(ROUTE_STOPS)
    assert log.outside() == []


def test_home_overview_map_draws_every_public_place_without_outside_requests(
        page_and_log: tuple, site_url: str, realistic_catalog) -> None:
    page, log = page_and_log
    page.goto(site_url)
    assert page.locator(".dj-map--overview svg").is_visible()
    page.locator(".dj-map--overview").scroll_into_view_if_needed()
    page.wait_for_selector(".dj-map--overview .dj-map-live[data-state=ready]", timeout=15000)
    # a dot for each public site, school and brand with a position
    assert page.locator(".dj-map--overview path.leaflet-interactive").count() == len(realistic_catalog.public_places())
    assert log.outside() == []


@pytest.mark.parametrize("path", [ROUTE, PLACE, ""])
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
