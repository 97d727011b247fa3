"""Route downloads for navigation apps and GIS: GeoJSON (RFC 7946), GPX 1.1 and KML 2.2.

Every file carries the stops in order, each named "N. name", and the route's line (its
track, or the straight legs). XML is built with ElementTree, which escapes every value.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from dangjian.catalog import KIND_LABELS
from dangjian.geo.legs import RoutePlan
from dangjian.geo.routeline import RouteLine
from dangjian.model import Route

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
CREATOR = "湖畔党旗红·丹心密山诚"
_PLACES = 6  # decimal places: about 0.1 m, more than any position here is known to


def _r(value: float) -> float:
    return round(value, _PLACES)


@dataclass(frozen=True)
class RouteExport:
    """What every export of one route needs."""

    route: Route
    plan: RoutePlan
    line: RouteLine
    page_url: str  # absolute address of the route's page ("" when the site has no address)
    site_url: str  # absolute site root, for the stops' pages ("" when unknown)

    def stop_name(self, number: int, name: str) -> str:
        return f"{number}. {name}"

    def stop_url(self, entry_url: str) -> str:
        return self.site_url + entry_url if self.site_url else ""


def route_geojson(data: RouteExport) -> str:
    """A FeatureCollection: the line first, then one Point per stop in order."""
    r, plan = data.route, data.plan
    parts = [[[_r(lon), _r(lat)] for lon, lat in part] for part in data.line.parts]
    geometry: dict[str, Any] = (
        {"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
        else {"type": "MultiLineString", "coordinates": parts}
    )
    features: list[dict[str, Any]] = [{
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "role": "route", "id": r.id, "name": r.name, "theme": r.theme,
            "line": "track" if data.line.from_track else "straight",
            "km": round(plan.total_km, 1), "sample": r.sample, "url": data.page_url or None,
        },
    }]
    for stop in plan.stops:
        loc = stop.entry.location
        assert loc is not None
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [_r(loc.lon), _r(loc.lat)]},
            "properties": {
                "role": "stop", "number": stop.number, "id": stop.entry.id, "name": stop.entry.name,
                "kind": KIND_LABELS[stop.entry.kind], "minutes": stop.minutes, "note": stop.note,
                "path": stop.entry.url, "approximate": loc.approximate,
            },
        })
    collection = {"type": "FeatureCollection", "name": r.name, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrib)
    if text is not None:
        child.text = text
    return child


def _stop_desc(stop: Any) -> str:
    parts = [KIND_LABELS[stop.entry.kind], f"停留约 {stop.minutes} 分钟"]
    if stop.note:
        parts.append(stop.note)
    loc = stop.entry.location
    if loc is not None and loc.approximate:
        parts.append("位置为近似值")
    return "；".join(parts)


def route_gpx(data: RouteExport) -> str:
    """GPX 1.1: a waypoint per stop, the route as <rte> through the stops, the track as <trk>."""
    ET.register_namespace("", GPX_NS)
    q = f"{{{GPX_NS}}}"
    gpx = ET.Element(q + "gpx", {"version": "1.1", "creator": CREATOR})
    meta = _sub(gpx, q + "metadata")
    _sub(meta, q + "name", data.route.name)
    _sub(meta, q + "desc", _summary(data))
    if data.page_url:
        _sub(meta, q + "link", href=data.page_url)
    for stop in data.plan.stops:
        loc = stop.entry.location
        assert loc is not None
        wpt = _sub(gpx, q + "wpt", lat=f"{_r(loc.lat)}", lon=f"{_r(loc.lon)}")
        _sub(wpt, q + "name", data.stop_name(stop.number, stop.entry.name))
        _sub(wpt, q + "desc", _stop_desc(stop))
        if data.stop_url(stop.entry.url):
            _sub(wpt, q + "link", href=data.stop_url(stop.entry.url))
    rte = _sub(gpx, q + "rte")
    _sub(rte, q + "name", data.route.name)
    for stop in data.plan.stops:
        loc = stop.entry.location
        assert loc is not None
        pt = _sub(rte, q + "rtept", lat=f"{_r(loc.lat)}", lon=f"{_r(loc.lon)}")
        _sub(pt, q + "name", data.stop_name(stop.number, stop.entry.name))
    if data.line.from_track:
        trk = _sub(gpx, q + "trk")
        _sub(trk, q + "name", data.route.name + "（轨迹）")
        for part in data.line.parts:
            seg = _sub(trk, q + "trkseg")
            for lon, lat in part:
                _sub(seg, q + "trkpt", lat=f"{_r(lat)}", lon=f"{_r(lon)}")
    return _xml(gpx)


def route_kml(data: RouteExport) -> str:
    """KML 2.2: a folder of numbered stop placemarks in order and the route's line."""
    ET.register_namespace("", KML_NS)
    q = f"{{{KML_NS}}}"
    kml = ET.Element(q + "kml")
    doc = _sub(kml, q + "Document")
    _sub(doc, q + "name", data.route.name)
    _sub(doc, q + "description", _summary(data))
    style = _sub(doc, q + "Style", id="route")
    line_style = _sub(style, q + "LineStyle")
    _sub(line_style, q + "color", "ff2e10c8")  # aabbggrr: the site's red
    _sub(line_style, q + "width", "4")
    folder = _sub(doc, q + "Folder")
    _sub(folder, q + "name", "站点")
    for stop in data.plan.stops:
        loc = stop.entry.location
        assert loc is not None
        mark = _sub(folder, q + "Placemark")
        _sub(mark, q + "name", data.stop_name(stop.number, stop.entry.name))
        _sub(mark, q + "description", _stop_desc(stop))
        point = _sub(mark, q + "Point")
        _sub(point, q + "coordinates", f"{_r(loc.lon)},{_r(loc.lat)}")
    mark = _sub(doc, q + "Placemark")
    _sub(mark, q + "name", data.route.name + ("（轨迹）" if data.line.from_track else "（站点连线）"))
    _sub(mark, q + "styleUrl", "#route")
    holder = _sub(mark, q + "MultiGeometry") if len(data.line.parts) > 1 else mark
    for part in data.line.parts:
        ls = _sub(holder, q + "LineString")
        _sub(ls, q + "tessellate", "1")
        _sub(ls, q + "coordinates", " ".join(f"{_r(lon)},{_r(lat)}" for lon, lat in part))
    return _xml(kml)


def _summary(data: RouteExport) -> str:
    plan = data.plan
    kind = "道路里程" if plan.all_road else "含直线距离估算"
    text = (f"{data.route.theme}主题线路，{len(plan.stops)} 个站点，全程约 {plan.total_km:.1f} 公里"
            f"（{kind}），参观约 {plan.visit_minutes} 分钟。")
    if data.route.sample:
        text += "本线路为示例数据，出行前请核实。"
    return text


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
