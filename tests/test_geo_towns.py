"""The towns the maps name: one list (geo/towns.py) for the static SVG maps and the interactive
map's schematic layer; a town placed only approximately says so on every map that draws it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from dangjian.geo.schematic import schematic_geojson
from dangjian.geo.sitemaps import locator_spec, overview_spec, town_markers
from dangjian.geo.svgmap import NOTE, MapSpec, Marker, render_map
from dangjian.geo.towns import APPROXIMATE_MARK, APPROXIMATE_NOTE, TOWNS, Town
from dangjian.render.mapblocks import MapSite
from tests.helpers import load, write_project

SVG = "{http://www.w3.org/2000/svg}"


def _words(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(SVG + "text")]


def test_an_approximate_town_is_named_as_one_and_every_town_says_where_its_position_is_from() -> None:
    assert any(t.approximate for t in TOWNS) and any(not t.approximate for t in TOWNS)
    for town in TOWNS:
        assert town.source, town
        assert town.label.endswith(APPROXIMATE_MARK) == town.approximate
    assert Town("甲镇", 132.0, 45.0, True, "来源").label == "甲镇（约）"


def test_the_schematic_layer_and_the_svg_maps_take_the_towns_from_one_list() -> None:
    layer = json.loads(schematic_geojson([]))
    towns = [f for f in layer["features"] if f["properties"]["role"] == "town"]
    assert [(f["properties"]["name"], *f["geometry"]["coordinates"]) for f in towns] == [
        (t.label, round(t.lon, 5), round(t.lat, 5)) for t in TOWNS]
    for feature, town in zip(towns, TOWNS, strict=True):
        props = feature["properties"]
        assert props.get("approximate", False) == town.approximate
        assert (props.get("note") == APPROXIMATE_NOTE) == town.approximate
    # the city as a point, an approximate town as its name alone
    assert [(m.lon, m.lat, m.label, m.kind) for m in town_markers()] == [
        (t.lon, t.lat, t.label, "area" if t.approximate else "town") for t in TOWNS]


def test_the_overview_and_locator_maps_name_every_town_and_say_what_approximate_means(tmp_path: Path) -> None:
    catalog = load(write_project(tmp_path, {})).catalog
    assert catalog is not None
    entry = next(iter(catalog.public_places()))
    rough = [t for t in TOWNS if t.approximate]
    for spec in (overview_spec(catalog), locator_spec(entry, catalog)):
        labels = {m.label for m in spec.markers}
        assert {t.label for t in TOWNS} <= labels
        assert spec.note == f"{NOTE}；{APPROXIMATE_NOTE}"
        assert all(t.name in spec.desc for t in rough) and "大致位置" in spec.desc
        assert f"{NOTE}；{APPROXIMATE_NOTE}" in _words(render_map(spec).svg)
    overview = MapSite(catalog, "").files()["assets/maps/overview.svg"]
    assert f"{NOTE}；{APPROXIMATE_NOTE}" in _words(overview)


def test_an_approximate_town_is_drawn_as_a_name_without_a_point() -> None:
    town = Marker(132.05, 45.3, "area", "当壁镇（约）")
    spec = MapSpec("towns", "t", "d", [Marker(131.87, 45.54, "town", "密山市区"), town])
    svg = render_map(spec).svg
    assert "当壁镇（约）" in _words(svg)
    # one drawn point (the city's), no number standing in for the name
    root = ET.fromstring(svg)
    assert len([c for c in root.iter(SVG + "circle") if c.get("stroke-width") == "3"]) == 1


def test_an_approximate_towns_name_that_finds_no_room_gives_way_without_a_number() -> None:
    # sites crowded around the town's point take every place its name could go
    crowd = [Marker(132.05 + dx * 0.004, 45.3 + dy * 0.003, "site", f"测试地点{i}")
             for i, (dx, dy) in enumerate((x, y) for x in range(-3, 4) for y in range(-3, 4))]
    drawn = render_map(MapSpec("crowd", "t", "d", [*crowd, Marker(132.05, 45.3, "area", "当壁镇（约）")],
                               min_span_km=2.0))
    assert "当壁镇（约）" not in _words(drawn.svg)
    assert all(item.name != "当壁镇（约）" for item in drawn.key)
