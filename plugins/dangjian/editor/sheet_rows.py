"""Rows of a brand sheet read into Brand models, with every problem named by row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dangjian.editor import brand_columns as bc
from dangjian.editor.spreadsheet import column_letter
from dangjian.load.diagnostics import CODES, CONTROL_CHARS, describe_control, escape_controls
from dangjian.load.validate import validate
from dangjian.load.yamlsource import Parsed
from dangjian.model import Brand

_YAML_EXAMPLE = re.compile(r"（例如写成“[a-z_.]+: (.+?)”）")
_LABEL = re.compile(r"“([a-z_]+(?:\.[a-z_]+)?)((?:\[\d+\])?)")


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


def _header_of(path: tuple[str, ...]) -> str:
    for column in bc.COLUMNS:
        if column.path == path or (len(path) == 1 and column.path[0] == path[0] and len(column.path) == 1):
            return column.header
    return ""


def label_to_header(label: str) -> str:
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


CELL_HINTS = {
    "number": "填写十进制的度数（WGS-84），如纬度 45.54、经度 131.83。",
    "bool": "填写“是”或“否”。",
    "visibility": "填写“公开”（发布到网站）或“内部”（不发布）。",
}


class RowReader:
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
                hint = CELL_HINTS.get(column.kind, "")
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


def model_problems(parsed: Parsed, number: int, reader: RowReader) -> tuple[Brand | None, list[RowProblem]]:
    model, problems = validate(parsed, Brand)
    out: list[RowProblem] = []
    for p in problems:
        col = p.col
        match = _LABEL.search(p.message)
        if match:
            path = tuple(match[1].split("."))
            if p.code == "DJ102" or not col:
                col = reader.col_of.get(path, col)
        message = _LABEL.sub(lambda m: "“" + label_to_header(m[1] + m[2]), p.message)
        # a hint written for a YAML file shows its example as a cell of the sheet
        hint = _YAML_EXAMPLE.sub(r"（例如填写“\1”）", p.hint)
        if p.code == "DJ102" and match:
            message = f"“{label_to_header(match[1])}”不能为空"
            hint = ("纬度和经度要一起填写，或者都留空。" if match[1].startswith("location.")
                    else "这一格必须填写。")
        elif p.code == "DJ103" and not hint:
            hint = "按编辑指南的字段参考填写。"
        out.append(RowProblem(number, col, p.code, message, hint, reader.header_at(col)))
    return model, out  # type: ignore[return-value]
