"""Read and write a sheet of rows: .xlsx through openpyxl, .csv in the encodings office software writes.

Rows keep the number the spreadsheet shows (the header is row 1) and every cell keeps its
column letter, so that a problem can be named where the editor will look for it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIXES = (".xlsx", ".csv")
# A cell a spreadsheet would run as a formula when it starts with one of these (OWASP, CSV
# injection): in a .csv such a text cell is written with a leading apostrophe, which
# spreadsheets read as "this is text", and taken off again when the .csv is imported; an
# .xlsx marks the cell as text instead and keeps the value as it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Tried in order; GB18030 is a superset of GBK and GB2312, as written by WPS and Excel in China
# (with or without its own byte-order mark, which it decodes to U+FEFF).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# How far down a title block above the header row may reach ("密山市党建品牌汇总表" in a
# merged row 1, a date in row 2, ...).
HEADER_SEARCH_ROWS = 10

HeaderTest = Callable[[list[Any]], bool]


class SheetError(Exception):
    """A problem with the file as a whole (format, encoding), in Chinese."""


@dataclass(frozen=True)
class Formula:
    """A formula cell whose result the file does not hold (never calculated and saved)."""

    row: int  # as the spreadsheet shows it
    col: int  # 0-based
    text: str


@dataclass(frozen=True)
class Sheet:
    """The header row and the data rows of the first worksheet."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str = ""
    uncalculated: tuple[Formula, ...] = ()
    header_row: int = 1  # as the spreadsheet shows it
    merged: int = 0  # merged ranges read as their value in every cell


def neutralize(value: Any) -> Any:
    """A text cell that would start a formula, with a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralize(value: Any) -> Any:
    """The text neutralize() was given: one leading apostrophe before a formula start is dropped."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 -> A, 26 -> AA."""
    from openpyxl.utils import get_column_letter  # openpyxl is loaded only when a sheet is used

    return get_column_letter(index + 1)


def normalize_header(text: Any) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), without spaces."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def read_sheet(path: Path, is_header: HeaderTest | None = None) -> Sheet:
    """The first worksheet of an .xlsx, or a .csv file; empty rows are skipped.

    The header row is the first row, or with is_header the first of the top rows it accepts
    (title rows above the header are then left out)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, is_header)
    if suffix == ".csv":
        return _read_csv(path, is_header)
    raise SheetError(f"不支持的文件类型“{path.suffix}”：请另存为 .xlsx 或 .csv。")


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_index(raw_rows: list[list[Any]], is_header: HeaderTest | None) -> int:
    if is_header is not None:
        for index, cells in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
            if not _blank(cells) and is_header(cells):
                return index
    return 0


def _split(raw_rows: list[list[Any]], name: str, encoding: str = "",
           formulas: tuple[Formula, ...] = (), is_header: HeaderTest | None = None, merged: int = 0) -> Sheet:
    top = _header_index(raw_rows, is_header)
    if not raw_rows or _blank(raw_rows[top]):
        raise SheetError("第 1 行应是列名（如 编号、品牌名称、党组织名称 ……），但它是空的。")
    headers = [str(h).strip() if h is not None else "" for h in raw_rows[top]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [
        (number, list(cells[: len(headers)]) + [None] * (len(headers) - len(cells)))
        for number, cells in enumerate(raw_rows[top + 1:], start=top + 2)
        if not _blank(cells[: len(headers)])
    ]
    width = len(headers)
    kept = tuple(f for f in formulas if f.col < width and f.row > top + 1)
    return Sheet(name, headers, rows, encoding, kept, top + 1, merged)


def _read_xlsx(path: Path, is_header: HeaderTest | None) -> Sheet:
    from openpyxl import load_workbook

    # read twice: the values the spreadsheet last calculated and saved, and the formulas, so
    # that a formula without a saved value is reported instead of read as an empty cell; the
    # values are read in full mode, which knows the merged cells
    try:
        book = load_workbook(path, data_only=True)
        formula_book = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError(f"无法读取这个 .xlsx 文件（{type(err).__name__}）："
                         "请用 Excel 或 WPS 另存为 .xlsx 后重试。") from err
    try:
        sheet = book.worksheets[0]
        raw = [list(row) for row in sheet.iter_rows(values_only=True)]
        merged = _fill_merged(sheet, raw)
        formulas: list[Formula] = []
        for number, row in enumerate(formula_book.worksheets[0].iter_rows(), start=1):
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) != "f":
                    continue
                values = raw[number - 1] if number <= len(raw) else []
                if (values[index] if index < len(values) else None) is None:
                    text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
                    formulas.append(Formula(number, index, str(text or "")))
        return _split(raw, sheet.title, formulas=tuple(formulas), is_header=is_header, merged=merged)
    finally:
        book.close()
        formula_book.close()


def _fill_merged(sheet: Any, raw: list[list[Any]]) -> int:
    """Every cell of a merged range gets the range's value (a spreadsheet shows it in all of
    them; the file keeps it in the top-left cell only). Returns how many ranges there were."""
    ranges = list(sheet.merged_cells.ranges)
    for cell_range in ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, min(cell_range.max_row, len(raw)) + 1):
            cells = raw[row - 1]
            if len(cells) < cell_range.max_col:
                cells.extend([None] * (cell_range.max_col - len(cells)))
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                cells[col - 1] = value
    return len(ranges)


def _read_csv(path: Path, is_header: HeaderTest | None) -> Sheet:
    raw_bytes = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw_bytes.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
        # the apostrophe write_sheet put before a formula-like text cell is taken off again
        cells = [[unneutralize(c) if c != "" else None for c in r] for r in rows]
        return _split(cells, path.stem, encoding, is_header=is_header)
    raise SheetError("无法识别这个 .csv 文件的编码：请另存为“CSV UTF-8”或 GBK 编码的 CSV。")


def write_sheet(path: Path, headers: list[str], rows: list[list[Any]], *, title: str = "Sheet1",
                choices: dict[int, list[str]] | None = None, widths: dict[int, int] | None = None) -> None:
    """Write headers and rows; .xlsx gets a bold frozen header, wrapped text and drop-down lists."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([neutralize(h) for h in headers])
        writer.writerows([["" if c is None else neutralize(c) for c in row] for row in rows])
        # UTF-8 with a BOM: Excel and WPS then open it without garbling the Chinese.
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        return
    if suffix != ".xlsx":
        raise SheetError(f"不支持的文件类型“{path.suffix}”：请用 .xlsx 或 .csv。")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, str):
                # never let a spreadsheet read "0467" or "1-2" as a number, or "=…" as a formula
                # (openpyxl takes a string starting with "=" for one); a text cell that starts
                # like a formula is also marked as typed with an apostrophe, so editing it in
                # Excel or WPS keeps it text
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
    sheet.freeze_panes = "C2"
    for index, width in (widths or {}).items():
        sheet.column_dimensions[column_letter(index)].width = width
    last = max(len(rows) + 1, 2)
    for index, values in (choices or {}).items():
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        validation.error = "请从下拉列表中选择"
        validation.errorTitle = "取值不在允许范围内"
        sheet.add_data_validation(validation)
        letter = column_letter(index)
        validation.add(f"{letter}2:{letter}{last + 500}")
    book.save(path)
