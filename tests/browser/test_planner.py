"""The study-tour planner in Chromium: order, warnings, share link, the printed 行程单,
downloads, the phone picker, offline."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import gpxpy
import icalendar
import pytest

from dangjian.geo.matrix import KnownLeg, TravelAssumptions, TravelMatrix, build_matrix
from tests.project import CLOSED_MONDAY, SMALLER_THAN_250, TOUR

pytestmark = pytest.mark.browser

# The five known tour sites: two are closed on Mondays, three receive fewer than 250 people at
# once, one must be booked and one has sample fields.
STOPS = TOUR


def next_monday() -> str:
    today = dt.date.today()
    return (today + dt.timedelta(days=7 - today.weekday())).isoformat()


def reference_matrix(data: dict, ids: list[str]) -> TravelMatrix:
    """The build's reference matrix over the start and the places ids (after the start)."""
    row = {p["id"]: i for i, p in enumerate(data["places"])}
    places = [data["places"][row[pid]] for pid in ids]
    at = {pid: n + 1 for n, pid in enumerate(ids)}
    points = [(data["start"]["lat"], data["start"]["lon"])] + [(p["lat"], p["lon"]) for p in places]
    known = [KnownLeg(at[a], at[b], km, minutes) for a, b, km, minutes in data["legs"] if a in at and b in at]
    assume = TravelAssumptions(data["assume"]["roadFactor"], data["assume"]["speedKmh"])
    return build_matrix(points, known, assume)


def http_requests(log) -> list[str]:
    """What the page asked for over HTTP; the favicon is the browser's own, fetched when it likes."""
    return [u for u in log.requests if urlsplit(u).scheme in ("http", "https")
            and not urlsplit(u).path.endswith("/favicon.png")]


def open_planner(page, site_url: str, suffix: str = "") -> None:
    page.goto(site_url + "planner/" + suffix)
    page.wait_for_selector("[data-dj-pick]")
    page.wait_for_load_state("networkidle")


def plan_five(page, data: dict, date: str, group: int) -> None:
    for pid in STOPS:
        index = next(i for i, p in enumerate(data["places"]) if p["id"] == pid)
        page.check(f"[data-dj-pick][value='{index}']")
    page.fill("input[name=date]", date)
    page.fill("input[name=group]", str(group))
    page.click("[data-dj-plan]")
    page.wait_for_selector("[data-dj-result]:not([hidden])")


def planned_order(page) -> list[str]:
    return page.locator("[data-dj-schedule] tr.dj-planner__stop").evaluate_all("rows => rows.map(r => r.dataset.id)")


@pytest.fixture(scope="module")
def planner_data(built_site: Path) -> dict:
    return json.loads((built_site / "assets/dangjian/planner/places.json").read_text(encoding="utf-8"))


def download_json(page) -> dict:
    with page.expect_download() as info:
        page.click("[data-dj-json]")
    assert info.value.suggested_filename.endswith("行程数据.json")
    return json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


