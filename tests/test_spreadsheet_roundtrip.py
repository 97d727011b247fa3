"""A spreadsheet round trip loses nothing: comments, order and layout survive an import; a stale
sheet, a deletion, a mistyped header, an office encoding, merged cells and a sheet without a
可见性 column each do what the editor would expect, and say so."""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from openpyxl import Workbook, load_workbook

from dangjian.editor import brand_columns as bc
from dangjian.editor.brands_io import apply_import, export_brands, format_report, plan_import
from dangjian.editor.scaffold import new_entity
from dangjian.settings import load_settings
from tests.helpers import load, write_project

# A brand file as an editor keeps it: comments above and beside fields, blank lines, its own
# key order (visibility first), a flow list, quotes where none are needed.
COMMENTED = """\
# yaml-language-server: $schema=../../../schemas/brand.schema.json
# 由当壁镇报送，2026 年 3 月核对。

visibility: public   # 核对后公开
id: nc-test-01
name: '红色引擎'
org: 当壁镇某村党支部（示例）
field: 农村
town: 当壁镇
level: 基层品牌

# 口号由支部书记提供
slogan: 党建引领促振兴
summary: 示例品牌的简介。
practices: [做法一, 做法二]   # 两项即可
results:
  # 第一项来自年终总结
  - 成效一
location:
  # 村部位置，未实地核实
  lat: 45.30
  lon: 132.04
  approximate: true
sample: true
# 文件结束
"""


def _project(tmp_path: Path, brand: str = COMMENTED) -> Path:
    return write_project(tmp_path / "p", {"data/brands/农村/nc-test-01.yml": brand})


def _brand_file(root: Path, brand_id: str = "nc-test-01", field: str = "农村") -> Path:
    return root / "data/brands" / field / f"{brand_id}.yml"


def _export(root: Path, path: Path) -> Path:
    export_brands(load_settings(root), path)
    return path


def _edit(sheet: Path, edits: dict[tuple[int, str], object], *, out: Path | None = None) -> Path:
    """Set cells of an exported .xlsx: (row, header) -> value."""
    book = load_workbook(sheet)
    ws = book.active
    headers = [c.value for c in ws[1]]
    for (row, header), value in edits.items():
        ws.cell(row, headers.index(header) + 1).value = value
    target = out or sheet
    book.save(target)
    return target


def _import(root: Path, sheet: Path, *, dry_run: bool = False, force: bool = False):
    settings = load_settings(root)
    report = plan_import(settings, sheet, force=force)
    if report.ok and not dry_run:
        assert apply_import(settings, report) == []
    return report, format_report(report, settings, dry_run=dry_run)


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line.startswith(("- ", "+ "))]


def test_an_import_changes_only_the_lines_of_the_fields_that_changed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _edit(_export(root, tmp_path / "b.xlsx"), {(2, "品牌口号"): "新口号：一心为民"})
    report, text = _import(root, sheet)
    assert report.ok and report.count("changed") == 1, text
    after = _brand_file(root).read_text(encoding="utf-8")
    assert _changed_lines(COMMENTED, after) == ["- slogan: 党建引领促振兴", "+ slogan: 新口号：一心为民"]
    assert "nc-test-01.yml: 品牌口号: 党建引领促振兴 → 新口号：一心为民" in text
    assert load(root).diagnostics == []


