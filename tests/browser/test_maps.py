"""Maps in Chromium: the SVG map, the Leaflet map below it on request, and nothing requested
from other hosts."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dangjian.geo.towns import APPROXIMATE_NOTE, TOWNS
from tests.browser.conftest import open_recorded
from tests.project import KNOWN, ROUTE_ID, ROUTE_STOPS

pytestmark = pytest.mark.browser

ROUTE = f"routes/{ROUTE_ID}/"  # the known route: three of the known tour sites
PLACE = "sites/zz-tour-1/"
PLACE_LAT, PLACE_LON = 45.561, 131.901
assert f"lat: {PLACE_LAT}\n  lon: {PLACE_LON}\n" in KNOWN["sites/zz-tour-1.yml"]


def _leaflet_requests(log: object) -> list[str]:
    return [u for u in log.requests if "/vendor/leaflet/" in u]  # type: ignore[attr-defined]


def _open_live_map(page: object, figure: str, *, tap: bool = False) -> None:
    """Press (or, on a touch screen, tap) the map's 打开交互地图 and wait until Leaflet has drawn it."""
    page.locator(figure).scroll_into_view_if_needed()  # type: ignore[attr-defined]
    button = page.locator(f"{figure} .dj-map-open")  # type: ignore[attr-defined]
    button.tap() if tap else button.click()
    page.wait_for_selector(f"{figure} .dj-map-live[data-state=ready]", timeout=15000)  # type: ignore[attr-defined]


def test_route_page_shows_its_svg_map_and_leaflet_draws_every_stop(page_and_log: tuple, site_url: str) -> None:
    page, log = page_and_log
    page.goto(site_url + ROUTE)
    svg = page.locator(".dj-map--route .dj-map-static svg")
    assert "测试研学线线路示意图" in (svg.locator("title").text_content() or "")
    page.wait_for_load_state("networkidle")
    assert _leaflet_requests(log) == []  # the static map is the default: Leaflet only when asked
    _open_live_map(page, ".dj-map--route")
    # the static map stays, with its legend and notes, and the live map opens below it
    live = page.locator(".dj-map--route .dj-map-live")
    assert svg.is_visible() and live.bounding_box()["y"] >= svg.bounding_box()["y"] + svg.bounding_box()["height"]
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
    _open_live_map(page, ".dj-map--route")
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
    _open_live_map(page, ".dj-map--route")
    assert page.locator(".dj-map--route .leaflet-marker-icon").count() == len(ROUTE_STOPS)
    assert log.outside() == []


def test_home_overview_map_draws_every_public_place_without_outside_requests(
        page_and_log: tuple, site_url: str, realistic_catalog) -> None:
    page, log = page_and_log
    page.goto(site_url)
    assert page.locator(".dj-map--overview svg").is_visible()
    _open_live_map(page, ".dj-map--overview")
    # a dot for each public site, school and brand with a position
    assert page.locator(".dj-map--overview path.leaflet-interactive").count() == len(realistic_catalog.public_places())
    assert log.outside() == []


@pytest.mark.parametrize("path", [ROUTE, PLACE, ""])
def test_axe_finds_no_serious_violation_with_the_live_map_drawn(page_and_log: tuple, site_url: str,
                                                                axe_source: str, path: str) -> None:
    page, _ = page_and_log
    page.goto(site_url + path)
    _open_live_map(page, ".dj-map")
    page.evaluate(axe_source)  # evaluated by the test driver: the page's policy allows no inline script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}


def _pane_transform(page: object, figure: str) -> str:
    return page.locator(f"{figure} .leaflet-map-pane").evaluate("e => e.style.transform")  # type: ignore[attr-defined]


