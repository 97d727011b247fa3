"""`dangjian import brands` and `dangjian export brands`: a sheet of brands <-> one YAML file per brand.

Import is all or nothing: every row is read and validated with the real Brand model, and
if any row has a problem nothing is written. Rows are matched to existing brands by 编号,
or by 品牌名称 + 党组织名称 when 编号 is empty, so re-importing a sheet updates files
instead of duplicating them. After writing, the whole project is checked again; if the
import caused a new problem (a route through a brand made internal, say), every file is
restored.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from dangjian.catalog import fold_id
from dangjian.editor import brand_columns as bc
from dangjian.editor.ids import used_ids
from dangjian.editor.spreadsheet import Sheet, SheetError, column_letter, read_sheet, write_sheet
from dangjian.editor.yamlwrite import dump_entity, entity_data, write_atomic
from dangjian.load import format_all, load_catalog
from dangjian.load.diagnostics import CODES, CONTROL_CHARS, describe_control, display_path, escape_controls
from dangjian.load.loader import data_files, kind_folder, load_file
from dangjian.load.validate import validate
from dangjian.load.yamlsource import Parsed
from dangjian.model import Brand
from dangjian.model.brand import PROGRAMMES
from dangjian.settings import Settings

ID_PREFIXES: dict[str, str] = {"农村": "nc", "城市社区": "sq", "机关": "jg", "中小学校": "xx",
                               "国企": "gq", "两新组织": "lx"}
_TOWN_SUFFIX = re.compile(r"(?:街道办事处|街道|办事处|镇|乡)$")
_LABEL = re.compile(r"“([a-z_]+(?:\.[a-z_]+)?)((?:\[\d+\])?)")
REQUIRED_COLUMNS = ("品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介", "可见性")


@dataclass(frozen=True, order=True)
class RowProblem:
    """One problem in one cell (or row, or the whole sheet), as the spreadsheet numbers it."""

    row: int
    col: int  # 1-based; 0 when the problem is the whole row
    code: str
    message: str
    hint: str = field(default="", compare=False)
    header: str = field(default="", compare=False)

    def format(self, file_name: str) -> str:
        where = f"第 {self.row} 行"
        if self.col:
            where += f" {column_letter(self.col - 1)} 列"
            if self.header:
                where += f"（{self.header}）"
        head = escape_controls(f"{file_name}:{where}: {self.code} {self.message}")
        hint = escape_controls(self.hint or CODES.get(self.code, ("", ""))[1])
        return f"{head}\n    提示：{hint}" if hint else head


@dataclass(frozen=True)
class Change:
    """What importing one row does: add, change (with the fields that differ) or nothing."""

    row: int
    action: str  # added | changed | unchanged
    path: Path
    brand: Brand
    old_path: Path | None = None
    fields: tuple[str, ...] = ()


@dataclass
class ImportReport:
    file_name: str
    changes: list[Change] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(c.action == action for c in self.changes)


@dataclass
class _Existing:
    path: Path
    model: Brand | None
    value: dict[str, Any]


def _header_of(path: tuple[str, ...]) -> str:
    for column in bc.COLUMNS:
        if column.path == path or (len(path) == 1 and column.path[0] == path[0] and len(column.path) == 1):
            return column.header
    return ""


def _label_to_header(label: str) -> str:
    """'location.lat' -> '纬度', 'practices[2]' -> '主要做法第 2 项', 'location' -> '纬度/经度'."""
    match = re.match(r"^([a-z_]+(?:\.[a-z_]+)?)(?:\[(\d+)\])?", label)
    if not match:
        return label
    path = tuple(match[1].split("."))
    header = _header_of(path)
    if not header and path == ("location",):
        header = "纬度/经度"
    if not header and path == ("contact",):
        header = "内部联系人(不发布)"
    if not header:
        return label
    return f"{header}第 {match[2]} 项" if match[2] else header


_CELL_HINTS = {
    "number": "填写十进制的度数（WGS-84），如纬度 45.54、经度 131.83。",
    "bool": "填写“是”或“否”。",
    "visibility": "填写“公开”（发布到网站）或“内部”（不发布）。",
}


class _RowReader:
    """Reads the cells of one row into a Brand, keeping where each value came from."""

    def __init__(self, columns: list[tuple[int, bc.Column]]) -> None:
        self.columns = columns
        self.col_of: dict[tuple[str, ...], int] = {c.path: i + 1 for i, c in columns}

    def read(self, number: int, cells: list[Any]) -> tuple[dict[str, Any], Parsed, list[RowProblem]]:
        data: dict[str, Any] = {}
        parsed = Parsed()
        problems: list[RowProblem] = []
        parsed.value_pos[()] = (number, 0)
        for index, column in self.columns:
            raw = cells[index]
            if isinstance(raw, str) and CONTROL_CHARS.search(raw.replace("\r", "")):
                found = sorted(set(CONTROL_CHARS.findall(raw.replace("\r", ""))))
                problems.append(RowProblem(number, index + 1, "DJ011", "这一格中有" + "、".join(
                    describe_control(c) for c in found), header=column.header))
                continue
            try:
                value = bc.read_cell(column, cells[index])
            except bc.CellError as err:
                hint = _CELL_HINTS.get(column.kind, "")
                problems.append(RowProblem(number, index + 1, "DJ103", str(err), hint, column.header))
                continue
            if value is None:
                continue
            target = data
            for key in column.path[:-1]:
                target = target.setdefault(key, {})
                parsed.value_pos.setdefault((*column.path[:-1],), (number, index + 1))
            target[column.path[-1]] = value
            parsed.value_pos[column.path] = (number, index + 1)
            parsed.key_pos[column.path] = (number, index + 1)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    parsed.value_pos[(*column.path, i)] = (number, index + 1)
                    if isinstance(item, dict):
                        for key in item:
                            parsed.value_pos[(*column.path, i, key)] = (number, index + 1)
        parsed.value = data
        return data, parsed, problems

    def header_at(self, col: int) -> str:
        for index, column in self.columns:
            if index + 1 == col:
                return column.header
        return ""


def _model_problems(parsed: Parsed, number: int, reader: _RowReader) -> tuple[Brand | None, list[RowProblem]]:
    model, problems = validate(parsed, Brand)
    out: list[RowProblem] = []
    for p in problems:
        col = p.col
        match = _LABEL.search(p.message)
        if match:
            path = tuple(match[1].split("."))
            if p.code == "DJ102" or not col:
                col = reader.col_of.get(path, col)
        message = _LABEL.sub(lambda m: "“" + _label_to_header(m[1] + m[2]), p.message)
        hint = p.hint
        if p.code == "DJ102" and match:
            message = f"“{_label_to_header(match[1])}”不能为空"
            hint = ("纬度和经度要一起填写，或者都留空。" if match[1].startswith("location.")
                    else "这一格必须填写。")
        elif p.code == "DJ103" and not hint:
            hint = "按编辑指南的字段参考填写。"
        out.append(RowProblem(number, col, p.code, message, hint, reader.header_at(col)))
    return model, out  # type: ignore[return-value]


def _town_slug(town: str) -> str:
    base = _TOWN_SUFFIX.sub("", town) or town
    slug = "".join(lazy_pinyin(base)).lower()
    slug = re.sub(r"[^a-z0-9]+", "", slug)
    return slug or "mishan"


def new_id(field_name: str, town: str, taken: set[str]) -> str:
    """The next free id for a brand: <领域前缀>-<乡镇拼音>-<两位序号>, as the shipped files are named."""
    stem = f"{ID_PREFIXES.get(field_name, 'pp')}-{_town_slug(town)}"[:74]
    n = 1
    while fold_id(f"{stem}-{n:02d}") in taken:
        n += 1
    return f"{stem}-{n:02d}"


def _existing(settings: Settings) -> list[_Existing]:
    found = []
    for path in data_files(settings, "brand"):
        loaded = load_file(path, "brand")
        value = loaded.parsed.value if isinstance(loaded.parsed.value, dict) else {}
        found.append(_Existing(path, loaded.model if isinstance(loaded.model, Brand) else None, value))
    return found


def _differences(old: Brand, new: Brand) -> tuple[str, ...]:
    a, b = old.model_dump(), new.model_dump()
    names = []
    for key in b:
        if a.get(key) != b.get(key):
            names.append(_label_to_header(key) if key != "location" else "位置")
    return tuple(names)


def _columns(sheet: Sheet) -> tuple[list[tuple[int, bc.Column]], list[RowProblem]]:
    columns: list[tuple[int, bc.Column]] = []
    problems: list[RowProblem] = []
    seen: dict[bc.Column, int] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        column = bc.column_for(header)
        if column is None:
            problems.append(RowProblem(1, index + 1, "DJ101", f"不认识的列名“{header}”",
                                       "可用的列名：" + "、".join(bc.HEADERS), header))
        elif column in seen:
            first = column_letter(seen[column])
            problems.append(RowProblem(1, index + 1, "DJ002", f"列“{header}”与 {first} 列重复",
                                       "删除或合并重复的列。", header))
        else:
            seen[column] = index
            columns.append((index, column))
    names = {c.header for _, c in columns}
    for header in REQUIRED_COLUMNS:
        if header not in names:
            problems.append(RowProblem(1, 0, "DJ102", f"缺少必需的列“{header}”",
                                       "在第 1 行加上这一列（列名见编辑指南）。"))
    return columns, problems


def plan_import(settings: Settings, path: Path) -> ImportReport:
    """Read and validate every row; work out what each does. Nothing is written."""
    report = ImportReport(path.name)
    try:
        sheet = read_sheet(path)
    except SheetError as err:
        report.problems.append(RowProblem(1, 0, "DJ009", str(err)))
        return report
    columns, report.problems = _columns(sheet)
    report.problems.extend(_formula_problems(sheet))
    if report.problems:
        report.problems.sort()
        return report
    reader = _RowReader(columns)
    existing = _existing(settings)
    by_id = {fold_id(str(e.value.get("id"))): e for e in existing if e.value.get("id")}
    by_id.update({fold_id(e.path.stem): e for e in existing if fold_id(e.path.stem) not in by_id})
    by_name = {(e.model.name, e.model.org): e for e in existing if e.model is not None}
    brand_ids = set(by_id)
    other_ids = {k: v for k, v in used_ids(settings).items()
                 if k not in brand_ids and not v.startswith(display_path(kind_folder(settings, "brand"),
                                                                            settings.root) + "/")}
    taken = set(used_ids(settings))
    rows_by_target: dict[str, int] = {}
    rows_by_identity: dict[object, int] = {}
    brand_dir = kind_folder(settings, "brand")
    for number, cells in sheet.rows:
        data, parsed, problems = reader.read(number, cells)
        match: _Existing | None = None
        id_col = reader.col_of.get(("id",), 0)
        generated = False
        if data.get("id"):
            match = by_id.get(fold_id(str(data["id"])))
        elif "name" in data and "org" in data:
            match = by_name.get((data["name"], data["org"]))
            if match is not None and match.model is not None:
                data["id"] = match.model.id
            elif isinstance(data.get("field"), str) and isinstance(data.get("town"), str):
                data["id"] = new_id(data["field"], data["town"], taken)
                generated = True
            if "id" in data:
                parsed.value_pos[("id",)] = (number, reader.col_of.get(("name",), 0))
        identity = (fold_id(str(data["id"])) if data.get("id") and not generated
                    else (data.get("name"), data.get("org")))
        if identity in rows_by_identity:
            col = id_col if data.get("id") and not generated and id_col else reader.col_of[("name",)]
            first_row = rows_by_identity[identity]
            problems.append(RowProblem(number, col, "DJ111", f"与第 {first_row} 行是同一个品牌",
                                       "每个品牌只能占一行：删除或合并重复的行。", reader.header_at(col)))
        else:
            rows_by_identity[identity] = number
        if match is not None:
            _keep_absent_columns(data, parsed, number, reader, match.value)
        model, model_problems = _model_problems(parsed, number, reader)
        bad_cells = {p.col for p in problems}
        problems.extend(p for p in model_problems if not (p.code == "DJ102" and p.col in bad_cells))
        if model is not None and problems:
            model = None
        if model is not None:
            key = fold_id(model.id)
            if key in other_ids:
                problems.append(RowProblem(number, id_col or reader.col_of[("name",)], "DJ111",
                                           f"编号“{model.id}”已被 {other_ids[key]} 使用",
                                           "给这个品牌换一个编号（或清空编号列，自动生成）。",
                                           reader.header_at(id_col or reader.col_of[("name",)])))
            elif key in rows_by_target:
                col = id_col if data.get("id") and id_col else reader.col_of[("name",)]
                problems.append(RowProblem(number, col, "DJ111",
                                           f"与第 {rows_by_target[key]} 行是同一个品牌（编号“{model.id}”）",
                                           "每个品牌只能占一行：删除或合并重复的行。", reader.header_at(col)))
            else:
                rows_by_target[key] = number
            problems.extend(_area_problems(settings, model, number, reader))
        if problems or model is None:
            report.problems.extend(problems)
            continue
        taken.add(fold_id(model.id))
        target = brand_dir / model.field / f"{model.id}.yml"
        if match is None:
            report.changes.append(Change(number, "added", target, model))
            continue
        keep_folder = match.path.parent.name not in PROGRAMMES or match.path.parent.name == model.field
        new_path = match.path if keep_folder else target
        if match.model is not None and match.model == model and new_path == match.path:
            report.changes.append(Change(number, "unchanged", match.path, model))
        else:
            fields = (_differences(match.model, model) if match.model is not None
                      else ("（原文件有误，整体替换）",))
            report.changes.append(Change(number, "changed", new_path, model,
                                         None if new_path == match.path else match.path, fields))
    report.problems.sort()
    return report


def _formula_problems(sheet: Sheet) -> list[RowProblem]:
    problems = []
    for formula in sheet.uncalculated:
        header = sheet.headers[formula.col] if formula.col < len(sheet.headers) else ""
        shown = formula.text if len(formula.text) <= 40 else formula.text[:40] + "…"
        problems.append(RowProblem(formula.row, formula.col + 1, "DJ016",
                                   f"这一格是公式“{shown}”，但文件里没有保存它算出的值", header=header))
    return problems


def _keep_absent_columns(data: dict[str, Any], parsed: Parsed, number: int, reader: _RowReader,
                         existing: dict[str, Any]) -> None:
    """The existing brand's value of every field whose column the sheet does not have: a
    column left out of a sheet leaves its field as it is (an empty cell clears it). A part of
    location or contact is kept only when the sheet left all of that part out, or filled in
    the rest of it."""
    present = set(reader.col_of)
    for column in bc.COLUMNS:
        path = column.path
        if path in present or path == ("id",):
            continue
        value: Any = existing
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            continue
        if len(path) > 1 and path[0] not in data and any(p[:-1] == path[:-1] for p in present):
            continue  # the sheet has this part's other columns and left them empty: cleared
        target: Any = data
        for key in path[:-1]:
            target = target.setdefault(key, {})
        if not isinstance(target, dict):
            continue
        target[path[-1]] = copy.deepcopy(value)
        parsed.value_pos[path] = parsed.key_pos[path] = (number, 0)


def _area_problems(settings: Settings, model: Brand, number: int, reader: _RowReader) -> list[RowProblem]:
    loc = model.location
    area = settings.area
    if loc is None or area.contains(loc.lat, loc.lon):
        return []
    col = reader.col_of.get(("location", "lat"), 0)
    if area.contains(loc.lon, loc.lat):
        hint = "纬度和经度似乎写反了：纬度约 45.5，经度约 131.9，请对调。"
    else:
        hint = (f"{area.name}的范围是北纬 {area.south}–{area.north}°、东经 {area.west}–{area.east}°；"
                "请核对坐标是否为 WGS-84 度数。")
    return [RowProblem(number, col, "DJ131", f"坐标（纬度 {loc.lat}，经度 {loc.lon}）不在{area.name}范围内",
                       hint, reader.header_at(col))]


def apply_import(settings: Settings, report: ImportReport) -> list[str]:
    """Write the planned files; if the project then has new problems, restore everything.

    Returns the new problems (formatted) when the import was rolled back, [] when it stands.
    """
    if not report.ok:
        return []
    before = {(d.path, d.code, d.message) for d in load_catalog(settings).diagnostics}
    saved: dict[Path, bytes | None] = {}
    try:
        for change in report.changes:
            if change.action == "unchanged":
                continue
            rel_dir = display_path(change.path.parent, settings.root)
            text = dump_entity(Brand, entity_data(change.brand), "brand", rel_dir)
            for p in (change.path, change.old_path):
                if p is not None and p not in saved:
                    saved[p] = p.read_bytes() if p.exists() else None
            write_atomic(change.path, text)
            if change.old_path is not None:
                change.old_path.unlink()
        after = load_catalog(settings).diagnostics
        new = [d for d in after if (d.path, d.code, d.message) not in before]
        if new:
            _restore(saved)
            return [format_all(new)]
    except BaseException:
        _restore(saved)
        raise
    report.written = True
    return []


def _restore(saved: dict[Path, bytes | None]) -> None:
    for path, content in saved.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, content.decode("utf-8"))


def format_report(report: ImportReport, settings: Settings, *, dry_run: bool) -> str:
    """What the import did (or, with --dry-run, would do), in Chinese."""
    if not report.ok:
        lines = [p.format(report.file_name) for p in report.problems]
        rows = len({p.row for p in report.problems})
        lines.append(f"共 {len(report.problems)} 个问题，涉及 {rows} 行；没有写入任何文件。")
        return "\n".join(lines)
    verb = {"added": "将新增" if dry_run else "新增", "changed": "将修改" if dry_run else "修改"}
    lines = []
    for change in report.changes:
        rel = display_path(change.path, settings.root)
        if change.action == "added":
            lines.append(f"{verb['added']} {rel}（第 {change.row} 行：{change.brand.name}）")
        elif change.action == "changed":
            moved = f"，从 {display_path(change.old_path, settings.root)} 移来" if change.old_path else ""
            lines.append(f"{verb['changed']} {rel}（第 {change.row} 行：{'、'.join(change.fields)}{moved}）")
    summary = (f"{report.file_name}：共 {len(report.changes)} 个品牌，新增 {report.count('added')} 个，"
               f"修改 {report.count('changed')} 个，未变 {report.count('unchanged')} 个。")
    if dry_run:
        summary += "（试运行，没有写入任何文件；去掉 --dry-run 即可导入。）"
    return "\n".join([*lines, summary])


class ExportError(Exception):
    """Why the brands cannot be exported, in Chinese."""


def export_brands(settings: Settings, path: Path) -> int:
    """Write every brand (public and internal) to an .xlsx or .csv; returns the number of rows."""
    result = load_catalog(settings)
    if result.catalog is None:
        raise ExportError("数据有误，请先修正再导出：\n" + format_all(result.diagnostics))
    order = list(PROGRAMMES)
    brands = sorted(result.catalog.brands, key=lambda e: (order.index(e.model.field), e.id))
    rows: list[list[Any]] = []
    problems: list[str] = []
    for entry in brands:
        data = entry.model.model_dump(mode="python")
        row: list[Any] = []
        for column in bc.COLUMNS:
            value: Any = data
            for key in column.path:
                value = value.get(key) if isinstance(value, dict) else None
            if column.path == ("sample",) or column.path == ("location", "approximate"):
                value = value if (column.path[0] != "location" or data.get("location")) else None
            try:
                row.append(bc.write_cell(column, value))
            except bc.CellError as err:
                problems.append(f"{entry.rel}：{column.header}：{err}")
                row.append(None)
        rows.append(row)
    if problems:
        raise ExportError("以下内容无法写入表格而不丢失信息，请先在 YAML 中修改：\n" + "\n".join(problems))
    choices = {i: list(c.choices) for i, c in enumerate(bc.COLUMNS) if c.choices}
    widths = {i: c.width for i, c in enumerate(bc.COLUMNS)}
    write_sheet(path, list(bc.HEADERS), rows, title="党建品牌", choices=choices, widths=widths)
    return len(rows)
