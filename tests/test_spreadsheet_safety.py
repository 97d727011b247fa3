"""Spreadsheets are a way in and a way out: exported cells never run as formulas, a column
left out of a sheet never deletes a field, and a formula without a value is a located error."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dangjian.editor.brands_io import apply_import, export_brands, format_report, plan_import
from dangjian.editor.spreadsheet import neutralize, read_sheet, unneutralize
from dangjian.settings import load_settings
from tests.helpers import BRAND, load, write_project

B = "data/brands/农村/nc-test-01.yml"

RISKY = (BRAND.replace("slogan: 党建引领促振兴", 'slogan: "=1+2"')
         .replace("summary: 示例品牌的简介。", 'summary: "+86 热线"')
         .replace("  - 做法一", '  - "-做法一"\n  - 做法二')
         .replace("org: 当壁镇某村党支部（示例）", 'org: "@某村党支部（示例）"')
         .replace("results:\n  - 成效一", "results:\n  - \"'=已有引号\"")
         .replace("sample: true", "sample: true\ninternal_notes: \"=SUM(A1:A9)\""))

FULL = BRAND.replace("sample: true", """\
sample: true
location:
  lat: 45.3
  lon: 132.0
  approximate: true
tags: [标准化党支部]
contact:
  name: 张三（示例）
  mobile: "13800000000"