def _swipe_up(page: object, x: float, y: float, distance: float = 300) -> None:
    """One finger from (x, y) upwards, as the browser's own touch input: the page scrolls
    unless the element under the finger takes the touch (touch-action, preventDefault)."""
    cdp = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y - distance * step / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _labels_apart_and_inside(page: object, figure: str) -> None:
    """Every label shown (the markers' and the schematic layer's names) inside the map's frame
    and clear of every other; a name clear of the sites', schools' and stops' points too."""
    frame = page.locator(f"{figure} .dj-map-live").bounding_box()  # type: ignore[attr-defined]
    shown = ":not(.dj-live-label--hidden)"
    tips = [b for b in (t.bounding_box() for t in page.locator(  # type: ignore[attr-defined]
        f"{figure} .leaflet-tooltip-pane .leaflet-tooltip{shown}").all()) if b]
    names = [b for b in (t.bounding_box() for t in page.locator(  # type: ignore[attr-defined]
        f"{figure} .dj-live-name{shown}").all()) if b]
    boxes = tips + names
    for i, a in enumerate(boxes):
        assert frame["x"] <= a["x"] and a["x"] + a["width"] <= frame["x"] + frame["width"] + 0.5
        assert frame["y"] <= a["y"] and a["y"] + a["height"] <= frame["y"] + frame["height"] + 0.5
        for b in boxes[i + 1:]:
            assert not _overlap(a, b), (a, b)
    # the points: stops and the focus (icons), sites and schools (circles; a line is larger)
    dots = [b for b in (d.bounding_box() for d in page.locator(  # type: ignore[attr-defined]
        f"{figure} .leaflet-marker-icon, {figure} path.leaflet-interactive:not([fill='#6b6b6b'])").all())
        if b and b["width"] <= 32 and b["height"] <= 32]
    for name in names:
        for dot in dots:
            assert not _overlap(name, dot), (name, dot)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_on_a_phone_one_finger_scrolls_the_page_past_the_map_and_a_tap_lets_it_drag(
        browser: object, site_url: str) -> None:
    context, page, log = open_recorded(browser, site_url, **PHONE)
    page.goto(site_url + ROUTE)  # type: ignore[attr-defined]
    _open_live_map(page, ".dj-map--route", tap=True)
    live = page.locator(".dj-map--route .dj-map-live")  # type: ignore[attr-defined]
    assert live.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"
    live.scroll_into_view_if_needed()
    box = live.bounding_box()
    before, scrolled = _pane_transform(page, ".dj-map--route"), page.evaluate("window.scrollY")  # type: ignore[attr-defined]
    _swipe_up(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, 200)
    assert page.evaluate("window.scrollY") > scrolled  # type: ignore[attr-defined]
    assert _pane_transform(page, ".dj-map--route") == before  # the map did not move
    assert live.locator(".dj-map-hint").inner_text() == "用两指移动地图，或轻点地图后单指拖动"
    # a tap on the map (at its edge, away from the markers and the header) lets one finger drag it
    live.scroll_into_view_if_needed()
    box = live.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] - 10, box["y"] + box["height"] * 0.6)  # type: ignore[attr-defined]
    page.wait_for_selector(".dj-map--route .dj-map-live--unlocked")  # type: ignore[attr-defined]
    scrolled = page.evaluate("window.scrollY")  # type: ignore[attr-defined]
    _swipe_up(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, 120)
    assert _pane_transform(page, ".dj-map--route") != before
    assert log.outside() == [] and log.console_errors == []
    context.close()  # type: ignore[attr-defined]


def test_the_live_map_of_a_place_is_never_blank_without_a_base_map(browser: object, site_url: str) -> None:
    context, page, log = open_recorded(browser, site_url, **PHONE)
    page.goto(site_url + PLACE)  # type: ignore[attr-defined]
    _open_live_map(page, ".dj-map--place", tap=True)
    # no tiles: the lake and the routes are drawn as vector paths, and the city is named
    assert page.locator(".dj-map--place .leaflet-tile").count() == 0  # type: ignore[attr-defined]
    assert page.locator(".dj-map--place .leaflet-overlay-pane path").count() >= 2  # type: ignore[attr-defined]
    assert page.locator(".dj-map--place .dj-live-town").inner_text() == "密山市区"  # type: ignore[attr-defined]
    assert page.locator(".dj-map--place .dj-live-focus").is_visible()  # type: ignore[attr-defined]
    # the static map, its legend and note stay above it
    assert page.locator(".dj-map--place .dj-map-static svg").is_visible()  # type: ignore[attr-defined]
    _labels_apart_and_inside(page, ".dj-map--place")
    assert log.outside() == [] and log.console_errors == []
    context.close()  # type: ignore[attr-defined]


def test_the_route_maps_labels_never_overlap_or_leave_the_frame(browser: object, site_url: str) -> None:
    context, page, _ = open_recorded(browser, site_url, **PHONE)
    page.goto(site_url + ROUTE)  # type: ignore[attr-defined]
    _open_live_map(page, ".dj-map--route", tap=True)
    _labels_apart_and_inside(page, ".dj-map--route")
    _zoom(page, ".dj-map--route", "zoom-out")
    _labels_apart_and_inside(page, ".dj-map--route")
    context.close()  # type: ignore[attr-defined]


_SCALE = """(fig) => {
  const line = document.querySelector(fig + ' .leaflet-control-scale-line');
  return line ? line.textContent + ' ' + line.style.width : '';
}"""


def _zoom(page: object, figure: str, button: str = "zoom-in") -> None:
    """Tap a zoom button and wait until the map has zoomed: its scale bar (which Leaflet
    redraws at the end of the move, as the labels are placed again) reads another length."""
    before = page.evaluate(_SCALE, figure)  # type: ignore[attr-defined]
    page.locator(f"{figure} .leaflet-control-{button}").tap()  # type: ignore[attr-defined]
    page.wait_for_function(f"""(args) => ({_SCALE})(args[0]) !== args[1]
      && !document.querySelector('.leaflet-zoom-anim')""", arg=[figure, before])  # type: ignore[attr-defined]


