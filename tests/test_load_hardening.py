"""The loader refuses what an editor never means and an attacker might: files outside the
project, names with markup, anchors and aliases, control and direction characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from dangjian.load.diagnostics import Diagnostic
from dangjian.load.yamlsource import parse
from dangjian.settings import from_options
from tests.bad_files import (
    ANCHORED,
    ESCAPED_CONTROLS,
    FOLDER_NAMES,
    RAW_CONTROLS,
    TRACK_ESCAPES,
    B,
    route_with_track,
)
from tests.helpers import BRAND, lines, load, write_project

TRACK = '{"type": "LineString", "coordinates": [[131.83, 45.54], [132.0, 45.3]]}\n'

BOMB = """\
id: nc-test-01
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def codes_at(result: object, code: str) -> list[str]:
    return [line for line in lines(result) if f": {code} " in line]  # type: ignore[arg-type]


# --- files stay inside the project ------------------------------------------------------

def test_a_data_file_linked_to_outside_the_project_is_reported_and_never_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    secret = tmp_path / "secret.yml"
    secret.write_text(BRAND.replace("nc-test-01", "nc-link-01").replace("红色引擎", "外面的秘密"), encoding="utf-8")
    (root / "data/brands/农村/nc-link-01.yml").symlink_to(secret)
    result = load(root)
    assert not result.ok
    assert lines(result) == ["data/brands/农村/nc-link-01.yml:1:1: DJ014 数据文件“data/brands/农村/nc-link-01.yml”"
                             f"是指向项目文件夹之外（{secret.resolve()}）的链接"]
    assert all(f.model is None or f.model.name != "外面的秘密" for f in result.files.values())  # type: ignore[attr-defined]


def test_a_linked_folder_and_a_linked_data_folder_outside_are_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    outside = tmp_path / "outside"
    (outside / "brands").mkdir(parents=True)
    (root / "data/brands/linked").symlink_to(outside)
    assert codes_at(load(root), "DJ014") == [
        f"data/brands/linked:1:1: DJ014 文件夹“data/brands/linked”是指向项目文件夹之外（{outside.resolve()}）的链接"]
    (root / "data/brands/linked").unlink()
    real = root / "data" / "sites"
    real.rename(outside / "sites")
    real.symlink_to(outside / "sites")
    found = codes_at(load(root), "DJ014")
    assert found and found[0].startswith("data/sites:1:1: DJ014 数据文件夹")


def test_a_link_that_stays_inside_the_project_is_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"shared/nc-test-02.yml": BRAND.replace("nc-test-01", "nc-test-02")})
    (root / "data/brands/农村/nc-test-02.yml").symlink_to(root / "shared/nc-test-02.yml")
    result = load(root)
    assert result.ok, lines(result)
    assert len(result.catalog.brands) == 2  # type: ignore[union-attr]


def test_docs_pages_and_folders_linked_outside_the_project_are_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"docs/index.md": "# 首页\n", "docs/guide/page.md": "# 页\n"})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text("# 外面\n", encoding="utf-8")
    (root / "docs/leak.md").symlink_to(tmp_path / "elsewhere" / "x.md")
    (root / "docs/guide/more").symlink_to(tmp_path / "elsewhere")
    (root / "docs/inside.md").symlink_to(root / "docs/index.md")  # inside the project: fine
    (root / "docs/.hidden.md").symlink_to(tmp_path / "elsewhere" / "x.md")  # MkDocs leaves it out
    result = load(root)
    assert codes_at(result, "DJ014") == [
        f"docs/guide/more:1:1: DJ014 文档文件夹“docs/guide/more”是指向项目文件夹之外（{(tmp_path / 'elsewhere').resolve()}）的链接",
        f"docs/leak.md:1:1: DJ014 文档页“docs/leak.md”是指向项目文件夹之外（{(tmp_path / 'elsewhere' / 'x.md').resolve()}）的链接",
    ]


def test_a_docs_folder_that_links_back_into_itself_is_walked_once(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"docs/index.md": "# 首页\n"})
    (root / "docs/loop").symlink_to(root / "docs")
    result = load(root)  # ends at all: a loop would never finish walking
    assert result.ok, lines(result)


