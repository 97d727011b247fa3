"""The planner's build-time data: the travel matrix, the places JSON and the page."""

from __future__ import annotations

import json
from pathlib import Path

from bench.planner import places_json_size
from bench.report import extras
from dangjian.catalog import Catalog
from dangjian.geo.distance import haversine_km
from dangjian.geo.matrix import KnownLeg, TravelAssumptions, build_matrix, estimate
from dangjian.planner.places import PlannerOptions, planner_data, planner_json
from tests.helpers import load, write_project
from tests.project import ROUTE_ID, ROUTE_STOPS, TOUR
from tests.sitebuild import build

POINTS = [(45.541944, 131.866667), (45.54, 131.83), (45.3, 132.05)]


def test_matrix_estimates_road_km_from_great_circle_times_the_road_factor_at_the_speed() -> None:
    m = build_matrix(POINTS, [], TravelAssumptions(road_factor=1.5, speed_kmh=40))
    km = haversine_km(*POINTS[1], *POINTS[2]) * 1.5
    assert m.km10[1][2] == m.km10[2][1] == round(km * 10)
    assert m.minutes[1][2] == round(round(km * 10) / 10 / 40 * 60)
    assert m.km10[0][0] == m.minutes[1][1] == 0
    assert m.road == []


def test_matrix_uses_road_km_and_minutes_from_route_legs_in_both_directions() -> None:
    m = build_matrix(POINTS, [KnownLeg(2, 1, 42.0, None), KnownLeg(0, 1, None, 9)], TravelAssumptions())
    assert m.km10[1][2] == m.km10[2][1] == 420
    assert m.minutes[1][2] == estimate(42.0, 50.0) == 50
    assert m.minutes[0][1] == m.minutes[1][0] == 9
    assert m.road == [(1, 2)]


def test_a_short_move_takes_at_least_a_minute() -> None:
    assert estimate(0.1, 50) == 1
    assert estimate(0, 50) == 0


def test_places_json_has_public_placed_entities_with_sample_fields_marked(tmp_path: Path) -> None:
    root = write_project(tmp_path, {
        "data/sites/hidden-site.yml": """\
            id: hidden-site
            name: 内部地点
            kind: 纪念馆
            town: 密山镇
            location: {lat: 45.5, lon: 131.9}
            summary: 内部。
            visibility: internal
            """,
        "data/sites/real-site.yml": """\
            id: real-site
            name: 已核实纪念馆
            kind: 纪念馆
            town: 密山镇
            location: {lat: 45.5, lon: 131.9}
            summary: 已核实。
            visit_minutes: 50
            opening_hours: {mon: 闭馆, tue: "09:00-11:30,13:30-16:00"}
            reservation: {required: true, phone: "0467-5221234", days_ahead: 2}
            max_group: 80
            bus_parking: false
            visibility: public
            """,
    })
    catalog = load(root).catalog
    assert catalog is not None
    data = planner_data(catalog, PlannerOptions())
    ids = [p["id"] for p in data["places"]]
    assert "hidden-site" not in ids
    assert set(ids) == {"test-site", "test-school", "real-site"}  # the brand has no position
    real = data["places"][ids.index("real-site")]
    assert real["hours"][0] == [] and real["hours"][1] == [[540, 690], [810, 960]] and real["hours"][2] is None
    assert real["res"] == {"req": True, "days": 2, "phone": "0467-5221234"}
    assert real["min"] == 50 and real["max"] == 80 and real["bus"] is False and "sf" not in real
    sample = data["places"][ids.index("test-site")]
    assert sample["sf"] == ["*"]
    # pinyin for the page's filter: the name's syllables, and each town's
    assert real["py"] == "yi he shi ji nian guan"
    assert data["townPy"]["密山镇"] == "mi shan zhen"
    assert set(data["townPy"]) == {p["town"] for p in data["places"]}
    assert "phone" not in sample["res"]  # a sample phone is never passed on as a number to call
    school = data["places"][ids.index("test-school")]
    assert school["min"] == 45 and school["minEst"] is True and "hours" not in school
    assert "min" not in data and "km10" not in data  # no matrix: the page computes the one of the chosen stops
    assert data["legs"] == []  # the test route gives no road km or minutes
    assert data["routes"] == [{"id": "test-route", "name": "测试线路", "stops": [ids.index("test-site"),
                               ids.index("test-school")], "min": [60, 45]}]


