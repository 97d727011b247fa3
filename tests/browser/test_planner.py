"""The study-tour planner in Chromium: order, warnings, share link, print, downloads, offline."""

from __future__ import annotations

import datetime as dt
import itertools
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


def brute_force(matrix: dict) -> tuple[list[tuple[int, int]], dict[tuple[str, ...], tuple[int, int]]]:
    """Every order's (minutes, km10) over the matrix the page exports, from the start (row 0)."""
    ids = matrix["ids"]
    costs = {}
    for order in itertools.permutations(range(1, len(ids))):
        at, minutes, km10 = 0, 0, 0
        for row in order:
            minutes += matrix["minutes"][at][row]
            km10 += round(matrix["km"][at][row] * 10)
            at = row
        if matrix["back"]:
            minutes += matrix["minutes"][at][0]
            km10 += round(matrix["km"][at][0] * 10)
        costs[tuple(ids[row] for row in order)] = (minutes, km10)
    return sorted(costs.values()), costs


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


def test_five_stops_get_the_brute_force_order_and_the_warnings(page_and_log, site_url, planner_data, tmp_path) -> None:
    page, log = page_and_log
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_planner(page, site_url)
    loaded = len(http_requests(log))
    plan_five(page, planner_data, next_monday(), 250)

    order = planned_order(page)
    with page.expect_download() as info:
        page.click("[data-dj-matrix]")
    assert info.value.suggested_filename.endswith("距离矩阵.json")
    matrix = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert matrix["ids"] == ["@start", *order] and matrix["back"] is False and matrix["orderKind"] == "exact"
    reference = reference_matrix(planner_data, order)  # the page computed what the build's reference does
    assert matrix["minutes"] == reference.minutes
    assert [[round(km * 10) for km in row] for row in matrix["km"]] == reference.km10
    ranked, costs = brute_force(matrix)
    assert sorted(order) == sorted(STOPS)
    assert (matrix["totals"]["minutes"], round(matrix["totals"]["km"] * 10)) == costs[tuple(order)]
    assert costs[tuple(order)] == ranked[0]
    if ranked[0] != ranked[1]:
        assert order == list(min(costs, key=costs.get))
    assert "精确最优" in page.locator("[data-dj-summary]").inner_text()

    # expected from the known sites, and as the places JSON tells the page
    places = {p["id"]: p for p in planner_data["places"]}
    closed_monday = {pid for pid in STOPS if (places[pid].get("hours") or [None])[0] == []}
    too_small = {pid for pid in STOPS if places[pid].get("max", 10**6) < 250}
    assert closed_monday == CLOSED_MONDAY and too_small == SMALLER_THAN_250
    closed = page.locator("[data-dj-warnings] [data-code=closed]")
    assert {closed.nth(i).get_attribute("data-place") for i in range(closed.count())} == closed_monday
    assert "周一闭馆" in closed.first.inner_text()
    group = page.locator("[data-dj-warnings] [data-code=group]")
    assert {group.nth(i).get_attribute("data-place") for i in range(group.count())} == too_small
    assert too_small and "250" in group.first.inner_text()
    assert page.locator("[data-dj-warnings] [data-code=reserve]").count() >= 1
    assert page.locator("[data-dj-warnings] [data-code=sample]").count() == 1
    assert page.locator("[data-dj-map] svg circle").count() == len(STOPS)

    # print to PDF: an A4 page with the schematic and the schedule
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1

    # downloads
    with page.expect_download() as info:
        page.click("[data-dj-ics]")
    ics = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(ics)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == len(STOPS)
    names = [planner_data["places"][[p["id"] for p in planner_data["places"]].index(pid)]["name"] for pid in order]
    assert [str(e["SUMMARY"]) for e in events] == [f"研学：{n}" for n in names]
    first = events[0].decoded("DTSTART")
    assert str(first.tzinfo) in ("Asia/Shanghai", "CST") and first.utcoffset() == dt.timedelta(hours=8)
    assert first.date().isoformat() == next_monday()
    assert all(str(e["LOCATION"]).startswith(n) for e, n in zip(events, names, strict=True))

    with page.expect_download() as info:
        page.click("[data-dj-gpx]")
    gpx = gpxpy.parse(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(gpx.waypoints) == len(STOPS)
    assert [p.name for p in gpx.routes[0].points][1:] == [f"{i + 1}. {n}" for i, n in enumerate(names)]

    # nothing was requested after the page and its data had loaded
    assert http_requests(log)[loaded:] == []
    assert log.outside() == []
    assert errors == [] and log.console_errors == []


def test_the_share_link_restores_the_same_plan(browser, page_and_log, site_url, planner_data) -> None:
    page, _ = page_and_log
    open_planner(page, site_url)
    plan_five(page, planner_data, next_monday(), 250)
    page.click("[data-dj-chosen] [data-move='1'][data-at='0']")  # a hand-made order survives too
    link = page.url
    order = planned_order(page)
    schedule = page.locator("[data-dj-schedule]").inner_text()
    assert "#v1;" in link

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
