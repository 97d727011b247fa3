"""GCJ-02 / BD-09 conversion, the projection of the static maps, and distances."""

from __future__ import annotations

import math

import pytest

from dangjian.geo.distance import haversine_km
from dangjian.geo.gcj02 import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from dangjian.geo.projection import Frame, Projection, nice_length

# Reference pairs published with the coordtransform library (its test/app.js), input (116.404, 39.915).
PUBLISHED = {
    wgs84_to_gcj02: (116.41024449916938, 39.91640428150164),
    gcj02_to_wgs84: (116.39775550083061, 39.91359571849836),
    gcj02_to_bd09: (116.41036949371029, 39.92133699351021),
    bd09_to_gcj02: (116.39762729119315, 39.90865673957631),
}


@pytest.mark.parametrize("convert", [wgs84_to_gcj02, gcj02_to_bd09, bd09_to_gcj02])
def test_conversion_matches_the_published_reference_pair(convert: object) -> None:
    lon, lat = convert(116.404, 39.915)  # type: ignore[operator]
    ref_lon, ref_lat = PUBLISHED[convert]  # type: ignore[index]
    assert lon == pytest.approx(ref_lon, abs=1e-9)
    assert lat == pytest.approx(ref_lat, abs=1e-9)


def test_gcj02_back_to_wgs84_is_within_a_metre_of_the_published_one_step_inverse() -> None:
    # the published value is a one-step approximation; ours iterates, so they agree to ~1 m
    lon, lat = gcj02_to_wgs84(116.404, 39.915)
    ref_lon, ref_lat = PUBLISHED[gcj02_to_wgs84]
    assert haversine_km(lat, lon, ref_lat, ref_lon) < 0.002


def test_gcj02_round_trip_returns_the_wgs84_position() -> None:
    lon, lat = 131.83, 45.54
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert haversine_km(lat, lon, back[1], back[0]) < 0.0001


def test_the_shift_at_mishan_is_a_few_hundred_metres() -> None:
    lon, lat = 131.8667, 45.5419
    glon, glat = wgs84_to_gcj02(lon, lat)
    blon, blat = wgs84_to_bd09(lon, lat)
    assert 0.2 < haversine_km(lat, lon, glat, glon) < 1.0
    assert haversine_km(lat, lon, blat, blon) > haversine_km(lat, lon, glat, glon)


def test_positions_outside_china_are_not_shifted() -> None:
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


def test_haversine_matches_a_known_distance() -> None:
    # one degree of latitude on the mean sphere
    assert haversine_km(45.0, 131.0, 46.0, 131.0) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(45.5, 131.9, 45.5, 131.9) == 0


def test_projection_keeps_north_up_and_every_point_inside_the_frame() -> None:
    points = [(131.83, 45.54), (132.05, 45.30), (132.55, 45.70)]
    frame = Frame(0, 0, 640, 400)
    proj = Projection.fit(points, frame, padding=0.1)
    xy = [proj.xy(lon, lat) for lon, lat in points]
    for x, y in xy:
        assert 64 - 1e-6 <= x <= 576 + 1e-6 and 40 - 1e-6 <= y <= 360 + 1e-6
    # the northernmost point is highest, the easternmost rightmost
    assert min(xy, key=lambda p: p[1]) == xy[2]
    assert max(xy, key=lambda p: p[0]) == xy[2]


def test_projection_scale_is_true_in_both_directions() -> None:
    proj = Projection.fit([(131.8, 45.3), (132.2, 45.6)], Frame(0, 0, 640, 480))
    x0, y0 = proj.xy(132.0, 45.45)
    x1, _ = proj.xy(132.1, 45.45)
    _, y1 = proj.xy(132.0, 45.55)
    east_km = haversine_km(45.45, 132.0, 45.45, 132.1)
    north_km = haversine_km(45.45, 132.0, 45.55, 132.0)
    assert (x1 - x0) * proj.km_per_unit == pytest.approx(east_km, rel=0.01)
    assert (y0 - y1) * proj.km_per_unit == pytest.approx(north_km, rel=0.01)


def test_a_single_place_is_shown_at_a_sensible_scale() -> None:
    proj = Projection.fit([(131.83, 45.54)], Frame(0, 0, 600, 400), padding=0.0, min_span_km=4.0)
    assert 400 * proj.km_per_unit == pytest.approx(4.0, rel=0.01)
    assert proj.xy(131.83, 45.54) == pytest.approx((300, 200))


@pytest.mark.parametrize(("limit", "expected"), [(7.3, 5), (19.9, 10), (20, 20), (0.42, 0.2), (1, 1)])
def test_scale_bar_length_is_a_round_number(limit: float, expected: float) -> None:
    assert math.isclose(nice_length(limit), expected)
