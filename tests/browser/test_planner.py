"""The study-tour planner in Chromium: order, warnings, share link, print, downloads, offline."""

from __future__ import annotations

import datetime as dt
import json
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

    # print to PDF: an A4 page with the schematic and the schedule
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1

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
