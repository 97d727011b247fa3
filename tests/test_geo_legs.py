"""Route distances: the road distance from the data when given, else great-circle; totals per route."""

from __future__ import annotations

from pathlib import Path

import pytest

from dangjian.geo.distance import haversine_km
from dangjian.geo.legs import resolve
from tests.helpers import ROUTE, load, write_project


def _plan(tmp_path: Path, extra: str = ""):  # type: ignore[no-untyped-def]
    catalog = load(write_project(tmp_path, {"routes/test-route.yml": ROUTE + extra})).catalog
    assert catalog is not None
    return resolve(catalog.get("test-route").model, catalog)  # type: ignore[union-attr,arg-type]


def test_a_leg_without_road_data_is_the_great_circle_distance(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    assert plan.legs[0].road is False
    assert plan.legs[0].km == pytest.approx(haversine_km(45.54, 131.83, 45.3, 132.0))
    assert plan.total_km == pytest.approx(plan.legs[0].km)
    assert plan.travel_minutes is None and plan.visit_minutes == 105


def test_a_leg_with_road_data_uses_it_and_its_minutes(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "legs:\n  - mode: 大巴\n    km: 41.5\n    minutes: 55\n")
    assert plan.legs[0].road is True and plan.legs[0].km == 41.5
    assert plan.total_km == 41.5 and plan.travel_minutes == 55 and plan.all_road