@pytest.mark.parametrize(("track", "code", "words"), [
    *((track, "DJ124", words) for track, words in TRACK_ESCAPES),
    ("out.geojson", "DJ014", "是指向项目文件夹之外"),
    ("data-link.geojson", "DJ124", "是指向 routes/ 文件夹之外（data/t.geojson）的链接"),
])
def test_a_track_outside_routes_is_reported_at_the_track_field(
        tmp_path: Path, track: str, code: str, words: str) -> None:
    text, line = route_with_track(track)
    root = write_project(tmp_path / "p", {"routes/test-route.yml": text, "data/t.geojson": TRACK})
    (tmp_path / "out.geojson").write_text(TRACK, encoding="utf-8")
    (root / "routes/out.geojson").symlink_to(tmp_path / "out.geojson")
    (root / "routes/data-link.geojson").symlink_to(root / "data/t.geojson")
    found = lines(load(root))
    assert len(found) == 1 and found[0].startswith(f"routes/test-route.yml:{line}:8: {code} "), found
    assert words in found[0]


def test_a_track_inside_routes_still_loads(tmp_path: Path) -> None:
    text, _ = route_with_track("tracks/test.geojson")
    root = write_project(tmp_path / "p", {"routes/test-route.yml": text, "routes/tracks/test.geojson": TRACK})
    result = load(root)
    assert result.ok, lines(result)


@pytest.mark.parametrize(("folder", "shown"), FOLDER_NAMES)
def test_a_folder_name_with_markup_or_invisible_characters_is_reported(
        tmp_path: Path, folder: str, shown: str) -> None:
    root = write_project(tmp_path / "p", {f"data/brands/{folder}/nc-test-02.yml":
                                          BRAND.replace("nc-test-01", "nc-test-02"),
                                          f"data/brands/{folder}/nc-test-03.yml":
                                          BRAND.replace("nc-test-01", "nc-test-03")})
    found = codes_at(load(root), "DJ013")
    assert len(found) == 1, found  # once per folder, at its first file
    shown_folder = folder.replace("\u202e", "\\u202e").replace("\x07", "\\u0007").replace("\u200b", "\\u200b")
    assert found[0].startswith(f"data/brands/{shown_folder}/nc-test-02.yml:1:1: DJ013 文件夹名“{shown_folder}”")
    assert shown in found[0]


def test_a_file_name_with_a_direction_character_is_reported_and_never_printed_raw(tmp_path: Path) -> None:
    name = "nc-test-02\u202elmy.yml"
    root = write_project(tmp_path / "p", {f"data/brands/农村/{name}": BRAND.replace("nc-test-01", "nc-test-02")})
    result = load(root)
    found = codes_at(result, "DJ013")
    assert found == ["data/brands/农村/nc-test-02\\u202elmy.yml:1:1: DJ013 文件名“nc-test-02\\u202elmy.yml”"
                     "含有文字方向控制符 U+202E（\\u202e）"]
    assert all("\u202e" not in d.format() for d in result.diagnostics)


def test_plain_chinese_names_are_fine(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"data/brands/城市社区 (示例)/sq-test-01.yml":
                                          BRAND.replace("nc-test-01", "sq-test-01")})
    result = load(root)
    assert result.ok, lines(result)


@pytest.mark.parametrize("suffix", [".YML", ".Yml", ".yaml", ".YAML"])
def test_yaml_files_are_read_whatever_the_case_of_their_suffix(tmp_path: Path, suffix: str) -> None:
    root = write_project(tmp_path / "p", {
        f"data/brands/农村/nc-test-02{suffix}": BRAND.replace("nc-test-01", "nc-test-02"),
        f"data/brands/农村/nc-test-03{suffix}": "id: nc-test-03\n",
    })
    result = load(root)
    assert f"data/brands/农村/nc-test-02{suffix}" in result.files
    assert any(line.startswith(f"data/brands/农村/nc-test-03{suffix}:1:1: DJ102") for line in lines(result))
    (root / f"data/brands/农村/nc-test-03{suffix}").unlink()
    result = load(root)
    assert result.ok, lines(result)
    assert sorted(e.id for e in result.catalog.brands) == ["nc-test-01", "nc-test-02"]  # type: ignore[union-attr]


# --- anchors and aliases ----------------------------------------------------------------

def test_an_alias_bomb_is_reported_at_once_without_being_expanded() -> None:
    parsed = parse(BOMB)
    assert parsed.value is None  # refused from the events: no node was ever expanded
    found = {(p.line, p.col, p.code) for p in parsed.problems}
    assert (2, 4, "DJ012") in found and (3, 8, "DJ012") in found and (10, 8, "DJ012") in found
    messages = [p.message for p in parsed.problems]
    assert "使用了锚点“&a”" in messages and "使用了别名“*a”（本行共 9 处）" in messages