def minutes_of(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """The link targets on each page of a PDF Chromium printed, in page order.

    Chromium writes a PDF 1.4 file of plain objects: the page tree's /Kids in page order,
    each page's /Annots, each link annotation's /URI. A stop's row links to its page, so
    where a stop's address is linked is where its row was printed."""
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj\b(.*?)\bendobj", pdf, re.S)}
    refs = lambda text: [int(r) for r in re.findall(rb"(\d+) 0 R", text)]  # noqa: E731
    root = next(n for n, body in objects.items()
                if re.search(rb"/Type\s*/Pages\b", body) and not re.search(rb"/Parent\b", body))

    def leaves(n: int) -> list[int]:
        body = objects[n]
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
            assert kids is not None
            return [leaf for kid in refs(kids[1]) for leaf in leaves(kid)]
        return [n]

    pages = []
    for n in leaves(root):
        links: list[str] = []
        annots = re.search(rb"/Annots\s*(\[.*?\]|\d+ 0 R)", objects[n], re.S)
        if annots:
            listed = annots[1] if annots[1].startswith(b"[") else objects[refs(annots[1])[0]]
            for a in refs(listed):
                if uri := re.search(rb"/URI\s*\(((?:\\.|[^\\)])*)\)", objects[a]):
                    links.append(uri[1].decode("latin-1"))
        pages.append(links)
    assert len(pages) == len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    return pages


def next_tuesday() -> str:
    return (dt.date.fromisoformat(next_monday()) + dt.timedelta(days=1)).isoformat()


def eight_stops(data: dict) -> list[str]:
    """The five known tour sites, the known school and the two other places nearest the start
    that give no opening hours (so that they fit any day)."""
    known = [*TOUR, "zz-school"]
    start = data["start"]
    others = sorted((p for p in data["places"] if p["id"] not in known and not p.get("hours")),
                    key=lambda p: math.hypot(p["lat"] - start["lat"], p["lon"] - start["lon"]))
    return known + [p["id"] for p in others[:2]]


def test_five_stops_on_a_monday_leave_the_closed_places_out_and_mark_the_problems(
        page_and_log, site_url, planner_data, tmp_path) -> None:
    page, log = page_and_log
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_planner(page, site_url)
    loaded = len(http_requests(log))
    plan_five(page, planner_data, next_monday(), 250)

    order = planned_order(page)
    places = {p["id"]: p for p in planner_data["places"]}
    closed_monday = {pid for pid in STOPS if (places[pid].get("hours") or [None])[0] == []}
    too_small = {pid for pid in STOPS if places[pid].get("max", 10**6) < 250}
    assert closed_monday == CLOSED_MONDAY and too_small == SMALLER_THAN_250
    # the places closed on Mondays are not scheduled: they are problems, with why
    assert sorted(order) == sorted(set(STOPS) - closed_monday)
    closed = page.locator("[data-dj-warnings] [data-code=closed]")
    assert {closed.nth(i).get_attribute("data-place") for i in range(closed.count())} == closed_monday
    assert all(closed.nth(i).get_attribute("data-level") == "problem" for i in range(closed.count()))
    assert "周一闭馆" in closed.first.inner_text()
    unplaced = page.locator("[data-dj-schedule] tr.dj-planner__unplaced")
    assert {unplaced.nth(i).get_attribute("data-id") for i in range(unplaced.count())} == closed_monday
    # a group too large is marked on its own row and said once in the list
    marked = page.locator("[data-dj-schedule] tr.dj-planner__stop.dj-planner__row--problem")
    assert {marked.nth(i).get_attribute("data-id") for i in range(marked.count())} == too_small - closed_monday
    group = page.locator("[data-dj-warnings] [data-code=group]")
    assert {group.nth(i).get_attribute("data-place") for i in range(group.count())} == too_small - closed_monday
    assert "250" in group.first.inner_text()
    # each 提示 once per plan
    notes = page.locator("[data-dj-warnings] [data-level=note]")
    codes = [notes.nth(i).get_attribute("data-code") for i in range(notes.count())]
    assert len(codes) == len(set(codes))
    assert "精确最优" in page.locator("[data-dj-summary]").inner_text()
    assert page.locator("[data-dj-map] svg circle").count() == len(order)

    # the plan as data: what the page shows, and the matrix the build's reference gives
    plan = download_json(page)
    assert plan["order"] == "exact"
    assert [s["id"] for d in plan["days"] for s in d["stops"]] == order
    assert plan["days"][0]["date"] == next_monday()
    assert sorted(plan["unplaced"]) == sorted(closed_monday)
    ids = plan["travel"]["ids"]
    assert ids[0] == "@start" and ids[1:] == order + plan["unplaced"]
    assert plan["travel"]["minutes"] == reference_matrix(planner_data, ids[1:]).minutes
    for stop in plan["days"][0]["stops"]:
        start, leave = minutes_of(stop["start"]), minutes_of(stop["leave"])
        assert minutes_of(stop["arrive"]) + stop["wait"] <= start < leave
        if stop["open"] is not None:
            assert any(minutes_of(a) <= start and leave <= minutes_of(b) for a, b in stop["open"])
    assert any("周一闭馆" in p for p in plan["problems"])
    assert plan["notes"] and all(isinstance(n, str) for n in plan["notes"])

    # print to PDF: one A4 page with the whole schedule on it
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    [links] = pdf_pages(pdf)
    assert {site_url + places[pid]["url"] for pid in order} <= set(links)

    # downloads
    with page.expect_download() as info:
        page.click("[data-dj-ics]")
    ics = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".ics")
    assert b"T24" not in ics.replace(b"\r\n ", b"")
    calendar = icalendar.Calendar.from_ical(ics)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == len(order)
    names = [places[pid]["name"] for pid in order]
    assert [str(e["SUMMARY"]) for e in events] == [f"研学：{n}" for n in names]
    first = events[0].decoded("DTSTART")
    assert str(first.tzinfo) in ("Asia/Shanghai", "CST") and first.utcoffset() == dt.timedelta(hours=8)
    assert first.date().isoformat() == next_monday()
    assert all(str(e["LOCATION"]).startswith(n) for e, n in zip(events, names, strict=True))

    with page.expect_download() as info:
        page.click("[data-dj-gpx]")
    gpx = gpxpy.parse(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(gpx.waypoints) == len(order)
    assert [p.name for p in gpx.routes[0].points][1:] == [f"{i + 1}. {n}" for i, n in enumerate(names)]

    # nothing was requested after the page and its data had loaded
    assert http_requests(log)[loaded:] == []
    assert log.outside() == []
    assert errors == [] and log.console_errors == []


def test_the_documented_address_opens_the_best_plan_and_says_what_it_ignored(page_and_log, site_url) -> None:
    page, log = page_and_log
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    tuesday = (dt.date.fromisoformat(next_monday()) + dt.timedelta(days=1)).isoformat()
    query = f"?stops={TOUR[2]},no-such-place,{TOUR[0]}&date={tuesday}&start=08:30&group=30&days=1&return=1&lunch=0"
    page.goto(site_url + "planner/" + query)
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    assert sorted(planned_order(page)) == sorted([TOUR[2], TOUR[0]])
    message = page.locator("[data-dj-message]").inner_text()
    assert "no-such-place" in message and "精确最优" in message
    assert page.input_value("input[name=group]") == "30"
    assert page.input_value("input[name=time]") == "08:30"
    assert page.input_value("input[name=date]") == tuesday
    assert page.is_checked("input[name=back]")
    assert page.input_value("input[name=lunchMin]") == "0"
    assert "?" not in page.url and "#v1;" in page.url  # the plan now lives in the share link
    plan = download_json(page)
    assert plan["back"] is True and plan["lunch"] is None and plan["group"] == 30
    assert [d["date"] for d in plan["days"]] == [tuesday]

    # a clean link opens at its plan, which on a phone is below the list of places
    page.goto(site_url + "planner/" + f"?stops={TOUR[2]},{TOUR[0]}&date={tuesday}&start=08:30&group=30")
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    top = page.locator("[data-dj-result]").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]

    # bad values: the page opens with what it could read, and says what it ignored
    page.goto(site_url + "planner/?stops=nope,,&date=2025-02-30&start=25:00&group=-1")
    page.wait_for_selector("[data-dj-pick]")
    text = page.locator("[data-dj-message]").inner_text()
    for part in ("nope", "2025-02-30", "25:00", "-1"):
        assert part in text
    assert page.locator("[data-dj-result]").is_hidden()
    assert errors == [] and log.console_errors == []


