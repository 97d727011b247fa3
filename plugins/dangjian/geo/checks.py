"""Checks of route track files: GeoJSON structure, RFC 7946 rules, area, and fit to the stops.

Every finding is a Diagnostic at the track file's line and column, so editors see
`routes/x.geojson:12:7: DJ143 ...` like every other problem.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geojson

from dangjian.geo.distance import haversine_km
from dangjian.geo.track import LINE_TYPES, JsonPath, Line, TrackFile, geometries, read_track, track_lines
from dangjian.load.diagnostics import Diagnostic
from dangjian.model import Location
from dangjian.settings import Area

END_TOLERANCE_KM = 2.0
"""How far a track's end may be from the stop it reaches (positions of places are often approximate)."""

_SWAP_HINT = "经纬度似乎写反了：GeoJSON 的坐标顺序是 [经度, 纬度]，密山约为 [131.9, 45.5]，请对调。"


@dataclass(frozen=True)
class StopPoint:
    """A stop of the route, as far as the track check needs it."""

    number: int
    name: str
    location: Location


def check_track(path: Path, rel: str, area: Area, stops: list[StopPoint]) -> list[Diagnostic]:
    """Every problem of one track file; stops are the route's stops in order."""
    track = read_track(path)
    if track.error is not None:
        line, col, message = track.error
        return [Diagnostic(rel, line, col, "DJ140", f"轨迹文件无法读取：{message}")]
    found = list(_structure(track, rel))
    if found:
        return found  # positions of a broken structure would only repeat the same problem
    found.extend(_positions(track, rel, area))
    if not found:
        found.extend(_ends(track, rel, stops))
    return found


def _at(track: TrackFile, rel: str, path: JsonPath, code: str, message: str, hint: str = "") -> Diagnostic:
    line, col = track.where(path)
    return Diagnostic(rel, line, col, code, message, hint)


def _structure(track: TrackFile, rel: str) -> Iterator[Diagnostic]:
    value = track.value
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        yield _at(track, rel, (), "DJ141", "GeoJSON 最外层应是带 \"type\" 的对象")
        return
    yield from _crs_members(track, rel, value, ())
    geoms = geometries(value)
    if not geoms:
        yield _at(track, rel, (), "DJ141", f"没有找到线路几何（\"type\" 为 \"{value['type']}\"）",
                  "轨迹应是 LineString 或 MultiLineString（可以放在 Feature 或 FeatureCollection 里）。")
        return
    own = [d for gpath, geom in geoms for d in _geometry(track, rel, gpath, geom)]
    yield from own
    if own:
        return
    # the geojson package is the reference for everything the checks above do not name
    try:
        problems: Any = geojson.GeoJSON.to_instance(value, strict=True).errors()
    except (ValueError, TypeError, AttributeError) as err:
        problems = str(err)
    if _nonempty(problems):
        yield _at(track, rel, (), "DJ141", f"GeoJSON 结构无效：{_flatten(problems)}")


def _nonempty(problems: Any) -> bool:
    if isinstance(problems, list | tuple):
        return any(_nonempty(p) for p in problems)
    if isinstance(problems, dict):
        return any(_nonempty(p) for p in problems.values())
    return bool(problems)


def _flatten(problems: Any) -> str:
    if isinstance(problems, list | tuple):
        return "；".join(_flatten(p) for p in problems if _nonempty(p))
    if isinstance(problems, dict):
        return "；".join(_flatten(p) for p in problems.values() if _nonempty(p))
    return str(problems)


