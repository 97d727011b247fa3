"""The schematic layers of the interactive map when no base map is configured.

Without tiles the map would be a blank square: it draws what the project knows instead,
as vector layers on a plain background, all from this site (no request elsewhere):

- 兴凯湖 (Xingkai Lake) as a coarse outline, a schematic shape for orientation only (its
  shore is drawn approximately, and no boundary of any kind is drawn across it);
- the towns of geo/towns.py with their names (the city centre of 密山 as a point; a town
  placed only approximately as its name with （约）, and the note saying what that means);
- the lines of the public routes (for the overview and place maps; a route's own map has
  its line already).

One GeoJSON file (RFC 7946, [lon, lat], WGS-84) that map.js fetches with the map's data.
"""

from __future__ import annotations

import json
from typing import Any

from dangjian.geo.routeline import RouteLine
from dangjian.geo.towns import TOWNS, approximate_note
from dangjian.geo.track import LonLat

LAKE_NAME = "兴凯湖"

# A coarse outline of the lake (about 4,000 km²; 44.5°-45.4° N, 131.9°-132.9° E), clockwise
# from its north-western shore near 当壁镇. Schematic: good to a few kilometres at best.
LAKE_OUTLINE: tuple[LonLat, ...] = (
    (131.93, 45.22), (132.02, 45.28), (132.15, 45.29), (132.30, 45.30), (132.45, 45.32),
    (132.60, 45.34), (132.75, 45.35), (132.86, 45.29), (132.86, 45.12), (132.80, 44.93),
    (132.70, 44.75), (132.57, 44.60), (132.43, 44.53), (132.30, 44.57), (132.16, 44.69),
    (132.03, 44.86), (131.93, 45.02), (131.89, 45.13),
)
LAKE_LABEL_AT: LonLat = (132.45, 45.2)  # near the northern shore, where the maps look


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _r(value: float) -> float:
    return round(value, 5)


def schematic_geojson(routes: list[tuple[str, str, RouteLine]]) -> str:
    """The lake, the towns and the routes' lines (routes: id, name, line) as one collection."""
    ring = [[_r(lon), _r(lat)] for lon, lat in (*LAKE_OUTLINE, LAKE_OUTLINE[0])]
    features = [
        _feature({"type": "Polygon", "coordinates": [ring]}, role="lake", name=LAKE_NAME),
        _feature({"type": "Point", "coordinates": [_r(LAKE_LABEL_AT[0]), _r(LAKE_LABEL_AT[1])]},
                 role="lake-label", name=LAKE_NAME),
    ]
    for town in TOWNS:
        extra = {"approximate": True, "note": approximate_note([town])} if town.approximate else {}
        features.append(_feature({"type": "Point", "coordinates": [_r(town.lon), _r(town.lat)]},
                                 role="town", name=town.label, **extra))
    for route_id, name, line in routes:
        parts = [[[_r(lon), _r(lat)] for lon, lat in part] for part in line.parts if len(part) >= 2]
        if parts:
            features.append(_feature({"type": "MultiLineString", "coordinates": parts},
                                     role="route-context", id=route_id, name=name))
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"