def test_a_route_page_opens_in_the_planner_with_its_own_visit_minutes(page_and_log, site_url, planner_data) -> None:
    page, _ = page_and_log
    route = next(r for r in planner_data["routes"])
    page.goto(site_url + f"routes/{route['id']}/")
    button = page.locator("a.md-button", has_text="在研学规划中打开")
    assert button.count() == 1
    shown = page.locator(".dj-facts dd").nth(2).inner_text()  # 参观时间 on the route page
    button.click()
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    ids = [planner_data["places"][i]["id"] for i in route["stops"]]
    order = planned_order(page)
    unplaced = page.locator("[data-dj-schedule] tr.dj-planner__unplaced").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert sorted(order + unplaced) == sorted(ids)
    plan = download_json(page)
    own = dict(zip(ids, route["min"], strict=True))
    for stop in (s for d in plan["days"] for s in d["stops"]):
        assert minutes_of(stop["leave"]) - minutes_of(stop["start"]) == own[stop["id"]]
    if not unplaced:
        summary = page.locator("[data-dj-summary]").inner_text()
        assert f"参观 {shown}" in summary


def test_the_share_link_restores_the_same_plan(browser, page_and_log, site_url, planner_data) -> None:
    page, _ = page_and_log
    open_planner(page, site_url)
    plan_five(page, planner_data, next_monday(), 250)
    page.click("[data-dj-chosen] [data-move='1'][data-at='0']")  # a hand-made order survives too
    link = page.url
    order = planned_order(page)
    schedule = page.locator("[data-dj-schedule]").inner_text()
    assert "#v1;" in link
    assert ";n=" not in link  # one day: the short form older links had

    other = browser.new_context().new_page()
    other.goto(link)
    other.wait_for_selector("[data-dj-result]:not([hidden])")
    assert planned_order(other) == order
    assert other.locator("[data-dj-schedule]").inner_text() == schedule
    assert other.input_value("input[name=group]") == "250"
    assert other.input_value("input[name=date]") == next_monday()
    assert "恢复" in other.locator("[data-dj-message]").inner_text()
    other.context.close()


