"""What each of the site's maps shows, built from the catalog: routes, overview, locators."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, Catalog, Entry
from dangjian.geo.legs import RoutePlan
from dangjian.geo.routeline import RouteLine
from dangjian.geo.svgmap import NOTE, MapSpec, Marker, short_label
from dangjian.geo.towns import CITY, TOWNS, approximate_note

CITY_CENTRE = (CITY.lon, CITY.lat)  # 密山 city centre (geo/towns.py)
CITY_LABEL = CITY.label
MARKER_KIND = {"site": "site", "school": "school", "brand": "brand"}


def town_markers() -> list[Marker]:
    """The towns of geo/towns.py: the city as a point, a town placed only approximately as its
    name alone (with （约）)."""
    return [Marker(t.lon, t.lat, "area" if t.approximate else "town", t.label) for t in TOWNS]


def _town_note() -> str:
    """The map's note, with what （约） means when a town is placed approximately."""
    extra = approximate_note()
    return f"{NOTE}；{extra}" if extra else NOTE


def _town_desc() -> str:
    """The sentence of a map's description about its towns' names."""
    shown = "、".join(t.name for t in TOWNS)
    rough = "、".join(t.name for t in TOWNS if t.approximate)
    return f"图中的地名有{shown}" + (f"，其中{rough}为大致位置" if rough else "") + "。"


def _label(entry: Entry[BaseModel]) -> str:
    return short_label(getattr(entry.model, "short_name", None) or entry.name)


def route_spec(route: Entry[BaseModel], plan: RoutePlan, line: RouteLine) -> MapSpec:
    """The route's map: its line and numbered stops."""
    markers = []
    for stop in plan.stops:
        loc = stop.entry.location
        assert loc is not None
        markers.append(Marker(loc.lon, loc.lat, "stop", _label(stop.entry), stop.number))
    names = "、".join(f"{s.number}. {s.entry.name}" for s in plan.stops)
    how = "轨迹" if line.from_track else "站点间直线连接（非实际道路）"
    return MapSpec(
        map_id=f"map-{route.id}",
        title=f"{route.name}线路示意图",
        desc=(f"线路按顺序经过 {len(plan.stops)} 个站点：{names}。"
              f"线为{how}，全程约 {plan.total_km:.1f} 公里。"),
        markers=markers,
        lines=line.parts,
        legend=[("line", "线路轨迹" if line.from_track else "线路（直线连接）"), ("stop", "站点及顺序")],
    )


def overview_spec(catalog: Catalog) -> MapSpec:
    """Every public place with a position; sites and schools labelled, brands as dots."""
    places = catalog.public_places()
    markers = town_markers()
    for e in places:
        loc = e.location
        assert loc is not None
        markers.append(Marker(loc.lon, loc.lat, MARKER_KIND[e.kind], "" if e.kind == "brand" else _label(e)))
    counts = {k: sum(e.kind == k for e in places) for k in ("site", "school", "brand")}
    legend = [("site", f"红色教育基地（{counts['site']}）"), ("school", f"边境微党校（{counts['school']}）")]
    placed, total = brand_coverage(catalog)
    if counts["brand"]:
        shown = f"党建品牌（{placed} 个有坐标）" if placed < total else f"党建品牌（{placed}）"
        legend.append(("brand", shown))
    legend.append(("town", CITY_LABEL))
    return MapSpec(
        map_id="map-overview",
        title="密山党建地点分布示意图",
        desc=(f"图中标出 {counts['site']} 处红色教育基地、{counts['school']} 个边境微党校教学点和 "
              f"{counts['brand']} 个有坐标的党建品牌；{coverage_note(catalog)}"
              f"{_town_desc()}各地点的文字列表见各栏目页面。"),
        markers=markers,
        legend=legend,
        note=_town_note(),
    )


def brand_coverage(catalog: Catalog) -> tuple[int, int]:
    """How many public brands have a position, and how many public brands there are."""
    brands = catalog.public("brand")
    return sum(e.location is not None for e in brands), len(brands)


def coverage_note(catalog: Catalog) -> str:
    """Why the map shows fewer brands than the directory counts, from the catalog ("" if it does not)."""
    placed, total = brand_coverage(catalog)
    if placed == total:
        return ""
    if placed == 0:
        return f"{total} 个品牌尚未核实位置，未在图上标出。"
    return f"{total} 个品牌中 {placed} 个有坐标；其余尚未核实位置，未在图上标出。"


def locator_spec(entry: Entry[BaseModel], catalog: Catalog) -> MapSpec:
    """One place among the sites and schools, with the city centre for orientation."""
    loc = entry.location
    assert loc is not None
    markers = town_markers()
    # sites and schools only: asking for every place here, once per brand page, made the
    # build grow with the square of the number of brands
    context = [e for kind in ("site", "school") for e in catalog.public(kind) if e is not entry]
    markers += [Marker(e.location.lon, e.location.lat, "context") for e in context if e.location]
    markers.append(Marker(loc.lon, loc.lat, "focus", _label(entry)))
    return MapSpec(
        map_id=f"map-{entry.id}",
        title=f"{entry.name}位置示意图",
        desc=(f"{entry.name}位于北纬 {loc.lat:.4f}°、东经 {loc.lon:.4f}°"
              f"{'（近似位置）' if loc.approximate else ''}，图中同时标出其他教育基地、微党校。"
              f"{_town_desc()}"),
        markers=markers,
        legend=[("focus", _label(entry)), ("context", "其他教育基地和微党校"), ("town", CITY_LABEL)],
        note=_town_note(),
    )


def overview_geojson(catalog: Catalog) -> str:
    """Every public place as a GeoJSON Point, for the interactive map (RFC 7946)."""
    features: list[dict[str, Any]] = []
    for e in catalog.public_places():
        loc = e.location
        assert loc is not None
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
            "properties": {"id": e.id, "name": e.name, "kind": e.kind, "kind_label": KIND_LABELS[e.kind],
                           "path": e.url, "approximate": loc.approximate},
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"
