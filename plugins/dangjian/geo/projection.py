"""Web-Mercator projection of a small area onto an SVG canvas.

The static maps and the interactive map (Leaflet, EPSG:3857) use the same projection, so a
route looks the same in both. Over a county-sized area the scale varies by well under 1%,
so one scale bar holds for the whole drawing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from dangjian.geo.distance import EARTH_RADIUS_KM

MAX_LAT = 85.05112878  # Web Mercator's limit


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) degrees to Web-Mercator (x, y) in radians-of-longitude units, y up."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Frame:
    """Where the drawing goes on the canvas: a box in SVG units (y down)."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Projection:
    """Maps (lon, lat) into a frame, keeping north up and the aspect true."""

    scale: float  # SVG units per Mercator unit
    x0: float  # Mercator x at the frame's left edge
    y0: float  # Mercator y at the frame's top edge
    frame: Frame
    mid_lat: float

    @classmethod
    def fit(
        cls,
        points: Iterable[tuple[float, float]],
        frame: Frame,
        *,
        padding: float = 0.08,
        min_span_km: float = 4.0,
    ) -> Projection:
        """The largest scale at which every (lon, lat) point fits inside the frame.

        padding is the share of the frame kept free on each side (for markers and labels);
        min_span_km keeps a single place (or two very close ones) from filling the frame.
        """
        merc = [mercator(lon, lat) for lon, lat in points]
        if not merc:
            raise ValueError("no points to fit")
        xs = [m[0] for m in merc]
        ys = [m[1] for m in merc]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        mid_lat = math.degrees(2 * math.atan(math.exp(cy)) - math.pi / 2)
        # the span that min_span_km covers, in Mercator units at this latitude
        min_span = min_span_km / (EARTH_RADIUS_KM * math.cos(math.radians(mid_lat)))
        span_x = max(max(xs) - min(xs), min_span)
        span_y = max(max(ys) - min(ys), min_span)
        inner_w = frame.width * (1 - 2 * padding)
        inner_h = frame.height * (1 - 2 * padding)
        scale = min(inner_w / span_x, inner_h / span_y)
        x0 = cx - (frame.width / 2) / scale
        y0 = cy + (frame.height / 2) / scale
        return cls(scale, x0, y0, frame, mid_lat)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG (x, y) of a WGS-84 position."""
        mx, my = mercator(lon, lat)
        return (self.frame.left + (mx - self.x0) * self.scale,
                self.frame.top + (self.y0 - my) * self.scale)

    @property
    def km_per_unit(self) -> float:
        """Ground kilometres per SVG unit at the frame's middle latitude."""
        return EARTH_RADIUS_KM * math.cos(math.radians(self.mid_lat)) / self.scale


def nice_length(max_km: float) -> float:
    """The longest 1, 2 or 5 × 10^n km that is at most max_km (for a scale bar)."""
    if max_km <= 0:
        raise ValueError("max_km must be positive")
    exp = math.floor(math.log10(max_km))
    for step in (5, 2, 1):
        value = step * 10**exp
        if value <= max_km:
            return float(value)
    return float(10**exp)