def test_a_truncated_link_opens_what_it_can_with_a_message(page_and_log, site_url) -> None:
    page, log = page_and_log
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_planner(page, site_url, f"#v1;s={TOUR[2]},{TOUR[0]},no-such-pl;d=2026-0")
    message = page.locator("[data-dj-message]")
    assert message.is_visible()
    text = message.inner_text()
    assert "截断" in text and "no-such-pl" in text and "日期" in text
    assert planned_order(page) == [TOUR[2], TOUR[0]]

    open_planner(page, site_url, "#%E4%garbage;;;")
    assert page.locator("[data-dj-message]").is_visible()
    assert page.locator("[data-dj-pick]").count() > 0
    assert errors == [] and log.console_errors == []


def stop_links(site_url: str, data: dict, ids: list[str]) -> set[str]:
    url = {p["id"]: p["url"] for p in data["places"]}
    return {site_url + url[pid] for pid in ids}


def test_a_one_day_plan_of_eight_stops_prints_on_one_a4_page(page_and_log, site_url, planner_data) -> None:
    page, log = page_and_log
    stops = eight_stops(planner_data)
    query = (f"?stops={','.join(stops)}&minutes={','.join(['30'] * 8)}&date={next_tuesday()}"
             "&start=08:00&group=250&days=1&latest=23:30")
    page.goto(site_url + "planner/" + query)
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    order = planned_order(page)
    assert sorted(order) == sorted(stops)
    assert page.locator("tr.dj-planner__stop.dj-planner__row--problem").count() >= 1  # 250 people: problems

    pages = pdf_pages(page.pdf(format="A4"))  # print media
    assert len(pages) == 1
    assert stop_links(site_url, planner_data, order) <= set(pages[0])

    # what the 行程单 carries: title, date, group, lines to fill in, the schedule, the map, the QR code
    page.emulate_media(media="print")
    sheet = page.locator(".dj-planner__sheet")
    assert sheet.count() == 1
    head = sheet.locator(".dj-planner__sheethead").inner_text()
    for text in ("研学行程单", next_tuesday(), "250 人", "组织单位", "带队人"):
        assert text in head
    assert sheet.locator(".dj-planner__daymap svg circle").count() == 8
    assert sheet.locator(".dj-planner__qr svg path").count() == 1
    assert sheet.locator(".dj-planner__problem").first.is_visible()
    for hidden in (".md-header", ".md-footer", ".md-sidebar", "[data-dj-form]", ".dj-planner__assumptions",
                   "[data-dj-summary]", "[data-dj-print]"):
        assert all(not e.is_visible() for e in page.locator(hidden).all()), hidden
    assert log.outside() == []


