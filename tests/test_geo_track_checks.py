"""Route track files are checked as RFC 7946 GeoJSON, each problem at file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import ROUTE, lines, load, write_project

# test-site is at (131.83, 45.54), test-school at (132.0, 45.3)
GOOD = {"type": "LineString", "coordinates": [[131.83, 45.54], [131.9, 45.42], [132.0, 45.3]]}


def _project(tmp_path: Path, track_text: str, name: str = "test-route.geojson") -> Path:
    return write_project(tmp_path, {
        "routes/test-route.yml": ROUTE + f"track: {name}\n",
        f"routes/{name}": track_text,
    })


def test_a_good_track_passes(tmp_path: Path) -> None:
    result = load(_project(tmp_path, json.dumps(GOOD)))
    assert result.ok, lines(result)


def test_a_track_in_a_feature_collection_passes(tmp_path: Path) -> None:
    text = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": GOOD}]})
    assert load(_project(tmp_path, text)).ok


def test_swapped_track_coordinates_are_rejected_with_the_swap_hint_at_their_line(tmp_path: Path) -> None:
    text = '{\n  "type": "LineString",\n  "coordinates": [\n    [45.54, 131.83],\n    [45.3, 132.0]\n  ]\n}\n'
    result = load(_project(tmp_path, text))
    assert not result.ok
    first = result.diagnostics[0]
    assert (first.path, first.line, first.col, first.code) == ("routes/test-route.geojson", 4, 5, "DJ143")
    assert "写反" in first.hint and "[经度, 纬度]" in first.hint


def test_a_track_point_outside_the_area_is_rejected_with_the_area_hint(tmp_path: Path) -> None:
    # Harbin is a valid position but not on a Mishan route
    text = json.dumps({"type": "LineString", "coordinates": [[131.83, 45.54], [126.63, 45.75], [132.0, 45.3]]})
    result = load(_project(tmp_path, text))
    assert [d.code for d in result.diagnostics] == ["DJ144"]
    assert "WGS-84" in result.diagnostics[0].hint


def test_a_crs_member_is_rejected_at_its_position(tmp_path: Path) -> None:
    text = ('{"type": "Feature",\n "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},\n'
            ' "properties": {},\n "geometry": ' + json.dumps(GOOD) + "}\n")
    result = load(_project(tmp_path, text))
    assert lines(result) == ["routes/test-route.geojson:2:9: DJ142 GeoJSON 中有 \"crs\" 成员（RFC 7946 已取消）"]


def test_a_track_that_ends_far_from_its_last_stop_is_rejected(tmp_path: Path) -> None:
    far = {"type": "LineString", "coordinates": [[131.83, 45.54], [131.9, 45.42], [132.3, 45.3]]}
    text = json.dumps(far, indent=2)
    result = load(_project(tmp_path, text))
    assert [d.code for d in result.diagnostics] == ["DJ145"]
    d = result.diagnostics[0]
    assert "终点" in d.message and "第 2 站" in d.message and "测试微党校" in d.message
    # the diagnostic points at the last position of the line
    assert text.splitlines()[d.line - 1].strip().startswith("[") or text.splitlines()[d.line - 1].strip() == "132.3,"


def test_a_track_drawn_backwards_is_reported_as_reversed(tmp_path: Path) -> None:
    backwards = {"type": "LineString", "coordinates": list(reversed(GOOD["coordinates"]))}
    result = load(_project(tmp_path, json.dumps(backwards)))
    assert {d.code for d in result.diagnostics} == {"DJ145"}
    assert all("反了" in d.hint for d in result.diagnostics)


def test_one_line_per_leg_is_checked_leg_by_leg(tmp_path: Path) -> None:
    multi = {"type": "MultiLineString", "coordinates": [[[131.83, 45.54], [132.0, 45.3]]]}
    assert load(_project(tmp_path, json.dumps(multi))).ok


def test_a_point_is_not_a_track(tmp_path: Path) -> None:
    result = load(_project(tmp_path, '{"type": "Point", "coordinates": [131.9, 45.5]}'))
    assert [d.code for d in result.diagnostics] == ["DJ141"]
    assert "LineString" in result.diagnostics[0].message


def test_a_line_with_one_position_is_rejected(tmp_path: Path) -> None:
    result = load(_project(tmp_path, '{"type": "LineString",\n "coordinates": [[131.9, 45.5]]}'))
    assert lines(result) == ["routes/test-route.geojson:2:17: DJ141 一段线至少要有两个坐标点"]


def test_a_position_that_is_not_two_numbers_is_rejected(tmp_path: Path) -> None:
    result = load(_project(tmp_path, '{"type": "LineString", "coordinates": [[131.83, 45.54], ["132", 45.3]]}'))
    assert [(d.code, d.col) for d in result.diagnostics] == [("DJ141", 57)]


def test_broken_json_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    result = load(_project(tmp_path, '{"type": "LineString",\n "coordinates": [[131.83, 45.54],, [132.0, 45.3]]}'))
    d = result.diagnostics[0]
    assert (d.code, d.line) == ("DJ140", 2)
    assert "JSON" in d.message


def test_a_track_file_with_tabs_keeps_its_columns(tmp_path: Path) -> None:
    text = '{\n\t"type": "LineString",\n\t"coordinates": [\n\t\t[45.54, 131.83],\n\t\t[132.0, 45.3]\n\t]\n}\n'
    result = load(_project(tmp_path, text))
    first = result.diagnostics[0]
    assert (first.line, first.col, first.code) == (4, 3, "DJ143")


def test_the_check_command_prints_track_problems_with_their_position(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = _project(tmp_path, '{"type": "LineString", "coordinates": [[45.54, 131.83], [45.3, 132.0]]}')
    done = subprocess.run([sys.executable, "-m", "dangjian.cli", "check"], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.returncode != 0
    assert "routes/test-route.geojson:1:40: DJ143" in done.stdout + done.stderr
