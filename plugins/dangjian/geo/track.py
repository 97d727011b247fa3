"""Route track files: GeoJSON (RFC 7946) read with the position of every value.

JSON is YAML, so composing the text with PyYAML gives a line and column for every
member and coordinate; the values themselves come from the strict JSON parser, so what is
accepted is exactly JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]
LonLat = tuple[float, float]

LINE_TYPES = ("LineString", "MultiLineString")


@dataclass
class TrackFile:
    """A track file's value, where each part was written, and why it could not be read."""

    value: Any = None
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    error: tuple[int, int, str] | None = None  # line, col, message when not JSON

    def where(self, path: JsonPath) -> tuple[int, int]:
        """The position of a path, else of its nearest parent, else 1:1."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def read_track(path: Path) -> TrackFile:
    """Read a GeoJSON file; a file that is not JSON is reported, never raised."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return TrackFile(error=(1, 1, "文件不是 UTF-8 编码"))
    return parse_track(text)


def parse_track(text: str) -> TrackFile:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        return TrackFile(error=(err.lineno, err.colno, f"不是有效的 JSON：{err.msg}"))
    except RecursionError:
        return TrackFile(error=(1, 1, "嵌套层数过深"))
    track = TrackFile(value=value)
    try:
        # tabs are JSON whitespace but not YAML indentation; one character for one keeps columns
        node = yaml.compose(text.replace("\t", " "), Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return track  # valid JSON that YAML cannot compose: positions fall back to 1:1
    if node is not None:
        _walk(node, (), track.positions)
    return track


def _walk(node: yaml.Node, path: JsonPath, out: dict[JsonPath, tuple[int, int]]) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            _walk(child, (*path, str(key.value)), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(child, (*path, i), out)


@dataclass(frozen=True)
class Line:
    """One line of a track, with the JSON path of its coordinates array."""

    path: JsonPath
    points: list[LonLat]


def geometries(value: Any) -> list[tuple[JsonPath, Any]]:
    """Every geometry object in a GeoJSON value, with its path (Feature and collections opened)."""
    if not isinstance(value, dict):
        return []
    kind = value.get("type")
    if kind == "FeatureCollection":
        found: list[tuple[JsonPath, Any]] = []
        for i, feature in enumerate(value.get("features") or []):
            found.extend(((("features", i, *p), g) for p, g in geometries(feature)))
        return found
    if kind == "Feature":
        geom = value.get("geometry")
        return [(("geometry", *p), g) for p, g in geometries(geom)] if geom is not None else []
    if kind == "GeometryCollection":
        return [(("geometries", i, *p), g) for i, item in enumerate(value.get("geometries") or [])
                for p, g in geometries(item)]
    return [((), value)]


def track_lines(value: Any) -> list[Line]:
    """The lines of a (checked) track, in file order, as (lon, lat) points."""
    lines: list[Line] = []
    for path, geom in geometries(value):
        coords = geom.get("coordinates")
        if geom.get("type") == "LineString":
            lines.append(Line((*path, "coordinates"), [(float(p[0]), float(p[1])) for p in coords]))
        elif geom.get("type") == "MultiLineString":
            for i, part in enumerate(coords):
                lines.append(Line((*path, "coordinates", i), [(float(p[0]), float(p[1])) for p in part]))
    return lines