def test_a_plan_over_several_days_prints_one_page_per_day_and_every_export_parses(
        page_and_log, site_url, planner_data) -> None:
    page, log = page_and_log
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    stops = eight_stops(planner_data)
    page.goto(site_url + "planner/" + f"?stops={','.join(stops)}&date={next_tuesday()}&start=08:00&group=40"
              "&days=auto&latest=14:00&return=1")
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    plan = download_json(page)
    days = [[s["id"] for s in d["stops"]] for d in plan["days"]]
    assert len(days) >= 2 and all(days) and plan["unplaced"] == []
    assert page.locator(".dj-planner__sheet").count() == len(days)

    pages = pdf_pages(page.pdf(format="A4"))
    assert len(pages) == len(days)
    for links, ids in zip(pages, days, strict=True):  # each day's schedule on its own page
        assert stop_links(site_url, planner_data, ids) <= set(links)
        assert not (stop_links(site_url, planner_data, [i for d in days if d != ids for i in d]) & set(links))

    order = [i for d in days for i in d]
    places = {p["id"]: p for p in planner_data["places"]}
    names = [places[i]["name"] for i in order]

    def download(button: str) -> Path:
        with page.expect_download() as info:
            page.click(button)
        return Path(info.value.path())

    # iCalendar: one event per visit on its day, in Asia/Shanghai with its VTIMEZONE
    raw = download("[data-dj-ics]").read_bytes()
    assert b"T24" not in raw.replace(b"\r\n ", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [f"研学：{n}" for n in names]
    dates = [d["date"] for d in plan["days"] for _ in d["stops"]]
    for event, date, stop in zip(events, dates, (s for d in plan["days"] for s in d["stops"]), strict=True):
        begin, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert begin.utcoffset() == dt.timedelta(hours=8) and begin.date().isoformat() == date
        assert begin.strftime("%H:%M") == stop["start"] and end.strftime("%H:%M") == stop["leave"]
        assert event.get("UID") and event.get("DTSTAMP")
    assert len({str(e["UID"]) for e in events}) == len(events)

    # GPX 1.1: a waypoint per stop, a route per day from and back to the start, a track
    gpx = gpxpy.parse(download("[data-dj-gpx]").read_text(encoding="utf-8"))
    assert [w.name for w in gpx.waypoints] == [f"{n + 1}. {name}" for n, name in enumerate(names)]
    assert len(gpx.routes) == len(days)
    at = 0
    for route, ids in zip(gpx.routes, days, strict=True):
        points = [p.name for p in route.points]
        assert points[1:-1] == [f"{at + k + 1}. {places[i]['name']}" for k, i in enumerate(ids)]
        assert points[0] == points[-1] == plan["start"]["name"]  # every day ends at the start: return=1
        at += len(ids)
    assert [len(s.points) for s in gpx.tracks[0].segments] == [len(d) + 2 for d in days]
    first = gpx.waypoints[0]
    assert (round(first.latitude, 5), round(first.longitude, 5)) == (places[order[0]]["lat"], places[order[0]]["lon"])

    # KML 2.2: placemarks for the start and the stops, a LineString per day (lon,lat)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    kml = ET.parse(download("[data-dj-kml]")).getroot()
    assert kml.tag == "{http://www.opengis.net/kml/2.2}kml"
    points = [m for m in kml.iterfind(".//k:Placemark", ns) if m.find("k:Point", ns) is not None]
    assert [m.findtext("k:name", namespaces=ns) for m in points] == [
        plan["start"]["name"], *[f"{n + 1}. {name}" for n, name in enumerate(names)]]
    lon, lat = (float(x) for x in points[1].findtext("k:Point/k:coordinates", namespaces=ns).split(","))
    assert (round(lat, 5), round(lon, 5)) == (places[order[0]]["lat"], places[order[0]]["lon"])
    lines = kml.findall(".//k:LineString/k:coordinates", ns)
    assert [len(c.text.split()) for c in lines] == [len(d) + 2 for d in days]

    # GeoJSON (RFC 7946): [lon, lat] points and a LineString per day
    geo = json.loads(download("[data-dj-geojson]").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    kinds = [(f["geometry"]["type"], f["properties"]["role"]) for f in geo["features"]]
    assert kinds == [("Point", "start"), *[("Point", "stop")] * len(order), *[("LineString", "day")] * len(days)]
    stops_geo = [f for f in geo["features"] if f["properties"]["role"] == "stop"]
    assert [f["properties"]["id"] for f in stops_geo] == order
    assert stops_geo[0]["geometry"]["coordinates"] == [places[order[0]]["lon"], places[order[0]]["lat"]]
    assert [f["properties"]["date"] for f in stops_geo] == dates

    assert log.outside() == []
    assert errors == [] and log.console_errors == []


@pytest.fixture
def phone(browser, site_url):
    from tests.browser.conftest import open_recorded

    context, page, log = open_recorded(browser, site_url, viewport={"width": 360, "height": 740},
                                       has_touch=True, is_mobile=True)
    yield page, log
    context.close()


def shown_ids(page, data: dict) -> list[str]:
    indices = page.locator("[data-dj-places] > li:not([hidden])").evaluate_all("items => items.map(i => +i.dataset.index)")
    return [data["places"][i]["id"] for i in indices]


def test_the_picker_on_a_phone_scrolls_with_the_page_filters_by_pinyin_and_picks_on_the_map(
        phone, site_url, planner_data) -> None:
    page, log = phone
    open_planner(page, site_url)
    index = {p["id"]: i for i, p in enumerate(planner_data["places"])}
    # no box of its own: every place is laid out in the page, which scrolls
    scrollers = page.evaluate("""() => [...document.querySelectorAll('.dj-planner__pick, .dj-planner__pick *')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1)
        .map(e => e.className || e.tagName)""")
    assert scrollers == []
    places_box = page.locator("[data-dj-places]").bounding_box()
    assert places_box and places_box["height"] > 740
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # text: names and towns as typed, full pinyin and initials
    page.fill("[data-dj-q]", "测试甲")
    assert shown_ids(page, planner_data) == ["zz-tour-1"]
    page.fill("[data-dj-q]", "ceshijia")
    assert shown_ids(page, planner_data) == ["zz-tour-1"]
    page.fill("[data-dj-q]", "csjjng")
    assert shown_ids(page, planner_data) == ["zz-tour-1"]
    page.fill("[data-dj-q]", "xingkaihu")  # the town 兴凯湖乡
    assert "zz-tour-5" in shown_ids(page, planner_data)
    assert all(planner_data["places"][index[i]]["town"] == "兴凯湖乡" or "兴凯湖" in planner_data["places"][index[i]]["name"]
               for i in shown_ids(page, planner_data))
    # kind and town
    page.fill("[data-dj-q]", "")
    site = planner_data["places"][index["zz-tour-3"]]
    page.select_option("[data-dj-kind]", site["label"])
    page.select_option("[data-dj-town]", site["town"])
    shown = shown_ids(page, planner_data)
    assert "zz-tour-3" in shown and "zz-tour-1" not in shown
    assert all(planner_data["places"][index[i]]["label"] == site["label"] for i in shown)
    assert page.locator(".dj-pickmap__pt:not(.dj-pickmap__pt--off)").count() == len(shown)

    # pick on the map: tap the point, it is listed on top (above the list) with its remove button
    page.fill("[data-dj-q]", "测试丙")
    page.locator(f".dj-pickmap__pt[data-index='{index['zz-tour-3']}']").tap()
    chosen = page.locator("[data-dj-chosen] li")
    assert chosen.count() == 1 and chosen.first.get_attribute("data-id") == "zz-tour-3"
    assert page.is_checked(f"[data-dj-pick][value='{index['zz-tour-3']}']")
    top = chosen.first.bounding_box()
    first_place = page.locator("[data-dj-places]").bounding_box()
    assert top and first_place and top["y"] < first_place["y"]
    page.locator(f".dj-pickmap__pt[data-index='{index['zz-tour-3']}']").tap()  # tap again: unpicked
    assert chosen.count() == 0
    page.check(f"[data-dj-pick][value='{index['zz-tour-3']}']")
    assert page.locator(f".dj-pickmap__pt--chosen[data-index='{index['zz-tour-3']}']").count() == 1
    chosen.first.get_by_role("button", name="移除“测试丙博物馆”").click()
    assert chosen.count() == 0 and not page.is_checked(f"[data-dj-pick][value='{index['zz-tour-3']}']")
    assert log.outside() == []