def test_periods_reach_the_planner_and_a_bad_period_is_reported_at_its_line(tmp_path: Path) -> None:
    winter = """\
            id: winter-site
            name: 冬季闭馆纪念馆
            kind: 纪念馆
            town: 密山镇
            location: {lat: 45.5, lon: 131.9}
            summary: 冬季暂停接待。
            opening_hours:
              tue: "09:00-16:00"
              periods:
                - {start: "12-01", end: "02-28", note: 冬季暂停接待}
                - {start: "2026-10-01", end: "2026-10-07", hours: "09:00-12:00"}
            visibility: public
            """
    catalog = load(write_project(tmp_path / "good", {"data/sites/winter-site.yml": winter})).catalog
    assert catalog is not None
    place = next(p for p in planner_data(catalog, PlannerOptions())["places"] if p["id"] == "winter-site")
    assert place["per"] == [["12-01", "02-28", [], "冬季暂停接待"], ["2026-10-01", "2026-10-07", [[540, 720]], ""]]
    assert "冬季暂停接待" in place["hnote"]
    for bad, message in (('{start: "12-01", end: "2026-02-28"}', "写法不一致"), ('{start: "02-30", end: "03-01"}', "日期格式不对"),
                         ('{start: "2026-03-01", end: "2026-02-01"}', "早于")):
        text = winter.replace('{start: "12-01", end: "02-28", note: 冬季暂停接待}', bad)
        result = load(write_project(tmp_path / str(len(message)), {"data/sites/winter-site.yml": text}))
        assert result.catalog is None
        assert any(message in d.message and d.line == 10 for d in result.diagnostics), result.diagnostics


def test_places_json_of_a_realistic_project_is_small_and_matches_its_catalog(realistic_catalog: Catalog) -> None:
    text = planner_json(realistic_catalog, PlannerOptions())
    data = json.loads(text)
    places = [p["id"] for p in data["places"]]
    assert sorted(places) == sorted(e.id for e in realistic_catalog.public_places())
    assert set(TOUR) <= set(places) and "zz-brand-3" not in places  # the known internal brand
    assert len(text.encode()) < 1000 * len(places)  # a few hundred bytes a place (growth: below)
    assert all(len(leg) == 4 and leg[0] in places and leg[1] in places for leg in data["legs"])
    known = next(r for r in data["routes"] if r["id"] == ROUTE_ID)
    assert [places[i] for i in known["stops"]] == ROUTE_STOPS


def test_places_json_states_the_travel_rules_and_lists_route_legs_by_id(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"routes/test-route.yml": """\
        id: test-route
        name: 测试线路
        theme: 红色教育
        summary: 测试用的线路。
        stops:
          - {ref: test-site, minutes: 60}
          - {ref: test-school, minutes: 45}
        legs:
          - {km: 12.5}
        visibility: public
        """})
    catalog = load(root).catalog
    assert catalog is not None
    data = planner_data(catalog, PlannerOptions(TravelAssumptions(1.4, 45.0)))
    assert data["v"] == 2
    assert data["assume"] == {"roadFactor": 1.4, "speedKmh": 45.0, "radiusKm": 6371.0088, "round": "half-even",
                              "kmStep": 0.1, "minMinutes": 1, "defaultMin": 45}
    assert data["legs"] == [["test-site", "test-school", 12.5, None]]


def test_places_json_grows_linearly_with_the_places(tmp_path: Path) -> None:
    def size(extra: int) -> int:
        files = {f"data/sites/s{n:03d}.yml": f"""\
            id: s{n:03d}
            name: 教学点{n}
            kind: 纪念馆
            town: 密山镇
            location: {{lat: {45 + n / 1000}, lon: {131.5 + n / 1000}}}
            summary: 测试。
            visibility: public
            """ for n in range(extra)}
        catalog = load(write_project(tmp_path / str(extra), files)).catalog
        assert catalog is not None
        return len(planner_json(catalog, PlannerOptions()).encode())

    small, double, quadruple = size(100), size(200), size(400)
    # each added place costs the same bytes, whatever the number already there
    assert abs((quadruple - double) - 2 * (double - small)) < 0.05 * (quadruple - double)


def test_build_publishes_the_planner_page_and_its_data(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"docs/index.md": "# 首页\n"})
    (root / "mkdocs.yml").write_text(
        "site_name: test\nplugins:\n  - dangjian/content\n  - dangjian/planner:\n      speed_kmh: 40.0\n",
        encoding="utf-8")
    out = tmp_path / "site"
    done = build(root, out)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (out / "planner" / "index.html").read_text(encoding="utf-8")
    assert "研学规划" in page and "javascripts/planner/main.js" in page
    assert "平均时速 40 公里" in page
    data = json.loads((out / "assets/dangjian/planner/places.json").read_text(encoding="utf-8"))
    assert data["assume"]["speedKmh"] == 40.0

    # the benchmark reports this file's size at each scale
    size = places_json_size(out)
    raw = (out / "assets/dangjian/planner/places.json").read_bytes()
    assert size["places"] == len(data["places"]) and size["bytes"] == len(raw) and 0 < size["gzip"] < len(raw)
    brands = 4321  # a report row's size: the benchmark's, not this project's
    line = [x for x in extras({"sizes": [{"n": brands, "planner_data": size}]}) if x.startswith("planner data")]
    assert line == [f"planner data (places.json, {brands:,} brands, {size['places']} places): "
                    f"{len(raw) / 1024:,.1f} KB, {size['gzip'] / 1024:,.1f} KB gzip"]


def test_bad_planner_options_fail_the_build_with_a_chinese_message(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"docs/index.md": "# 首页\n"})
    (root / "mkdocs.yml").write_text(
        "site_name: test\nplugins:\n  - dangjian/content\n  - dangjian/planner:\n      road_factor: 0.5\n",
        encoding="utf-8")
    done = build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "road_factor" in done.stderr and "不小于 1" in done.stderr
    assert "Traceback" not in done.stderr