def test_a_changed_list_keeps_its_style_and_the_file_its_comments(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _edit(_export(root, tmp_path / "b.xlsx"), {
        (2, "主要做法"): "做法一\n做法二\n做法三",
        (2, "纬度"): 45.31,
        (2, "标签"): "乡村振兴",
        (2, "品牌口号"): None,
    })
    report, text = _import(root, sheet)
    assert report.ok, text
    after = _brand_file(root).read_text(encoding="utf-8")
    assert _changed_lines(COMMENTED, after) == [
        "- slogan: 党建引领促振兴",
        "- practices: [做法一, 做法二]   # 两项即可",
        "+ practices: [做法一, 做法二, 做法三]   # 两项即可",
        "-   lat: 45.30",
        "+   lat: 45.31",
        "+ tags: [乡村振兴]",
    ]
    assert "# 口号由支部书记提供" in after  # a cleared field's comment stays for the next editor
    assert "品牌口号: 党建引领促振兴 → （空）" in text


def test_a_scaffolded_file_keeps_every_comment_and_fills_its_placeholders(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    settings = load_settings(root)
    made = new_entity(settings, "brand", "nc-dangbi-10", "农村")
    scaffold = made.path.read_text(encoding="utf-8")
    comments = [line for line in scaffold.splitlines() if line.lstrip().startswith("#")]
    filled = (scaffold.replace("name:\n", "name: 湖畔新风\n", 1).replace("org:\n", "org: 当壁镇某村党支部（示例）\n", 1)
              .replace("town:\n", "town: 当壁镇\n", 1).replace("level:\n", "level: 基层品牌\n", 1)
              .replace("summary:\n", "summary: 简介。\n", 1).replace("visibility:\n", "visibility: internal\n", 1))
    made.path.write_text(filled, encoding="utf-8")
    assert load(root).diagnostics == []
    sheet = _edit(_export(root, tmp_path / "b.xlsx"), {(2, "品牌口号"): "守边护边", (2, "标签"): "示范"})
    assert load_workbook(sheet).active.cell(2, 1).value == "nc-dangbi-10"
    report, text = _import(root, sheet)
    assert report.ok and report.count("changed") == 1, text
    after = made.path.read_text(encoding="utf-8")
    kept = [line for line in after.splitlines() if line.lstrip().startswith("#")]
    # the two placeholders the values went into are the only comment lines gone
    assert Counter(comments) - Counter(kept) == Counter(["# slogan:", "# tags:", "#   - "])
    assert "slogan: 守边护边" in after and "tags: [示范]" in after
    assert after.index("slogan:") < after.index("summary:")  # where the placeholder was
    assert load(root).diagnostics == []


def test_export_then_import_changes_nothing_and_rewrites_no_file(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for suffix in (".xlsx", ".csv"):
        report, text = _import(root, _export(root, tmp_path / f"b{suffix}"))
        assert (report.count("unchanged"), report.count("changed")) == (1, 0), text
    assert _brand_file(root).read_text(encoding="utf-8") == COMMENTED
    headers = [c.value for c in load_workbook(tmp_path / "b.xlsx").active[1]]
    assert headers == list(bc.HEADERS) and headers[-2:] == ["删除", "版本"]


def test_a_sheet_exported_before_a_file_was_edited_cannot_revert_that_edit(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _edit(_export(root, tmp_path / "old.xlsx"), {(2, "品牌口号"): "表格里改的口号"})
    path = _brand_file(root)
    edited = COMMENTED.replace("summary: 示例品牌的简介。", "summary: 在 YAML 中改过的简介。")
    path.write_text(edited, encoding="utf-8")
    report, text = _import(root, sheet)
    assert not report.ok
    assert "old.xlsx:第 2 行" in text and "DJ017" in text and "data/brands/农村/nc-test-01.yml 又被修改过" in text
    assert "--force" in text and "没有写入任何文件" in text
    assert path.read_text(encoding="utf-8") == edited
    # the stale row is imported only when forced; the other (unchanged) row was never a problem
    report, text = _import(root, sheet, force=True)
    assert report.ok and report.count("changed") == 1, text
    assert "slogan: 表格里改的口号" in path.read_text(encoding="utf-8")


def test_a_stale_row_that_changes_nothing_is_not_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _export(root, tmp_path / "old.xlsx")
    path = _brand_file(root)
    path.write_text(COMMENTED.replace("示例品牌的简介。", "新简介。"), encoding="utf-8")
    sheet = _edit(sheet, {(2, "简介"): "新简介。"})
    report, text = _import(root, sheet)
    assert report.ok and report.count("unchanged") == 1, text


def test_a_row_marked_for_deletion_removes_its_file_and_says_so(tmp_path: Path) -> None:
    root = _project(tmp_path)
    second = COMMENTED.replace("nc-test-01", "nc-test-02").replace("红色引擎", "湖畔红帆")
    _brand_file(root, "nc-test-02").write_text(second, encoding="utf-8")
    sheet = _edit(_export(root, tmp_path / "b.xlsx"), {(3, "删除"): "是"})
    report, text = _import(root, sheet, dry_run=True)
    assert "将删除 data/brands/农村/nc-test-02.yml（第 3 行：湖畔红帆）" in text, text
    assert _brand_file(root, "nc-test-02").exists()
    report, text = _import(root, sheet)
    assert report.count("deleted") == 1 and "删除 1 个" in text, text
    assert not _brand_file(root, "nc-test-02").exists() and _brand_file(root).exists()


def test_a_brand_missing_from_the_sheet_is_never_deleted_and_is_counted(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _export(root, tmp_path / "b.xlsx")
    book = load_workbook(sheet)
    book.active.delete_rows(2)  # the row of nc-test-01
    book.save(sheet)
    report, text = _import(root, sheet)
    assert report.ok and report.not_in_sheet == 1, text
    assert "另有 1 个品牌不在表格中，保持不变（不会被删除）" in text
    assert _brand_file(root).read_text(encoding="utf-8") == COMMENTED


def test_deleting_a_brand_that_does_not_exist_is_a_row_problem(tmp_path: Path) -> None:
    root = _project(tmp_path)
    book = Workbook()
    ws = book.active
    ws.append(["编号", "品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介", "可见性", "删除"])
    ws.append(["nc-nobody-01", "无此品牌", "某支部", "农村", "当壁镇", "基层品牌", "简介", "公开", "是"])
    book.save(tmp_path / "d.xlsx")
    _report, text = _import(root, tmp_path / "d.xlsx")
    assert "d.xlsx:第 2 行 I 列（删除）: DJ018 要删除的品牌在数据中不存在" in text, text


def test_a_mistyped_header_is_an_error_with_what_it_probably_meant(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _export(root, tmp_path / "b.xlsx")
    book = load_workbook(sheet)
    ws = book.active
    ws.cell(1, bc.HEADERS.index("品牌口号") + 1).value = "品牌口好"
    ws.cell(1, bc.HEADERS.index("简介") + 1).value = "简 介"  # spaces are allowed
    book.save(sheet)
    report, text = _import(root, sheet)
    letter = chr(ord("A") + bc.HEADERS.index("品牌口号"))
    assert f"b.xlsx:第 1 行 {letter} 列（品牌口好）: DJ101 不认识的列名“品牌口好”" in text, text
    assert "是不是“品牌口号”？" in text
    assert len(report.problems) == 1 and "没有写入任何文件" in text


def _csv_text(root: Path) -> str:
    return ("编号,品牌名称,党组织名称,领域,乡镇(街道),级别,品牌口号,简介,可见性\r\n"
            "nc-test-01,红色引擎,当壁镇某村党支部（示例）,农村,当壁镇,基层品牌,边境线上党旗红,示例品牌的简介。,公开\r\n")


def test_office_encodings_with_and_without_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    root = _project(tmp_path)
    text = _csv_text(root)
    encodings = {
        "gb18030": text.encode("gb18030"),
        "gb18030-bom": "\ufeff".encode("gb18030") + text.encode("gb18030"),
        "gbk": text.encode("gbk"),
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": text.encode("utf-8-sig"),
    }
    for name, data in encodings.items():
        sheet = tmp_path / f"{name}.csv"
        sheet.write_bytes(data)
        report, out = _import(root, sheet, dry_run=True)
        assert report.ok, (name, out)
        assert "品牌口号: 党建引领促振兴 → 边境线上党旗红" in out, (name, out)


def test_merged_cells_are_read_as_their_value_under_a_title_row(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    book = Workbook()
    ws = book.active
    ws.append(["密山市党建品牌汇总表"])
    ws.merge_cells("A1:H1")
    ws.append(["品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介", "可见性", "标签"])
    ws.append(["湖畔一号", "某村一支部（示例）", "农村", "兴凯湖乡", "基层品牌", "简介一", "内部", "示范"])
    ws.append(["湖畔二号", "某村二支部（示例）", None, None, "基层品牌", "简介二", "内部", None])
    ws.append(["湖畔三号", "某村三支部（示例）", None, None, "基层品牌", "简介三", "内部", None])
    ws.merge_cells("C3:C5")  # 领域 for three rows
    ws.merge_cells("D3:D5")  # 乡镇 for three rows
    book.save(tmp_path / "m.xlsx")
    report, text = _import(root, tmp_path / "m.xlsx")
    assert report.ok and report.count("added") == 3, text
    assert "第 1–1 行是标题，已跳过；列名在第 2 行" in text and "3 处合并单元格" in text
    towns = {e.model.name: e.model.town for e in load(root).catalog.brands}
    assert {towns[n] for n in ("湖畔一号", "湖畔二号", "湖畔三号")} == {"兴凯湖乡"}


def test_a_sheet_without_a_visibility_column_imports_new_rows_unpublished(tmp_path: Path) -> None:
    root = _project(tmp_path)
    book = Workbook()
    ws = book.active
    ws.append(["品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介", "品牌口号"])
    ws.append(["湖畔新风", "某村党支部（示例）", "农村", "当壁镇", "基层品牌", "简介。", None])
    ws.append(["红色引擎", "当壁镇某村党支部（示例）", "农村", "当壁镇", "基层品牌", "示例品牌的简介。", "改过的口号"])
    book.save(tmp_path / "town.xlsx")
    report, text = _import(root, tmp_path / "town.xlsx")
    assert report.ok and (report.count("added"), report.count("changed")) == (1, 1), text
    assert "表格没有“可见性”列：新增的 1 个品牌设为“内部”（不发布）" in text
    brands = {e.model.name: e.model for e in load(root).catalog.brands}
    assert brands["湖畔新风"].visibility == "internal"
    assert brands["红色引擎"].visibility == "public"  # an existing brand keeps its own


def test_a_stale_csv_is_refused_as_a_stale_workbook_is(tmp_path: Path) -> None:
    root = _project(tmp_path)
    sheet = _export(root, tmp_path / "old.csv")
    text = sheet.read_text(encoding="utf-8-sig").replace("党建引领促振兴", "表格里改的口号")
    sheet.write_text(text, encoding="utf-8-sig")
    path = _brand_file(root)
    path.write_text(COMMENTED.replace("示例品牌的简介。", "在 YAML 中改过的简介。"), encoding="utf-8")
    report, out = _import(root, sheet)
    assert not report.ok and "old.csv:第 2 行" in out and "DJ017" in out, out


def test_a_sheet_of_ids_and_one_column_updates_that_field_only(tmp_path: Path) -> None:
    root = _project(tmp_path)
    book = Workbook()
    ws = book.active
    ws.append(["编号", "口号"])
    ws.append(["nc-test-01", "只改口号"])
    ws.append(["nc-new-01", "没有这个品牌"])
    book.save(tmp_path / "slogans.xlsx")
    report, text = _import(root, tmp_path / "slogans.xlsx")
    assert "slogans.xlsx:第 3 行: DJ102 这一行是新品牌，但表格没有“品牌名称”“党组织名称”“领域”" in text, text
    ws.delete_rows(3)
    book.save(tmp_path / "slogans.xlsx")
    report, text = _import(root, tmp_path / "slogans.xlsx")
    assert report.ok and report.count("changed") == 1, text
    assert _changed_lines(COMMENTED, _brand_file(root).read_text(encoding="utf-8")) == [
        "- slogan: 党建引领促振兴", "+ slogan: 只改口号"]


def test_a_sheet_that_names_no_brand_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    book = Workbook()
    book.active.append(["品牌口号", "简介"])
    book.active.append(["口号", "简介"])
    book.save(tmp_path / "x.xlsx")
    report, text = _import(root, tmp_path / "x.xlsx")
    assert not report.ok and "缺少“编号”列，也缺少“品牌名称”“党组织名称”列" in text, text


def test_an_images_cell_round_trips_every_part_of_each_picture() -> None:
    column = bc.column_for("图片")
    assert column is not None
    images = [{"src": "a/zhengmen.jpg", "alt": "纪念馆正门", "caption": "正门", "credit": "纪念馆提供"},
              {"src": "b.png", "alt": "路线示意", "illustration": True},
              {"src": "c.jpg", "alt": "展厅"}]
    cell = bc.write_cell(column, images)
    assert cell.splitlines()[1] == "b.png | 路线示意 |  |  | 示意图"
    assert bc.read_cell(column, cell) == images