internal_notes: 内部备注（示例）""")

REQUIRED = ["编号", "品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介", "可见性"]
ROW = ["nc-test-01", "红色引擎", "当壁镇某村党支部（示例）", "农村", "当壁镇", "基层品牌", "示例品牌的简介。", "公开"]


def workbook(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run_import(root: Path, sheet: Path) -> tuple[object, str]:
    settings = load_settings(root)
    report = plan_import(settings, sheet)
    if report.ok:
        assert apply_import(settings, report) == []
    return report, format_report(report, settings, dry_run=False)


# --- export: cells that would run as formulas -------------------------------------------

@pytest.mark.parametrize(("value", "written"), [
    ("=1+2", "'=1+2"), ("+86", "'+86"), ("-做法", "'-做法"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("普通文字", "普通文字"), ("a=b", "a=b"),
    ("'引号", "'引号"), (-1.5, -1.5), (45.3, 45.3), (None, None),
])
def test_neutralize_marks_formula_starts_and_unneutralize_undoes_it(value: object, written: object) -> None:
    assert neutralize(value) == written
    assert unneutralize(neutralize(value)) == value


def test_csv_export_never_writes_a_cell_a_spreadsheet_would_run(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: RISKY})
    assert load(root).ok
    out = tmp_path / "brands.csv"
    export_brands(load_settings(root), out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row if c]
    assert cells, rows
    assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["品牌口号"] == "'=1+2" and row["简介"] == "'+86 热线" and row["党组织名称"] == "'@某村党支部（示例）"
    assert row["主要做法"] == "'-做法一\n做法二" and row["内部备注(不发布)"] == "'=SUM(A1:A9)"
    assert row["成效"] == "''=已有引号"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_sheet_imports_back_unchanged(tmp_path: Path, suffix: str) -> None:
    root = write_project(tmp_path / "p", {B: RISKY})
    before = (root / B).read_text(encoding="utf-8")
    out = tmp_path / f"brands{suffix}"
    export_brands(load_settings(root), out)
    report, text = run_import(root, out)
    assert report.ok, text  # type: ignore[attr-defined]
    assert report.count("unchanged") == 1 and report.count("changed") == 0, text  # type: ignore[attr-defined]
    assert (root / B).read_text(encoding="utf-8") == before


def test_xlsx_export_writes_formula_like_text_as_text(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: RISKY})
    out = tmp_path / "brands.xlsx"
    export_brands(load_settings(root), out)
    sheet = load_workbook(out, data_only=False).worksheets[0]
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=False) if h}
    for header in ("品牌口号", "简介", "党组织名称", "内部备注(不发布)"):
        cell = row[header]
        assert cell.data_type == "s", (header, cell.value, cell.data_type)
        assert cell.quotePrefix, header
    assert row["品牌口号"].value == "=1+2"
    with zipfile.ZipFile(out) as archive:
        assert not re.search(r"<f>", archive.read("xl/worksheets/sheet1.xml").decode("utf-8"))


# --- import: an absent column leaves its field alone --------------------------------------

def test_a_sheet_without_some_columns_changes_nothing_it_does_not_show(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    before = (root / B).read_text(encoding="utf-8")
    report, text = run_import(root, workbook(tmp_path / "few.xlsx", REQUIRED, [ROW]))
    assert report.ok, text  # type: ignore[attr-defined]
    assert report.count("unchanged") == 1, text  # type: ignore[attr-defined]
    assert (root / B).read_text(encoding="utf-8") == before
    brand = load(root).catalog.brands[0].model  # type: ignore[union-attr]
    assert brand.internal_notes == "内部备注（示例）" and brand.contact.mobile == "13800000000"
    assert brand.sample and brand.tags == ["标准化党支部"] and brand.location.approximate


def test_a_changed_cell_changes_only_its_field(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    row = list(ROW)
    row[6] = "新的简介。"
    report, text = run_import(root, workbook(tmp_path / "few.xlsx", REQUIRED, [row]))
    assert report.ok and report.count("changed") == 1, text  # type: ignore[attr-defined]
    assert "简介" in text
    brand = load(root).catalog.brands[0].model  # type: ignore[union-attr]
    assert brand.summary == "新的简介。"
    assert brand.internal_notes == "内部备注（示例）" and brand.contact.name == "张三（示例）"
    assert brand.slogan == "党建引领促振兴" and brand.practices == ["做法一"] and brand.location.lat == 45.3


def test_an_empty_cell_in_a_present_column_still_clears_its_field(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    headers = [*REQUIRED, "品牌口号", "纬度", "经度", "内部备注(不发布)"]
    report, text = run_import(root, workbook(tmp_path / "clear.xlsx", headers, [[*ROW, None, None, None, None]]))
    assert report.ok, text  # type: ignore[attr-defined]
    brand = load(root).catalog.brands[0].model  # type: ignore[union-attr]
    assert brand.slogan is None and brand.internal_notes is None
    assert brand.location is None  # lat and lon cleared: the approximate flag does not survive alone
    assert brand.contact.mobile == "13800000000"  # no contact column: kept


def test_a_part_of_location_left_out_is_kept_with_the_rest_filled_in(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    headers = [*REQUIRED, "纬度", "经度"]
    report, text = run_import(root, workbook(tmp_path / "loc.xlsx", headers, [[*ROW, 45.31, 132.01]]))
    assert report.ok, text  # type: ignore[attr-defined]
    location = load(root).catalog.brands[0].model.location  # type: ignore[union-attr]
    assert (location.lat, location.lon, location.approximate) == (45.31, 132.01, True)


# --- import: a formula without a saved value ----------------------------------------------

def test_a_formula_without_a_saved_value_is_a_located_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    before = (root / B).read_text(encoding="utf-8")
    row = list(ROW)
    row[6] = '=CONCATENATE("简介", "。")'  # openpyxl saves the formula, never a value
    report, text = run_import(root, workbook(tmp_path / "f.xlsx", REQUIRED, [row, list(ROW)]))
    assert not report.ok  # type: ignore[attr-defined]
    assert text.startswith("f.xlsx:第 2 行 G 列（简介）: DJ016 这一格是公式“=CONCATENATE(\"简介\", \"。\")”，"
                           "但文件里没有保存它算出的值"), text
    assert "没有写入任何文件" in text
    assert (root / B).read_text(encoding="utf-8") == before


def test_a_formula_with_a_saved_value_is_read_as_that_value(tmp_path: Path) -> None:
    path = workbook(tmp_path / "v.xlsx", REQUIRED, [[*ROW[:6], "=A1", ROW[7]]])
    # what Excel writes after calculating: the formula and, beside it, its value
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    xml, count = re.subn(r'<c r="G2"([^>]*)><f>A1</f><v\s*/?>(?:</v>)?', r'<c r="G2" t="str"><f>A1</f><v>算好的简介。</v>', xml)
    assert count == 1, xml
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    sheet = read_sheet(path)
    assert sheet.uncalculated == ()
    assert sheet.rows[0][1][6] == "算好的简介。"


def test_the_import_command_refuses_an_uncalculated_formula(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    row = list(ROW)
    row[1] = "=B3"
    sheet = workbook(tmp_path / "brands.xlsx", REQUIRED, [row])
    done = subprocess.run([sys.executable, "-m", "dangjian.cli", "import", "brands", str(sheet), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "brands.xlsx:第 2 行 B 列（品牌名称）: DJ016" in done.stderr


def test_a_control_character_in_a_cell_is_a_located_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {B: FULL})
    row = list(ROW)
    row[1] = "红色\u202e引擎"
    report, text = run_import(root, workbook(tmp_path / "c.xlsx", REQUIRED, [row]))
    assert not report.ok  # type: ignore[attr-defined]
    assert "c.xlsx:第 2 行 B 列（品牌名称）: DJ011 这一格中有文字方向控制符 U+202E（\\u202e）" in text
    assert "\u202e" not in text
