"""Route downloads re-parsed with real readers (gpxpy, geojson, ElementTree) and compared with the route."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import geojson
import gpxpy
import pytest

from dangjian.geo.legs import resolve
from dangjian.render.mapblocks import MapSite
from tests.helpers import ROUTE, SITE, load, write_project

TRACK = {"type": "LineString", "coordinates": [[131.83, 45.54], [131.9, 45.42], [132.0, 45.3]]}
NAME = "测试线路 A&B <一>"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    route = ROUTE.replace("name: 测试线路", f'name: "{NAME}"') + "track: t.geojson\n"
    site = SITE.replace("name: 测试纪念馆", 'name: "测试纪念馆 & “旧址”"')
    return write_project(tmp_path, {"routes/test-route.yml": route, "routes/t.geojson": json.dumps(TRACK),
                                    "data/sites/test-site.yml": site})


@pytest.fixture
def files(project: Path) -> dict[str, str]:
    catalog = load(project).catalog
    assert catalog is not None
    return MapSite(catalog, "https://dj.example.cn/").files()


def _stops(project: Path) -> list[tuple[str, float, float]]:
    catalog = load(project).catalog
    assert catalog is not None
    plan = resolve(catalog.get("test-route").model, catalog)  # type: ignore[union-attr,arg-type]
    return [(s.entry.name, s.entry.location.lat, s.entry.location.lon) for s in plan.stops]  # type: ignore[union-attr]


def test_every_route_gets_its_downloads_named_after_its_id(files: dict[str, str]) -> None:
    for ext in ("geojson", "gpx", "kml", "svg"):
        assert f"routes/test-route/test-route.{ext}" in files


def test_gpx_reparsed_has_the_stops_in_order_and_the_track(project: Path, files: dict[str, str]) -> None:
    gpx = gpxpy.parse(files["routes/test-route/test-route.gpx"])
    stops = _stops(project)
    assert gpx.name == NAME
    assert [(w.name, w.latitude, w.longitude) for w in gpx.waypoints] == [
        (f"{i}. {name}", lat, lon) for i, (name, lat, lon) in enumerate(stops, start=1)]
    assert [(p.latitude, p.longitude) for p in gpx.routes[0].points] == [(lat, lon) for _, lat, lon in stops]
    track = [(p.longitude, p.latitude) for p in gpx.tracks[0].segments[0].points]
    assert track == [tuple(c) for c in TRACK["coordinates"]]


def test_gpx_is_gpx_1_1(files: dict[str, str]) -> None:
    root = ET.fromstring(files["routes/test-route/test-route.gpx"].encode())
    assert root.tag == "{http://www.topografix.com/GPX/1/1}gpx" and root.get("version") == "1.1"


def test_geojson_reparsed_is_valid_rfc7946_with_the_stops_in_order(project: Path, files: dict[str, str]) -> None:
    text = files["routes/test-route/test-route.geojson"]
    data = geojson.loads(text)
    assert data.is_valid, data.errors()
    assert "crs" not in json.loads(text)
    line, *points = data["features"]
    assert line["geometry"]["type"] == "LineString"
    assert line["geometry"]["coordinates"] == TRACK["coordinates"]
    assert line["properties"]["line"] == "track"
    stops = _stops(project)
    assert [(p["properties"]["number"], p["properties"]["name"]) for p in points] == [
        (i, name) for i, (name, _, _) in enumerate(stops, start=1)]
    # RFC 7946: longitude first
    assert [p["geometry"]["coordinates"] for p in points] == [[lon, lat] for _, lat, lon in stops]


def test_kml_reparsed_has_the_stops_in_order_with_escaped_names(project: Path, files: dict[str, str]) -> None:
    text = files["routes/test-route/test-route.kml"]
    assert "&amp;" in text and "&lt;一&gt;" in text
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(text.encode())
    assert root.find("k:Document/k:name", ns).text == NAME  # type: ignore[union-attr]
    marks = root.findall("k:Document/k:Folder/k:Placemark", ns)
    stops = _stops(project)
    assert [m.find("k:name", ns).text for m in marks] == [  # type: ignore[union-attr]
        f"{i}. {name}" for i, (name, _, _) in enumerate(stops, start=1)]
    assert [m.find("k:Point/k:coordinates", ns).text for m in marks] == [  # type: ignore[union-attr]
        f"{lon},{lat}" for _, lat, lon in stops]
    line = root.find("k:Document/k:Placemark/k:LineString/k:coordinates", ns).text  # type: ignore[union-attr]
    assert line == " ".join(f"{lon},{lat}" for lon, lat in TRACK["coordinates"])


def test_a_route_without_a_track_is_drawn_through_its_stops(tmp_path: Path) -> None:
    catalog = load(write_project(tmp_path, {})).catalog
    assert catalog is not None
    files = MapSite(catalog, "").files()
    data = json.loads(files["routes/test-route/test-route.geojson"])
    line = data["features"][0]
    assert line["properties"]["line"] == "straight"
    assert line["geometry"]["coordinates"] == [[131.83, 45.54], [132.0, 45.3]]
    gpx = gpxpy.parse(files["routes/test-route/test-route.gpx"])
    assert gpx.tracks == [] and len(gpx.routes[0].points) == 2


def test_overview_geojson_lists_every_public_place(tmp_path: Path) -> None:
    catalog = load(write_project(tmp_path, {})).catalog
    assert catalog is not None
    data = geojson.loads(MapSite(catalog, "").files()["assets/maps/overview.geojson"])
    assert data.is_valid
    assert sorted(f["properties"]["id"] for f in data["features"]) == ["test-school", "test-site"]