def _crs_members(track: TrackFile, rel: str, value: Any, path: JsonPath) -> Iterator[Diagnostic]:
    """RFC 7946 removed "crs": coordinates are always WGS-84 longitude, latitude."""
    if isinstance(value, dict):
        if "crs" in value:
            yield _at(track, rel, (*path, "crs"), "DJ142", "GeoJSON 中有 \"crs\" 成员（RFC 7946 已取消）",
                      "删除 \"crs\"：RFC 7946 的坐标一律是 WGS-84 的 [经度, 纬度]，请先把坐标转换为 WGS-84。")
        for key, child in value.items():
            if key != "coordinates":
                yield from _crs_members(track, rel, child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _crs_members(track, rel, child, (*path, i))


def _geometry(track: TrackFile, rel: str, gpath: JsonPath, geom: Any) -> Iterator[Diagnostic]:
    if not isinstance(geom, dict):
        yield _at(track, rel, gpath, "DJ141", "几何对象应是 JSON 对象")
        return
    kind = geom.get("type")
    if kind not in LINE_TYPES:
        yield _at(track, rel, (*gpath, "type"), "DJ141",
                  f"轨迹的几何类型是“{kind}”，应为 LineString 或 MultiLineString",
                  "轨迹是一条线：用 LineString（一段）或 MultiLineString（多段）。"
                  "站点位置写在线路文件里，不写在轨迹中。")
        return
    coords = geom.get("coordinates")
    cpath = (*gpath, "coordinates")
    parts = [(cpath, coords)] if kind == "LineString" else (
        [((*cpath, i), part) for i, part in enumerate(coords)] if isinstance(coords, list) else [])
    if not isinstance(coords, list) or (kind == "MultiLineString" and not coords):
        yield _at(track, rel, cpath, "DJ141", f"{kind} 缺少 \"coordinates\" 数组")
        return
    for ppath, part in parts:
        if not isinstance(part, list) or len(part) < 2:
            yield _at(track, rel, ppath, "DJ141", "一段线至少要有两个坐标点")
            continue
        for i, pos in enumerate(part):
            if (not isinstance(pos, list) or not 2 <= len(pos) <= 3
                    or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in pos)):
                yield _at(track, rel, (*ppath, i), "DJ141",
                          f"坐标点应是 [经度, 纬度] 两个数字，这里是 {_short(pos)}")


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _positions(track: TrackFile, rel: str, area: Area) -> Iterator[Diagnostic]:
    for line in track_lines(track.value):
        reported = 0
        for i, (lon, lat) in enumerate(line.points):
            diag = _position(track, rel, (*line.path, i), lon, lat, area)
            if diag is not None:
                yield diag
                reported += 1
                if reported >= 3:  # one bad file should not bury everything else
                    break


def _position(track: TrackFile, rel: str, path: JsonPath, lon: float, lat: float,
              area: Area) -> Diagnostic | None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not all(map(math.isfinite, (lon, lat))):
        swapped = -180 <= lat <= 180 and -90 <= lon <= 90
        return _at(track, rel, path, "DJ143", f"坐标 [{lon}, {lat}] 超出经纬度范围",
                   _SWAP_HINT if swapped else "GeoJSON 坐标顺序为 [经度, 纬度]：经度 -180~180，纬度 -90~90。")
    if area.contains(lat, lon):
        return None
    if area.contains(lon, lat):
        return _at(track, rel, path, "DJ144", f"坐标 [{lon}, {lat}] 不在{area.name}范围内", _SWAP_HINT)
    return _at(track, rel, path, "DJ144", f"坐标 [{lon}, {lat}] 不在{area.name}范围内",
               f"{area.name}的范围是北纬 {area.south}–{area.north}°、东经 {area.west}–{area.east}°；"
               "请核对坐标是否为 WGS-84 度数（不是高德/百度的偏移坐标）。")


def _ends(track: TrackFile, rel: str, stops: list[StopPoint]) -> Iterator[Diagnostic]:
    lines = track_lines(track.value)
    if not lines or len(stops) < 2:
        return
    pairs: list[tuple[Line, StopPoint | None, StopPoint | None]]
    if len(lines) == len(stops) - 1:  # one line per leg: each joins its two stops
        pairs = [(line, stops[i], stops[i + 1]) for i, line in enumerate(lines)]
    else:
        merged_start, merged_end = lines[0], lines[-1]
        pairs = [(merged_start, stops[0], None), (merged_end, None, stops[-1])]
    for line, start, end in pairs:
        for which, stop, index in (("起点", start, 0), ("终点", end, len(line.points) - 1)):
            if stop is None:
                continue
            lon, lat = line.points[index]
            km = haversine_km(lat, lon, stop.location.lat, stop.location.lon)
            if km > END_TOLERANCE_KM:
                other = end if which == "起点" else start
                hint = ("轨迹的两端应在它连接的站点附近；"
                        "请检查轨迹是否属于这条线路、站点顺序或站点坐标是否有误。")
                # this end lies at the other stop: the line runs backwards
                if other is not None and _near(lon, lat, other):
                    hint = "这段轨迹的方向似乎反了：请把坐标顺序倒过来，使它从前一站走向后一站。"
                yield _at(track, rel, (*line.path, index), "DJ145",
                          f"轨迹{which}距第 {stop.number} 站“{stop.name}” {km:.1f} 公里"
                          f"（超过 {END_TOLERANCE_KM:g} 公里）",
                          hint)


def _near(lon: float, lat: float, stop: StopPoint) -> bool:
    return haversine_km(lat, lon, stop.location.lat, stop.location.lon) <= END_TOLERANCE_KM
