"""The planner page's travel matrix (planner/travel.js, run by node) equals the build's
reference (geo/matrix.py) integer for integer, so the two can never drift apart."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dangjian.geo.matrix import KnownLeg, TravelAssumptions, TravelMatrix, build_matrix
from dangjian.planner.places import PlannerOptions, StartPoint, planner_data
from tests.helpers import REPO, load, write_project

SCRIPT = REPO / "tests" / "js" / "travel_stdin.mjs"


def node_matrix(request: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node (JavaScript runtime) is needed: the planner's travel matrix is checked against Python"
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same(js: dict[str, Any], py: TravelMatrix) -> None:
    assert js["km10"] == py.km10
    assert js["min"] == py.minutes
    assert [tuple(p) for p in js["road"]] == py.road


def random_legs(rand: random.Random, n: int, count: int) -> list[KnownLeg]:
    legs = []
    for _ in range(count):
        a, b = rand.randrange(n), rand.randrange(n)
        km = rand.choice([None, round(rand.uniform(0.01, 120), 2), rand.randrange(1, 400) / 10 + 0.05,
                          rand.randrange(0, 100) + 0.25])
        minutes = rand.choice([None, rand.randrange(1, 300)])
        if km is None and minutes is None:
            minutes = rand.randrange(1, 300)
        legs.append(KnownLeg(a, b, km, minutes))
    return legs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_points_and_legs_give_the_same_matrix_in_the_browser_code(seed: int) -> None:
    rand = random.Random(seed)
    # Mishan's box, with places rounded to 5 decimals as the places JSON ships them,
    # a few at the very same spot and a few a metre apart (zero and tiny distances)
    points = [(round(rand.uniform(44.9, 46.1), 5), round(rand.uniform(131.0, 133.3), 5)) for _ in range(90)]
    points += [points[3], points[7], (points[5][0] + 0.00001, points[5][1])]
    points.insert(0, (45.541944, 131.866667))
    # speeds that make whole and half minutes common, so the rounding rule is exercised
    assume = TravelAssumptions(road_factor=rand.choice([1.0, 1.3, 1.25, rand.uniform(1, 2)]),
                               speed_kmh=rand.choice([60.0, 40.0, 50.0, rand.uniform(20, 90)]))
    known = random_legs(rand, len(points), 60)
    known += [KnownLeg(4, 4, 3.0, 5), KnownLeg(9, 2, 2.25, None), KnownLeg(2, 9, None, 7)]
    py = build_matrix(points, known, assume)
    js = node_matrix({
        "points": points,
        "known": [{"a": k.a, "b": k.b, "km": k.km, "minutes": k.minutes} for k in known],
        "assume": {"roadFactor": assume.road_factor, "speedKmh": assume.speed_kmh, "radiusKm": 6371.0088},
    })
    assert_same(js, py)
    assert py.road  # legs with km were applied
    assert any(py.minutes[i][j] == 0 for i in range(len(points)) for j in range(len(points)) if i != j)


SITE = """\
id: {id}
name: 测试教学点{n}
kind: 纪念馆
town: 密山镇
location: {{lat: {lat}, lon: {lon}}}
summary: 测试。
visibility: public
"""

ROUTE = """\
id: {id}
name: 测试线路{id}
theme: 红色教育
summary: 测试。
stops:
{stops}legs:
{legs}visibility: public
"""


def project_with_legs(tmp_path: Path) -> Path:
    rand = random.Random(7)
    files = {}
    for n in range(1, 9):
        files[f"data/sites/p{n}.yml"] = SITE.format(id=f"p{n}", n=n, lat=round(rand.uniform(45.0, 46.0), 6),
                                                    lon=round(rand.uniform(131.2, 133.0), 6))

    def route(rid: str, stops: list[str], legs: list[str]) -> str:
        return ROUTE.format(id=rid, stops="".join(f"  - {{ref: {s}, minutes: 30}}\n" for s in stops),
                            legs="".join(f"  - {leg}\n" for leg in legs))

    files["routes/r1.yml"] = route("r1", ["p1", "p2", "p3", "p4"],
                                   ["{km: 12.25}", "{minutes: 33}", "{km: 40.0, minutes: 41}"])
    # the same pairs again, reversed and later: these override
    files["routes/r2.yml"] = route("r2", ["p3", "p2", "p5", "p6"],
                                   ["{minutes: 17}", "{km: 0.04}", "{km: 7.35}"])
    return write_project(tmp_path, files)


@pytest.mark.parametrize("start", [None, {"lat": 45.61234, "lon": 132.01234}])
def test_the_plan_matrix_from_the_places_json_equals_the_reference_over_all_places(tmp_path: Path,
                                                                                   start: dict | None) -> None:
    catalog = load(project_with_legs(tmp_path)).catalog
    assert catalog is not None
    options = PlannerOptions(TravelAssumptions(1.3, 60.0), 45, StartPoint())
    data = json.loads(json.dumps(planner_data(catalog, options)))  # exactly what the page parses
    assert data["legs"] and all(len(leg) == 4 for leg in data["legs"])
    places = data["places"]
    row = {p["id"]: i + 1 for i, p in enumerate(places)}
    origin = start or data["start"]
    points = [(origin["lat"], origin["lon"])] + [(p["lat"], p["lon"]) for p in places]
    known = [KnownLeg(row[a], row[b], km, minutes) for a, b, km, minutes in data["legs"]]
    full = build_matrix(points, known, options.assumptions)

    stops = list(range(len(places)))
    random.Random(3).shuffle(stops)
    js = node_matrix({"data": data, "stops": stops, "start": start})
    rows = [0] + [s + 1 for s in stops]
    assert js["km10"] == [[full.km10[i][j] for j in rows] for i in rows]
    assert js["min"] == [[full.minutes[i][j] for j in rows] for i in rows]
    # the legs did override: p2-p5 is 0.1 km (at least a tenth), p2-p3 17 minutes (the later route)
    assert full.km10[row["p2"]][row["p5"]] == 1 and full.minutes[row["p3"]][row["p2"]] == 17
    assert full.km10[row["p1"]][row["p2"]] == 122  # 12.25 km, a half to the even tenth
