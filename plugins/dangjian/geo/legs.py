"""Route legs: the road distance from the data when given, else the great-circle distance."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from pydantic import BaseModel

from dangjian.catalog import Catalog, Entry
from dangjian.geo.distance import haversine_km
from dangjian.model import Route


@dataclass(frozen=True)
class RouteStop:
    """A stop resolved to its entity."""

    number: int
    entry: Entry[BaseModel]
    minutes: int
    note: str | None


@dataclass(frozen=True)
class RouteLeg:
    """Travel from one stop to the next."""

    start: RouteStop
    end: RouteStop
    km: float
    road: bool  # True when km is a road distance from the data, False for great-circle
    minutes: int | None
    mode: str


@dataclass(frozen=True)
class RoutePlan:
    stops: list[RouteStop]
    legs: list[RouteLeg]

    @property
    def total_km(self) -> float:
        return sum(leg.km for leg in self.legs)

    @property
    def visit_minutes(self) -> int:
        return sum(s.minutes for s in self.stops)

    @property
    def travel_minutes(self) -> int | None:
        """Known travel time, or None when any leg's time is unknown."""
        if any(leg.minutes is None for leg in self.legs):
            return None
        return sum(leg.minutes or 0 for leg in self.legs)

    @property
    def all_road(self) -> bool:
        return all(leg.road for leg in self.legs)


def resolve(route: Route, catalog: Catalog) -> RoutePlan:
    """The route's stops and legs; references were checked by the loader."""
    stops = []
    for number, stop in enumerate(route.stops, start=1):
        entry = catalog.get(stop.ref)
        assert entry is not None and entry.location is not None
        stops.append(RouteStop(number, entry, stop.minutes, stop.note))
    legs = []
    for i, (a, b) in enumerate(itertools.pairwise(stops)):
        given = route.legs[i] if route.legs else None
        la, lb = a.entry.location, b.entry.location
        assert la is not None and lb is not None
        if given is not None and given.km is not None:
            km, road = given.km, True
        else:
            km, road = haversine_km(la.lat, la.lon, lb.lat, lb.lon), False
        legs.append(
            RouteLeg(a, b, km, road, given.minutes if given else None, given.mode if given else "大巴")
        )
    return RoutePlan(stops, legs)
