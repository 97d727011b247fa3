"""The static SVG maps: what they must show, legible sizes, labels that do not overlap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.geo.svgmap import (
    FOOTER,
    LABEL_FS,
    SMALL_FS,
    MapSpec,
    Marker,
    render_map,
    render_svg,
    text_width,
)
from dangjian.render.mapblocks import MapSite
from tests.helpers import load, write_project
from tests.project import KNOWN, TOUR

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(SVG + "text"))


FIVE_STOPS = """\
id: five-stops
name: 五站线路
theme: 红色教育
summary: 测试用的线路。
stops:
""" + "".join(f"  - {{ref: {ref}, minutes: 30}}\n" for ref in TOUR) + "visibility: public\n"


def _five_stops(root: Path) -> MapSite:
    """A small project: the five known tour sites and a route through them."""
    files = {f"data/{rel}": text for rel, text in KNOWN.items() if rel.startswith("sites/")}
    catalog = load(write_project(root, {**files, "routes/five-stops.yml": FIVE_STOPS})).catalog
    assert catalog is not None
    return MapSite(catalog, "")


def test_route_map_has_numbered_stops_line_scale_north_legend_and_the_note(tmp_path: Path) -> None:
    files = _five_stops(tmp_path).files()
    svg = files["routes/five-stops/five-stops.svg"]
    root = ET.fromstring(svg)  # well-formed XML
    words = [t.text for t in _texts(svg)]
    # 5 stops, the legend's sample marker, and the scale bar's 0
    assert sorted(w for w in words if w and w.isdigit()) == ["0", "1", "1", "2", "3", "4", "5"]
    assert "示意图（不绘制国界线）" in words and "北" in words
    assert any(w and w.endswith("公里") for w in words)
    assert len(root.findall(f"{SVG}polyline")) == 2  # the line and its white casing
    assert root.find(f"{SVG}title").text == "五站线路线路示意图"  # type: ignore[union-attr]
    assert root.get("viewBox", "").startswith("0 0 640 ")


def test_labels_never_overlap_each_other(realistic_catalog: Catalog, tmp_path: Path) -> None:
    svgs = [svg for site in (MapSite(realistic_catalog, ""), _five_stops(tmp_path))
            for name, svg in site.files().items() if name.endswith(".svg")]
    # the overview of each, every place map and every route map of the realistic project
    assert len(svgs) >= 2 + len(realistic_catalog.public("route"))
    for svg in svgs:
        boxes = _label_boxes(svg)
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5)


def test_text_stays_legible_when_the_map_is_360_px_wide(tmp_path: Path) -> None:
    svg = _five_stops(tmp_path).files()["routes/five-stops/five-stops.svg"]
    width = float(ET.fromstring(svg).get("viewBox").split()[2])  # type: ignore[union-attr]
    smallest = min(float(t.get("font-size")) for t in _texts(svg))  # type: ignore[arg-type]
    assert smallest * 360 / width >= 10  # at least 10 CSS px on a phone
    assert LABEL_FS * 360 / width >= 12 and SMALL_FS * 360 / width >= 10


def test_markers_that_coincide_are_spread_apart_with_a_leader() -> None:
    spec = MapSpec("m", "t", "d", [Marker(132.0, 45.3, "stop", "甲", 1), Marker(132.0001, 45.3001, "stop", "乙", 2)],
                   legend=[("stop", "站点")])
    svg = render_svg(spec)
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="16"', svg)
    (x1, y1), (x2, y2) = [(float(a), float(b)) for a, b in circles]
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 32
    assert "<line " in svg


def test_text_is_escaped(tmp_path: Path) -> None:
    spec = MapSpec("m", "A<B>&", "<script>", [Marker(132.0, 45.3, "focus", "<b>x</b>")])
    svg = render_svg(spec)
    assert "<script>" not in svg and "<b>" not in svg
    ET.fromstring(svg)


def test_the_overview_shows_every_public_place(tmp_path: Path) -> None:
    catalog = load(write_project(tmp_path, {})).catalog
    assert catalog is not None
    svg = MapSite(catalog, "").files()["assets/maps/overview.svg"]
    words = [t.text for t in _texts(svg)]
    assert "测试纪念馆" in words and "密山市区" in words


def test_the_bench_switches_the_maps_plugin_off_in_its_copy_of_mkdocs_yml() -> None:
    from bench.maps import without_maps

    text = "plugins:\n  - dangjian/content:\n      data_dir: data\n  - dangjian/maps\n  - search\n"
    assert without_maps(text) == ("plugins:\n  - dangjian/content:\n      data_dir: data\n"
                                  "  - dangjian/maps:\n      enabled: false\n  - search\n")
    with_options = "plugins:\n  - dangjian/maps:\n      basemap: {url: x}\n"
    assert "enabled: false\n      basemap" in without_maps(with_options)  # type: ignore[operator]
    assert without_maps("plugins:\n  - search\n") is None


def _label_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    boxes = []
    for t in _texts(svg):
        if t.get("stroke") != "#ffffff" or not t.text:  # only haloed labels
            continue
        x, y, fs = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))  # type: ignore[arg-type]
        boxes.append((x, y - fs, x + text_width(t.text, fs), y + fs * 0.2))
    return boxes


def test_a_crowded_route_keeps_its_labels_apart_and_in_the_frame_and_lists_the_rest() -> None:
    # eight stops some 300 m apart, each with a long name: not every name fits
    names = [f"第{n}个示例教学点纪念馆" for n in "一二三四五六七八"]
    stops = [Marker(131.87 + 0.0025 * i, 45.54 + 0.0012 * (i % 3), "stop", name, i + 1)
             for i, name in enumerate(names)]
    drawn = render_map(MapSpec("crowd", "t", "d", stops, lines=[[(m.lon, m.lat) for m in stops]],
                               legend=[("stop", "站点")]))
    root = ET.fromstring(drawn.svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    map_h = height - FOOTER
    boxes = _label_boxes(drawn.svg)
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= width and a[1] >= 0 and a[3] <= map_h, a  # inside the map's frame
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5)
    drawn_names = {t.text for t in _texts(drawn.svg)}
    listed = {item.name: item.number for item in drawn.key}
    assert listed, "a crowded map lists the names it could not place"
    for number, name in enumerate(names, start=1):
        assert (name in drawn_names) != (name in listed)  # on the map or in the key, never both
        if name in listed:
            assert listed[name] == number  # a stop keeps its own number in the key


def test_names_that_do_not_fit_become_numbers_on_the_map_and_in_the_key() -> None:
    places = [Marker(131.87 + 0.002 * i, 45.54, "site", f"示例纪念馆{i}号展陈中心") for i in range(6)]
    drawn = render_map(MapSpec("many", "t", "d", places))
    assert drawn.key
    words = {t.text for t in _texts(drawn.svg)}
    for item in drawn.key:
        assert str(item.number) in words and item.name not in words


def test_the_overview_legend_explains_why_fewer_brands_have_a_position(tmp_path: Path) -> None:
    from dangjian.geo.sitemaps import brand_coverage, coverage_note
    from tests.helpers import BRAND

    placed_brand = BRAND.replace("nc-test-01", "nc-test-02").replace(
        "visibility:", "location:\n  lat: 45.5\n  lon: 131.9\nvisibility:")
    catalog = load(write_project(tmp_path, {"data/brands/农村/nc-test-02.yml": placed_brand})).catalog
    assert catalog is not None
    placed, total = brand_coverage(catalog)
    assert 0 < placed < total
    note = coverage_note(catalog)
    assert note == f"{total} 个品牌中 {placed} 个有坐标；其余尚未核实位置，未在图上标出。"
    words = [t.text for t in _texts(MapSite(catalog, "").files()["assets/maps/overview.svg"])]
    assert f"党建品牌（{placed} 个有坐标）" in words
