"""Spreadsheet import and export of brands, as the organisation department's staff use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dangjian.editor import brand_columns as bc
from dangjian.editor.brands_io import apply_import, export_brands, format_report, plan_import
from dangjian.load import load_file
from dangjian.model import Brand
from dangjian.settings import load_settings
from tests.helpers import load, write_project

HEADERS = ["编号", "品牌名称", "党组织名称", "领域", "乡镇（街道）", "级别", "品牌口号", "简介", "主要做法",
           "成效", "纬度", "经度", "位置为近似值", "可见性", "示例数据", "标签", "资料来源"]

ROWS = [
    ["nc-test-01", "红色引擎", "当壁镇某村党支部（示例）", "农村", "当壁镇", "市级示范点", "党建引领促振兴",
     "改过的简介：含冒号: 和井号 # 的文字。", "做法一\n做法二", "成效一", 45.3012, 132.0456, "是", "公开", "是",
     "标准化党支部\n乡村振兴", "示例来源 | https://example.org/a | 说明文字"],
    [None, "兴边先锋", "兴凯镇某社区党支部（示例）", "城市社区", "兴凯镇", "基层品牌", "yes",
     "第一段。\n第二段。", "网格化服务", None, None, None, None, "内部", "是", None, "只有名称的来源"],
    [None, "0467", "密山市某局机关党支部（示例）", "机关", "密山镇", "省级示范点", None, "简介三", None, None,
     "45.55", "131.87", "否", "public", "否", None, None],
]


def make_workbook(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def brand_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "data/brands").rglob("*.yml"))}


def run_import(root: Path, sheet: Path, *, dry_run: bool = False):
    settings = load_settings(root)
    report = plan_import(settings, sheet)
    if report.ok and not dry_run:
        assert apply_import(settings, report) == []
    return report, format_report(report, settings, dry_run=dry_run)


def test_every_brand_field_has_a_column() -> None:
    paths = {c.path for c in bc.COLUMNS}
    for name, info in Brand.model_fields.items():
        if name in ("location", "contact"):
            sub = info.annotation.__args__[0]  # type: ignore[union-attr]
            assert {(name, s) for s in sub.model_fields} <= paths
        else:
            assert (name,) in paths, name


def test_import_then_export_then_import_round_trips_without_loss(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    report, text = run_import(root, make_workbook(tmp_path / "in.xlsx", HEADERS, ROWS))
    assert report.ok, text
    assert (report.count("added"), report.count("changed")) == (2, 1)
    result = load(root)
    assert result.diagnostics == []
    brands = {e.name: e.model for e in result.catalog.brands}
    assert len(brands) == 3
    first = brands["红色引擎"]
    assert first.summary == "改过的简介：含冒号: 和井号 # 的文字。"
    assert first.practices == ["做法一", "做法二"] and first.level == "市级示范点"
    assert (first.location.lat, first.location.lon, first.location.approximate) == (45.3012, 132.0456, True)
    assert first.tags == ["标准化党支部", "乡村振兴"]
    assert first.sources[0].url == "https://example.org/a" and first.sources[0].note == "说明文字"
    second = brands["兴边先锋"]
    assert second.slogan == "yes" and second.summary == "第一段。\n第二段。"
    assert second.visibility == "internal" and second.id == "sq-xingkai-01"
    assert (root / "data/brands/城市社区/sq-xingkai-01.yml").is_file()
    assert brands["0467"].id == "jg-mishan-01" and brands["0467"].location.lat == 45.55
    # the YAML quotes what YAML 1.1 would misread
    text_yes = (root / "data/brands/城市社区/sq-xingkai-01.yml").read_text(encoding="utf-8")
    assert 'slogan: "yes"' in text_yes
    assert text_yes.startswith("# yaml-language-server: $schema=../../../schemas/brand.schema.json\n")
    assert 'name: "0467"' in (root / "data/brands/机关/jg-mishan-01.yml").read_text(encoding="utf-8")

    before = brand_files(root)
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"export{suffix}"
        assert export_brands(load_settings(root), out) == 3
        again, text = run_import(root, out)
        assert again.ok, text
        assert (again.count("added"), again.count("changed"), again.count("unchanged")) == (0, 0, 3), text
        assert brand_files(root) == before
    exported = load_workbook(tmp_path / "export.xlsx").active
    assert [c.value for c in exported[1]] == list(bc.HEADERS)


def test_reimporting_the_same_sheet_changes_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    sheet = make_workbook(tmp_path / "in.xlsx", HEADERS, ROWS)
    run_import(root, sheet)
    first = brand_files(root)
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "data/brands").rglob("*.yml")}
    report, text = run_import(root, sheet)
    assert (report.count("added"), report.count("changed"), report.count("unchanged")) == (0, 0, 3)
    assert "新增 0 个，修改 0 个，删除 0 个，未变 3 个" in text
    assert brand_files(root) == first
    assert mtimes == {p: p.stat().st_mtime_ns for p in (root / "data/brands").rglob("*.yml")}


def test_rows_without_id_are_matched_by_name_and_org(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    row = list(ROWS[0])
    row[0] = None
    row[7] = "按名称和党组织找到原有品牌"
    report, text = run_import(root, make_workbook(tmp_path / "in.xlsx", HEADERS, [row]))
    assert report.count("changed") == 1 and report.count("added") == 0, text
    assert "修改 data/brands/农村/nc-test-01.yml（第 2 行：" in text
    assert len(brand_files(root)) == 1


def test_dry_run_shows_changes_and_writes_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    before = brand_files(root)
    _report, text = run_import(root, make_workbook(tmp_path / "in.xlsx", HEADERS, ROWS), dry_run=True)
    assert "将新增 data/brands/城市社区/sq-xingkai-01.yml（第 3 行：兴边先锋）" in text
    assert "将修改 data/brands/农村/nc-test-01.yml（第 2 行：红色引擎）" in text and "试运行" in text
    # each changed field as `file: column: old → new`
    assert "  data/brands/农村/nc-test-01.yml: 级别: 基层品牌 → 市级示范点" in text
    assert "  data/brands/农村/nc-test-01.yml: 主要做法: 做法一 → 做法一 / 做法二" in text
    assert brand_files(root) == before


def test_gbk_csv_from_office_software_is_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    lines = [",".join([*HEADERS[:8], "可见性"]),
             ",".join(["", "守边护边", "当壁镇某村党支部（示例）", "农村", "当壁镇", "基层品牌", "", "简介，带逗号",
                       "公开"]).replace("简介，带逗号", '"简介,带逗号"')]
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    report, text = run_import(root, sheet)
    assert report.ok, text
    brand = next(e.model for e in load(root).catalog.brands if e.name == "守边护边")
    assert brand.summary == "简介,带逗号" and brand.org == "当壁镇某村党支部（示例）"


def test_utf8_csv_with_bom_is_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    sheet = tmp_path / "bom.csv"
    sheet.write_text(",".join([*HEADERS[:8], "可见性"]) + "\n,湖畔新风,某村党支部（示例）,农村,当壁镇,基层品牌,,简介,公开\n",
                     encoding="utf-8-sig")
    report, text = run_import(root, sheet)
    assert report.ok, text
    assert "湖畔新风" in {e.name for e in load(root).catalog.brands}


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    rows = [list(r) for r in ROWS]
    rows[1][5] = "省级"          # row 3, F 级别
    rows[2][10] = "北纬四十五"    # row 4, K 纬度
    rows[2][13] = "也许"         # row 4, N 可见性
    rows.append(list(ROWS[1]))   # row 5: the same brand again
    rows[3][7] = "换了简介"
    before = brand_files(root)
    report, text = run_import(root, make_workbook(tmp_path / "brands.xlsx", HEADERS, rows))
    assert not report.ok
    assert "brands.xlsx:第 3 行 F 列（级别）: DJ104" in text
    assert "brands.xlsx:第 4 行 K 列（纬度）: DJ103 “北纬四十五”不是数字" in text
    assert "brands.xlsx:第 4 行 N 列（可见性）: DJ103" in text
    assert "brands.xlsx:第 5 行 B 列（品牌名称）: DJ111 与第 3 行是同一个品牌" in text
    assert "没有写入任何文件" in text
    assert brand_files(root) == before


def test_empty_required_cell_and_unknown_header_are_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    rows = [list(ROWS[0])]
    rows[0][2] = None
    _report, text = run_import(root, make_workbook(tmp_path / "b.xlsx", HEADERS, rows))
    assert "b.xlsx:第 2 行 C 列（党组织名称）: DJ102 “党组织名称”不能为空" in text
    _report, text = run_import(root, make_workbook(tmp_path / "c.xlsx", [*HEADERS, "备用"], rows))
    assert "c.xlsx:第 1 行 R 列（备用）: DJ101 不认识的列名“备用”" in text


def test_position_outside_mishan_is_a_row_problem(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    rows = [list(ROWS[0])]
    rows[0][10], rows[0][11] = 132.0456, 45.3012
    _report, text = run_import(root, make_workbook(tmp_path / "b.xlsx", HEADERS, rows))
    assert "b.xlsx:第 2 行 K 列（纬度）: DJ131" in text and "写反" in text


def test_id_of_another_kind_is_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    rows = [list(ROWS[1])]
    rows[0][0] = "test-site"
    _report, text = run_import(root, make_workbook(tmp_path / "b.xlsx", HEADERS, rows))
    assert "b.xlsx:第 2 行 A 列（编号）: DJ111 编号“test-site”已被 data/sites/test-site.yml 使用" in text


def test_import_that_breaks_a_route_is_rolled_back(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {
        "routes/brand-route.yml": """\
            id: brand-route
            name: 品牌线路
            theme: 乡村振兴
            summary: 经过一个品牌的线路。
            stops:
              - ref: test-site
                minutes: 30
              - ref: nc-test-01
                minutes: 30
            visibility: public
            sample: true
            """,
    })
    run_import(root, make_workbook(tmp_path / "a.xlsx", HEADERS, [ROWS[0]]))
    assert load(root).diagnostics == []
    before = brand_files(root)
    row = list(ROWS[0])
    row[13] = "内部"
    settings = load_settings(root)
    report = plan_import(settings, make_workbook(tmp_path / "b.xlsx", HEADERS, [row]))
    assert report.ok
    rolled_back = apply_import(settings, report)
    assert rolled_back and "DJ121" in rolled_back[0]
    assert brand_files(root) == before and not report.written


def test_cli_import_exit_codes_and_messages(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    rows = [list(r) for r in ROWS]
    rows[1][5] = "省级"
    bad = make_workbook(tmp_path / "brands.xlsx", HEADERS, rows)
    done = subprocess.run([sys.executable, "-m", "dangjian.cli", "import", "brands", str(bad), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "brands.xlsx:第 3 行 F 列（级别）" in done.stderr
    good = make_workbook(tmp_path / "good.xlsx", HEADERS, ROWS)
    done = subprocess.run([sys.executable, "-m", "dangjian.cli", "import", "brands", str(good), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "新增 2 个，修改 1 个" in done.stdout
    out = tmp_path / "out.xlsx"
    done = subprocess.run([sys.executable, "-m", "dangjian.cli", "export", "brands", str(out), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and out.is_file()


@pytest.mark.parametrize("suffix", [".txt", ".xls"])
def test_unsupported_file_type_is_a_message(tmp_path: Path, suffix: str) -> None:
    root = write_project(tmp_path / "p", {})
    sheet = tmp_path / f"b{suffix}"
    sheet.write_text("x", encoding="utf-8")
    report, text = run_import(root, sheet)
    assert not report.ok and "不支持的文件类型" in text


def test_existing_brand_file_keeps_its_name_and_folder(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    run_import(root, make_workbook(tmp_path / "a.xlsx", HEADERS, [ROWS[0]]))
    model = load_file(root / "data/brands/农村/nc-test-01.yml", "brand").model
    assert model is not None and model.level == "市级示范点"
