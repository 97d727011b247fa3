"""`dangjian import brands` and `dangjian export brands`: a sheet of brands <-> one YAML file per brand.

Import is all or nothing: every row is read and validated with the real Brand model, and
if any row has a problem nothing is written. Rows are matched to existing brands by 编号,
or by 品牌名称 + 党组织名称 when 编号 is empty, so re-importing a sheet updates files
instead of duplicating them. A changed file keeps its comments, order and layout: only the
lines of the fields that changed are rewritten (yamlsplice). A row whose 删除 cell says 是
removes its brand's file; a brand that is not in the sheet is never touched. A row whose
版本 no longer matches its file (the file was edited after the sheet was exported) is
refused unless forced. After writing, the whole project is checked again; if the import
caused a new problem (a route through a deleted or internal brand, say), every file is
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
from dangjian.editor.sheet_rows import RowProblem, RowReader, model_problems
from dangjian.editor.spreadsheet import (
    Sheet,
    SheetError,
    column_letter,
    normalize_header,
    read_sheet,
    write_sheet,
)
from dangjian.editor.versions import brand_version
from dangjian.editor.yamlsplice import spliced
from dangjian.editor.yamlwrite import dump_entity, entity_data, write_atomic
from dangjian.load import format_all, load_catalog
from dangjian.load.diagnostics import display_path
from dangjian.load.loader import data_files, kind_folder, load_file
from dangjian.load.yamlsource import Parsed
from dangjian.model import Brand
from dangjian.model.brand import PROGRAMMES
from dangjian.settings import Settings

ID_PREFIXES: dict[str, str] = {"农村": "nc", "城市社区": "sq", "机关": "jg", "中小学校": "xx",
                               "国企": "gq", "两新组织": "lx"}
_TOWN_SUFFIX = re.compile(r"(?:街道办事处|街道|办事处|镇|乡)$")
REQUIRED_COLUMNS = ("品牌名称", "党组织名称", "领域", "乡镇(街道)", "级别", "简介")
ONE_ROW = "每个品牌只能占一行：删除或合并重复的行。"
SHOWN_LENGTH = 60  # characters of an old or new value shown in a change line


@dataclass(frozen=True)
class FieldEdit:
    """One field of one brand as the sheet changes it, as the cells show it."""

    header: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """What importing one row does: add, change, delete or nothing."""

    row: int
    action: str  # added | changed | deleted | unchanged
    path: Path
    brand: Brand | None
    old_path: Path | None = None
    edits: tuple[FieldEdit, ...] = ()
    text: str = ""  # the file as it will be written (added, changed)
    rewritten: bool = False  # the whole file is written again (comments not kept)


@dataclass
class ImportReport:
    file_name: str
    changes: list[Change] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_in_sheet: int = 0
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
    text: str


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
        model = loaded.model if isinstance(loaded.model, Brand) else None
        # the text as it is on disk (line ends, byte-order mark), which a change keeps
        text = path.read_bytes().decode("utf-8", errors="replace")
        found.append(_Existing(path, model, value, text))
    return found


def _shown(column: bc.Column, value: Any) -> str:
    try:
        cell = bc.write_cell(column, value)
    except bc.CellError:
        cell = str(value)
    if cell is None or cell == "":
        return "（空）"
    text = str(cell).replace("\n", " / ")
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


def _cell_value(data: dict[str, Any], column: bc.Column) -> Any:
    value: Any = data
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    if column.path == ("location", "approximate") and not data.get("location"):
        return None
    return value


def _edits(old: Brand | None, old_value: dict[str, Any], new: Brand) -> tuple[FieldEdit, ...]:
    """Every column whose cell the import changes, with the old and the new cell."""
    a = old.model_dump(mode="python") if old is not None else old_value
    b = new.model_dump(mode="python")
    out = []
    for column in bc.COLUMNS:
        before, after = _shown(column, _cell_value(a, column)), _shown(column, _cell_value(b, column))
        if before != after:
            out.append(FieldEdit(column.header, before, after))
    return tuple(out)


def _columns(sheet: Sheet) -> tuple[list[tuple[int, bc.Column]], list[RowProblem]]:
    columns: list[tuple[int, bc.Column]] = []
    problems: list[RowProblem] = []
    seen: dict[bc.Column, int] = {}
    row = sheet.header_row
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        column = bc.column_for(header)
        if column is None:
            guess = bc.suggest(header)
            hint = (f"是不是“{guess}”？请把列名改为“{guess}”。" if guess
                    else "可用的列名：" + "、".join(bc.HEADERS) + "；不需要的列请删除。")
            problems.append(RowProblem(row, index + 1, "DJ101", f"不认识的列名“{header}”", hint, header))
        elif column in seen:
            first = column_letter(seen[column])
            problems.append(RowProblem(row, index + 1, "DJ002", f"列“{header}”与 {first} 列重复",
                                       "删除或合并重复的列。", header))
        else:
            seen[column] = index
            columns.append((index, column))
    names = {c.header for _, c in columns}
    if "编号" not in names and not {"品牌名称", "党组织名称"} <= names:
        # without them no row can be matched to a brand; every other column may be left out
        # (its field stays as it is), and a new brand's row needs the required ones
        problems.append(RowProblem(row, 0, "DJ102", "缺少“编号”列，也缺少“品牌名称”“党组织名称”列",
                                   f"在第 {row} 行加上“编号”列，或者“品牌名称”和“党组织名称”两列。"))
    return columns, problems


def _looks_like_header(cells: list[Any]) -> bool:
    return sum(bc.column_for(str(c)) is not None for c in cells if isinstance(c, str) and c.strip()) >= 2


@dataclass
class _Control:
    """The 删除 and 版本 cells of a row."""

    delete: bool = False
    version: str = ""


def _control(number: int, cells: list[Any], columns: list[tuple[int, bc.Column]],
             problems: list[RowProblem]) -> _Control:
    control = _Control()
    for index, column in columns:
        if column not in bc.CONTROL_COLUMNS:
            continue
        try:
            value = bc.read_cell(column, cells[index])
        except bc.CellError as err:
            problems.append(RowProblem(number, index + 1, "DJ103", str(err), "填写“是”或“否”，或者留空。",
                                       column.header))
            continue
        if column is bc.DELETE:
            control.delete = bool(value)
        elif value:
            control.version = normalize_header(value).lower()
    return control


class _Planner:
    """Works out what each row of a sheet does, against the brands the project has."""

    def __init__(self, settings: Settings, columns: list[tuple[int, bc.Column]], force: bool) -> None:
        self.settings = settings
        self.force = force
        self.columns = columns
        self.reader = RowReader([(i, c) for i, c in columns if c not in bc.CONTROL_COLUMNS])
        self.has_visibility = ("visibility",) in self.reader.col_of
        headers = {c.header for _, c in columns}
        self.missing_required = [h for h in REQUIRED_COLUMNS if h not in headers]
        self.existing = _existing(settings)
        by_id = {fold_id(str(e.value.get("id"))): e for e in self.existing if e.value.get("id")}
        by_id.update({fold_id(e.path.stem): e for e in self.existing if fold_id(e.path.stem) not in by_id})
        self.by_id = by_id
        self.by_name = {(e.model.name, e.model.org): e for e in self.existing if e.model is not None}
        brand_folder = display_path(kind_folder(settings, "brand"), settings.root) + "/"
        self.other_ids = {k: v for k, v in used_ids(settings).items()
                          if k not in by_id and not v.startswith(brand_folder)}
        self.taken = set(used_ids(settings))
        self.rows_by_target: dict[str, int] = {}
        self.rows_by_identity: dict[object, int] = {}
        self.matched: set[Path] = set()
        self.brand_dir = kind_folder(settings, "brand")
        self.internal_added = 0

    def col(self, *path: str) -> int:
        return self.reader.col_of.get(path, 0)

    def problem(self, number: int, col: int, code: str, message: str, hint: str = "") -> RowProblem:
        return RowProblem(number, col, code, message, hint, self.reader.header_at(col))

    def _find(self, data: dict[str, Any]) -> _Existing | None:
        if data.get("id"):
            return self.by_id.get(fold_id(str(data["id"])))
        if "name" in data and "org" in data:
            return self.by_name.get((data["name"], data["org"]))
        return None

    def _stale(self, number: int, control: _Control, match: _Existing | None) -> RowProblem | None:
        """A problem when the row's 版本 says the sheet is older than the brand's file."""
        if not control.version or self.force:
            return None
        version_col = next((i + 1 for i, c in self.columns if c is bc.VERSION), 0)
        hint = ("先重新导出表格（make export），在新表格中修改后再导入；"
                "确认要用这张表格覆盖时，加 --force（make import FILE=… FORCE=1）。")
        if match is None:
            return RowProblem(number, version_col, "DJ017",
                              "导出这张表格之后，这个品牌的文件被删除或改了编号", hint, bc.VERSION.header)
        if match.model is not None and brand_version(match.model) == control.version:
            return None
        rel = display_path(match.path, self.settings.root)
        return RowProblem(number, version_col, "DJ017", f"导出这张表格之后，{rel} 又被修改过；"
                          "导入这一行会覆盖那些修改", hint, bc.VERSION.header)

    def row(self, number: int, cells: list[Any], report: ImportReport) -> None:
        problems: list[RowProblem] = []
        control = _control(number, cells, self.columns, problems)
        if control.delete:
            self._delete(number, cells, control, problems, report)
            return
        data, parsed, read_problems = self.reader.read(number, cells)
        problems.extend(read_problems)
        match = self._find(data)
        generated = False
        if not data.get("id") and "name" in data and "org" in data:
            if match is not None and match.model is not None:
                data["id"] = match.model.id
            elif isinstance(data.get("field"), str) and isinstance(data.get("town"), str):
                data["id"] = new_id(data["field"], data["town"], self.taken)
                generated = True
            if "id" in data:
                parsed.value_pos[("id",)] = (number, self.col("name"))
        self._identity(number, data, generated, problems)
        if match is not None:
            _keep_absent_columns(data, parsed, number, self.reader, match.value)
        elif self.missing_required:
            missing = "”“".join(self.missing_required)
            problems.append(RowProblem(number, 0, "DJ102", f"这一行是新品牌，但表格没有“{missing}”列",
                                       "新品牌必须填写这些内容：在表格中加上这些列，或者检查编号是否写错"
                                       "（编号对上原有品牌时，表格中没有的列保持原样）。"))
            report.problems.extend(problems)
            return
        elif not self.has_visibility:
            data["visibility"] = "internal"
            parsed.value_pos[("visibility",)] = (number, 0)
            self.internal_added += 1
        model, invalid = model_problems(parsed, number, self.reader)
        bad_cells = {p.col for p in problems}
        problems.extend(p for p in invalid if not (p.code == "DJ102" and p.col in bad_cells))
        if model is not None and not problems:
            problems.extend(self._target_problems(number, data, model))
        if problems or model is None:
            report.problems.extend(problems)
            return
        self._plan(number, control, match, model, report)

    def _identity(self, number: int, data: dict[str, Any], generated: bool,
                  problems: list[RowProblem]) -> None:
        identity = (fold_id(str(data["id"])) if data.get("id") and not generated
                    else (data.get("name"), data.get("org")))
        if identity in self.rows_by_identity:
            col = self.col("id") if data.get("id") and not generated and self.col("id") else self.col("name")
            first = self.rows_by_identity[identity]
            problems.append(self.problem(number, col, "DJ111", f"与第 {first} 行是同一个品牌",
                                         ONE_ROW))
        else:
            self.rows_by_identity[identity] = number

    def _target_problems(self, number: int, data: dict[str, Any], model: Brand) -> list[RowProblem]:
        problems = []
        key = fold_id(model.id)
        id_col = self.col("id") or self.col("name")
        if key in self.other_ids:
            owner = self.other_ids[key]
            problems.append(self.problem(number, id_col, "DJ111", f"编号“{model.id}”已被 {owner} 使用",
                                         "给这个品牌换一个编号（或清空编号列，自动生成）。"))
        elif key in self.rows_by_target:
            col = self.col("id") if data.get("id") and self.col("id") else self.col("name")
            first = self.rows_by_target[key]
            message = f"与第 {first} 行是同一个品牌（编号“{model.id}”）"
            problems.append(self.problem(number, col, "DJ111", message, ONE_ROW))
        else:
            self.rows_by_target[key] = number
        problems.extend(_area_problems(self.settings, model, number, self.reader))
        return problems

    def _plan(self, number: int, control: _Control, match: _Existing | None, model: Brand,
              report: ImportReport) -> None:
        self.taken.add(fold_id(model.id))
        target = self.brand_dir / model.field / f"{model.id}.yml"
        rel_dir = display_path(target.parent, self.settings.root)
        if match is None:
            stale = self._stale(number, control, None)
            if stale is not None:
                report.problems.append(stale)
                return
            text = dump_entity(Brand, entity_data(model), "brand", rel_dir)
            report.changes.append(Change(number, "added", target, model, text=text))
            return
        self.matched.add(match.path)
        keep_folder = match.path.parent.name not in PROGRAMMES or match.path.parent.name == model.field
        new_path = match.path if keep_folder else target
        if match.model is not None and match.model == model and new_path == match.path:
            report.changes.append(Change(number, "unchanged", match.path, model))
            return
        stale = self._stale(number, control, match)
        if stale is not None:
            report.problems.append(stale)
            return
        kept = spliced(match.text, match.model, model)
        rewritten = kept is None
        text = kept if kept is not None else dump_entity(Brand, entity_data(model), "brand", rel_dir)
        report.changes.append(Change(number, "changed", new_path, model,
                                     None if new_path == match.path else match.path,
                                     _edits(match.model, match.value, model), text, rewritten))

    def _delete(self, number: int, cells: list[Any], control: _Control, problems: list[RowProblem],
                report: ImportReport) -> None:
        data, _parsed, _read = self.reader.read(number, cells)
        match = self._find({k: v for k, v in data.items() if k in ("id", "name", "org")})
        delete_col = next((i + 1 for i, c in self.columns if c is bc.DELETE), 0)
        if match is None:
            problems.append(RowProblem(number, delete_col, "DJ018", "要删除的品牌在数据中不存在",
                                       "核对这一行的编号（或品牌名称与党组织名称）；不删除就把“删除”改为“否”或清空。",
                                       bc.DELETE.header))
        elif match.path in self.matched:
            problems.append(RowProblem(number, delete_col, "DJ111", "这个品牌在表格中出现了不止一次",
                                       ONE_ROW, bc.DELETE.header))
        else:
            stale = self._stale(number, control, match)
            if stale is not None:
                problems.append(stale)
        if problems or match is None:
            report.problems.extend(problems)
            return
        self.matched.add(match.path)
        report.changes.append(Change(number, "deleted", match.path, match.model))


def plan_import(settings: Settings, path: Path, *, force: bool = False) -> ImportReport:
    """Read and validate every row; work out what each does. Nothing is written."""
    report = ImportReport(path.name)
    try:
        sheet = read_sheet(path, _looks_like_header)
    except SheetError as err:
        report.problems.append(RowProblem(1, 0, "DJ009", str(err)))
        return report
    columns, report.problems = _columns(sheet)
    report.problems.extend(_formula_problems(sheet))
    if report.problems:
        report.problems.sort()
        return report
    planner = _Planner(settings, columns, force)
    for number, cells in sheet.rows:
        planner.row(number, cells, report)
    report.problems.sort()
    report.not_in_sheet = sum(e.path not in planner.matched for e in planner.existing)
    if sheet.header_row > 1:
        report.notes.append(f"第 1–{sheet.header_row - 1} 行是标题，已跳过；列名在第 {sheet.header_row} 行。")
    if sheet.merged:
        report.notes.append(f"表格中有 {sheet.merged} 处合并单元格，已按合并后显示的内容读取每一格。")
    if planner.internal_added:
        added = planner.internal_added
        report.notes.append(f"表格没有“可见性”列：新增的 {added} 个品牌设为“内部”（不发布）；"
                            "核实后把它们的 visibility 改为 public（或在表格中加“可见性”列）再导入。")
    return report


def _formula_problems(sheet: Sheet) -> list[RowProblem]:
    problems = []
    for formula in sheet.uncalculated:
        header = sheet.headers[formula.col] if formula.col < len(sheet.headers) else ""
        shown = formula.text if len(formula.text) <= 40 else formula.text[:40] + "…"
        problems.append(RowProblem(formula.row, formula.col + 1, "DJ016",
                                   f"这一格是公式“{shown}”，但文件里没有保存它算出的值", header=header))
    return problems


def _keep_absent_columns(data: dict[str, Any], parsed: Parsed, number: int, reader: RowReader,
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


def _area_problems(settings: Settings, model: Brand, number: int, reader: RowReader) -> list[RowProblem]:
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
            for p in (change.path, change.old_path):
                if p is not None and p not in saved:
                    saved[p] = p.read_bytes() if p.exists() else None
            if change.action == "deleted":
                change.path.unlink()
                continue
            write_atomic(change.path, change.text)
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


def _change_lines(change: Change, settings: Settings, dry_run: bool) -> list[str]:
    rel = display_path(change.path, settings.root)
    will = "将" if dry_run else ""
    name = change.brand.name if change.brand is not None else change.path.stem
    if change.action == "added":
        return [f"{will}新增 {rel}（第 {change.row} 行：{name}）"]
    if change.action == "deleted":
        return [f"{will}删除 {rel}（第 {change.row} 行：{name}）"]
    if change.action != "changed":
        return []
    moved = f"，从 {display_path(change.old_path, settings.root)} 移来" if change.old_path else ""
    how = "，整个文件重写（原文件的注释无法保留）" if change.rewritten else ""
    lines = [f"{will}修改 {rel}（第 {change.row} 行：{name}{moved}{how}）"]
    lines.extend(f"  {rel}: {e.header}: {e.old} → {e.new}" for e in change.edits)
    return lines


def format_report(report: ImportReport, settings: Settings, *, dry_run: bool) -> str:
    """What the import did (or, with --dry-run, would do), in Chinese."""
    if not report.ok:
        lines = [p.format(report.file_name) for p in report.problems]
        rows = len({p.row for p in report.problems})
        lines.append(f"共 {len(report.problems)} 个问题，涉及 {rows} 行；没有写入任何文件。")
        return "\n".join(lines)
    lines = [line for change in report.changes for line in _change_lines(change, settings, dry_run)]
    rows = len(report.changes)
    summary = (f"{report.file_name}：共 {rows} 行，新增 {report.count('added')} 个，"
               f"修改 {report.count('changed')} 个，删除 {report.count('deleted')} 个，"
               f"未变 {report.count('unchanged')} 个。")
    if report.not_in_sheet:
        summary += f"另有 {report.not_in_sheet} 个品牌不在表格中，保持不变（不会被删除）。"
    if dry_run:
        summary += "（试运行，没有写入任何文件；去掉 --dry-run 即可导入。）"
    return "\n".join([*lines, *report.notes, summary])


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
            try:
                row.append(bc.write_cell(column, _cell_value(data, column)))
            except bc.CellError as err:
                problems.append(f"{entry.rel}：{column.header}：{err}")
                row.append(None)
        row.extend([None, brand_version(entry.model)])  # 删除, 版本
        rows.append(row)
    if problems:
        raise ExportError("以下内容无法写入表格而不丢失信息，请先在 YAML 中修改：\n" + "\n".join(problems))
    choices = {i: list(c.choices) for i, c in enumerate(bc.SHEET_COLUMNS) if c.choices}
    widths = {i: c.width for i, c in enumerate(bc.SHEET_COLUMNS)}
    write_sheet(path, list(bc.HEADERS), rows, title="党建品牌", choices=choices, widths=widths)
    return len(rows)