def test_an_alias_bomb_in_a_project_is_a_located_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"data/brands/农村/nc-test-01.yml": BOMB})
    result = load(root)
    assert f"{B}:2:4: DJ012 使用了锚点“&a”" in lines(result)
    assert f"{B}:3:8: DJ012 使用了别名“*a”（本行共 9 处）" in lines(result)


@pytest.mark.parametrize(("text", "where", "message"), ANCHORED)
def test_each_anchor_and_alias_is_reported_where_it_is_written(
        tmp_path: Path, text: str, where: tuple[int, int], message: str) -> None:
    root = write_project(tmp_path / "p", {B: text})
    assert f"{B}:{where[0]}:{where[1]}: DJ012 {message}" in lines(load(root))


def test_ampersands_and_asterisks_in_text_are_not_anchors(tmp_path: Path) -> None:
    text = BRAND.replace("summary: 示例品牌的简介。", 'summary: 党建&发展 * 3，"&x" 与 *号')
    root = write_project(tmp_path / "p", {B: text})
    result = load(root)
    assert result.ok, lines(result)


# --- every missing field ----------------------------------------------------------------

def test_every_missing_required_field_is_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: "id: nc-test-01\nfield: 农村\n"})
    missing = sorted(line.split("“")[1].rstrip("”") for line in codes_at(load(root), "DJ102"))
    assert missing == ["level", "name", "org", "summary", "town", "visibility"]
    assert all(line.startswith(f"{B}:1:1: DJ102") for line in codes_at(load(root), "DJ102"))


def test_missing_fields_of_a_nested_mapping_are_all_reported(tmp_path: Path) -> None:
    text = BRAND.replace("visibility: public", "location:\n  approximate: true\nvisibility: public")
    root = write_project(tmp_path / "p", {B: text})
    found = codes_at(load(root), "DJ102")
    assert {line.split("“")[1].rstrip("”") for line in found} == {"location.lat", "location.lon"}


# --- control and direction characters ---------------------------------------------------

@pytest.mark.parametrize(("char", "kind"), RAW_CONTROLS)
def test_a_raw_control_character_is_reported_at_its_column_and_shown_escaped(
        tmp_path: Path, char: str, kind: str) -> None:
    text = BRAND.replace("slogan: 党建引领促振兴", f"slogan: 党建{char}引领促振兴")
    root = write_project(tmp_path / "p", {B: text})
    result = load(root)
    escaped = f"\\u{ord(char):04x}"
    assert lines(result) == [f"{B}:7:11: DJ011 有{kind} U+{ord(char):04X}（{escaped}）"]
    assert char not in "\n".join(d.format() for d in result.diagnostics)


@pytest.mark.parametrize("escape", ESCAPED_CONTROLS)
def test_a_control_character_written_as_an_escape_is_reported_at_the_value(tmp_path: Path, escape: str) -> None:
    text = BRAND.replace("slogan: 党建引领促振兴", f'slogan: "党建{escape}引领"')
    root = write_project(tmp_path / "p", {B: text})
    found = lines(load(root))
    assert len(found) == 1 and found[0].startswith(f"{B}:7:9: DJ011 引号中的转义写出了"), found


def test_tabs_and_line_breaks_inside_values_are_fine(tmp_path: Path) -> None:
    text = BRAND.replace("summary: 示例品牌的简介。", 'summary: "第一段\\t说明\\n第二段"')
    root = write_project(tmp_path / "p", {B: text})
    result = load(root)
    assert result.ok, lines(result)


def test_a_diagnostic_never_carries_a_raw_control_character() -> None:
    d = Diagnostic("data/a\u202eb.yml", 1, 2, "DJ104", "“x\u202ey\x1b[31m”不在允许范围内", "可选\u2066值")
    assert d.format() == ("data/a\\u202eb.yml:1:2: DJ104 “x\\u202ey\\u001b[31m”不在允许范围内\n"
                          "    提示：可选\\u2066值")


def test_settings_from_options_keep_the_defaults_for_empty_values(tmp_path: Path) -> None:
    settings = from_options(tmp_path, {"data_dir": None, "routes_dir": None}, docs_dir="docs")
    assert (settings.data_dir, settings.routes_dir, settings.docs_path) == ("data", "routes", tmp_path / "docs")