def test_the_schematic_map_names_every_known_town_and_says_which_are_approximate(
        browser: object, site_url: str) -> None:
    context, page, log = open_recorded(browser, site_url, **PHONE)
    page.goto(site_url)  # type: ignore[attr-defined]
    figure = ".dj-map--overview"
    _open_live_map(page, figure, tap=True)
    exact = [t.label for t in TOWNS if not t.approximate]
    rough = [t.label for t in TOWNS if t.approximate]
    assert page.locator(f"{figure} .dj-live-town").all_text_contents() == exact  # type: ignore[attr-defined]
    # a town placed approximately: its name with （约）, no point, and the map's note says what it means
    area = page.locator(f"{figure} .dj-live-area")  # type: ignore[attr-defined]
    assert area.all_text_contents() == rough
    assert page.locator(f"{figure} .leaflet-overlay-pane path:not(.leaflet-interactive)").count() >= 1  # type: ignore[attr-defined]
    assert APPROXIMATE_NOTE in page.locator(f"{figure} .leaflet-control-attribution").inner_text()  # type: ignore[attr-defined]
    # the names never overlap one another, a label or a place's point, at any zoom; each finds
    # a free place around its point (or gives way), and shows where there is room
    shown = set()
    for step in range(3):
        if step:
            _zoom(page, figure)
        _labels_apart_and_inside(page, figure)
        shown |= set(page.locator(f"{figure} .dj-live-area:not(.dj-live-label--hidden)").all_inner_texts())  # type: ignore[attr-defined]
    assert shown == set(rough)
    assert log.outside() == [] and log.console_errors == []
    context.close()  # type: ignore[attr-defined]


_MARKER_AT = """(fig) => {
  const icon = document.querySelector(fig + ' .leaflet-marker-icon').getBoundingClientRect();
  const frame = document.querySelector(fig + ' .dj-map-live').getBoundingClientRect();
  return [icon.x - frame.x, icon.y - frame.y];
}"""


def _touch_drag(page: object, fingers: list[tuple[float, float]], dx: float, dy: float) -> dict[str, object]:
    """Fingers put down at once and moved together by (dx, dy), as the browser's own touch
    input (CDP); what the page shows while they are still down (the hint, the scroll)."""
    cdp = page.context.new_cdp_session(page)  # type: ignore[attr-defined]

    def at(step: int) -> list[dict[str, float]]:
        return [{"x": x + dx * step / 10, "y": y + dy * step / 10, "id": i} for i, (x, y) in enumerate(fingers)]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": at(0)})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": at(step)})
    during = page.evaluate("""(fig) => ({
      hint: document.querySelector(fig + ' .dj-map-hint').classList.contains('dj-map-hint--on'),
      scrollY: window.scrollY })""", ".dj-map--route")  # type: ignore[attr-defined]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    return during  # type: ignore[no-any-return]


def test_on_a_phone_two_fingers_move_the_map_and_one_finger_scrolls_the_page(
        browser: object, site_url: str) -> None:
    context, page, log = open_recorded(browser, site_url, **PHONE)
    figure = ".dj-map--route"
    page.goto(site_url + ROUTE)  # type: ignore[attr-defined]
    _open_live_map(page, figure, tap=True)
    live = page.locator(f"{figure} .dj-map-live")  # type: ignore[attr-defined]

    def middle() -> tuple[float, float]:
        live.scroll_into_view_if_needed()
        box = live.bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    # one finger: the page scrolls under it, the map stays, and the hint says how to move it
    x, y = middle()
    before, scrolled = page.evaluate(_MARKER_AT, figure), page.evaluate("() => window.scrollY")  # type: ignore[attr-defined]
    during = _touch_drag(page, [(x, y)], 0, -150)
    assert during["hint"] is True and during["scrollY"] > scrolled  # type: ignore[operator]
    assert page.evaluate(_MARKER_AT, figure) == before  # type: ignore[attr-defined]

    # two fingers, across and then up: the map follows them, the page does not move
    for dx, dy in ((-100, 0), (0, -80)):
        x, y = middle()
        before, scrolled = page.evaluate(_MARKER_AT, figure), page.evaluate("() => window.scrollY")  # type: ignore[attr-defined]
        during = _touch_drag(page, [(x - 40, y), (x + 40, y)], dx, dy)
        assert during["hint"] is False and during["scrollY"] == scrolled
        page.wait_for_function(f"""(args) => {{
          const now = ({_MARKER_AT})(args[0]);
          return (now[0] !== args[1][0] || now[1] !== args[1][1]) && !document.querySelector('.leaflet-zoom-anim');
        }}""", arg=[figure, before])  # type: ignore[attr-defined]
        after = page.evaluate(_MARKER_AT, figure)  # type: ignore[attr-defined]
        assert abs(after[0] - before[0] - dx) <= 2 and abs(after[1] - before[1] - dy) <= 2, (before, after)
        assert page.evaluate("() => window.scrollY") == scrolled  # type: ignore[attr-defined]
    assert not page.locator(f"{figure} .dj-map-live--unlocked").count()  # type: ignore[attr-defined]  # still locked
    assert log.outside() == [] and log.console_errors == []
    context.close()  # type: ignore[attr-defined]
