"""The line a route is drawn with: its GeoJSON track when it has one, else straight legs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dangjian.geo.legs import RoutePlan
from dangjian.geo.track import LonLat, read_track, track_lines
from dangjian.model import Route


@dataclass(frozen=True)
class RouteLine:
    """The parts of a route's line, each a list of (lon, lat), and where it comes from."""

    parts: list[list[LonLat]]
    from_track: bool


def stop_points(plan: RoutePlan) -> list[LonLat]:
    points = []
    for stop in plan.stops:
        loc = stop.entry.location
        assert loc is not None  # the loader checked that every stop has a position
        points.append((loc.lon, loc.lat))
    return points


def route_line(route: Route, plan: RoutePlan, routes_path: Path) -> RouteLine:
    """The route's track (checked by the loader) or the straight legs between its stops."""
    if route.track:
        track = read_track(routes_path / route.track)
        parts = [line.points for line in track_lines(track.value)]
        if parts:
            return RouteLine(parts, True)
    return RouteLine([stop_points(plan)], False)
