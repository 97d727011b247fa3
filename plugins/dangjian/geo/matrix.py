"""The travel matrix the study-tour planner uses: road km and minutes between every pair.

A pair's distance is the road distance from a route leg when the data gives one, else the
great-circle distance times a road factor; its time is the leg's minutes when given, else
the distance at an average speed. Distances are kept in tenths of a kilometre and times
in whole minutes (never below one minute between two different points), so the planner
and any checker compute on the very same integers.

This is the reference: the planner page computes the matrix of the chosen stops itself
(assets/javascripts/planner/travel.js) with the same rules, and a test runs both on the
same points. The full matrix over all places is never shipped: it grows with the square
of the number of places.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from dangjian.geo.distance import EARTH_RADIUS_KM, haversine_km

# The rounding rules, stated in the planner's places JSON so the page computes the same.
ROUNDING = "half-even"  # Python's round()
KM_STEP = 0.1  # distances in whole tenths of a km
MIN_MINUTES = 1  # between two distinct points
RADIUS_KM = EARTH_RADIUS_KM


@dataclass(frozen=True)
class TravelAssumptions:
    """How a distance and a time are estimated when the data gives none."""

    road_factor: float = 1.3
    speed_kmh: float = 50.0


@dataclass(frozen=True)
class KnownLeg:
    """A road leg from the data: between two points (by index), km and minutes when given."""

    a: int
    b: int
    km: float | None
    minutes: int | None


@dataclass
class TravelMatrix:
    """Square matrices over the points (index 0 is the start point)."""

    km10: list[list[int]]
    minutes: list[list[int]]
    road: list[tuple[int, int]] = field(default_factory=list)


def estimate(km: float, speed_kmh: float) -> int:
    """Whole minutes to drive km at speed_kmh, at least 1 for a real move."""
    if km <= 0:
        return 0
    return max(MIN_MINUTES, round(km / speed_kmh * 60))


def build_matrix(points: list[tuple[float, float]], known: list[KnownLeg],
                 assumptions: TravelAssumptions) -> TravelMatrix:
    """The matrix over points (lat, lon); known legs override the estimate in both directions."""
    n = len(points)
    km10 = [[0] * n for _ in range(n)]
    minutes = [[0] * n for _ in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        (la, lo), (lb, lob) = points[i], points[j]
        km = haversine_km(la, lo, lb, lob) * assumptions.road_factor
        k10 = round(km * 10)
        km10[i][j] = km10[j][i] = k10
        minutes[i][j] = minutes[j][i] = estimate(k10 / 10, assumptions.speed_kmh)
    road: set[tuple[int, int]] = set()
    for leg in known:
        if leg.a == leg.b:
            continue
        i, j = sorted((leg.a, leg.b))
        if leg.km is not None:
            km10[i][j] = km10[j][i] = max(1, round(leg.km * 10))
            road.add((i, j))
        if leg.minutes is not None:
            minutes[i][j] = minutes[j][i] = leg.minutes
        elif leg.km is not None:
            minutes[i][j] = minutes[j][i] = estimate(km10[i][j] / 10, assumptions.speed_kmh)
    return TravelMatrix(km10, minutes, sorted(road))
