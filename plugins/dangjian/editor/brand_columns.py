"""The spreadsheet layout of brands: one column per Brand field, with Chinese headers.

Every field of the Brand model has a column (the test suite checks it), so that
export → edit in a spreadsheet → import loses nothing. Lists are one item per line in a
cell; a source is written "名称 | 网址 | 说明".
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dangjian.editor.spreadsheet import normalize_header
from dangjian.model.brand import PROGRAMMES

LIST_SEPARATOR = "\n"
SOURCE_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, the Brand field it fills, and how cells read."""

    header: str
    path: tuple[str, ...]
    kind: str  # text | lines | number | bool | visibility | sources | images | names | version
    aliases: tuple[str, ...] = ()
    width: int = 14
    choices: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("编号", ("id",), "text", ("id",), 16),
    Column("品牌名称", ("name",), "text", ("名称", "品牌"), 18),
    Column("党组织名称", ("org",), "text", ("党组织",), 24),
    Column("领域", ("field",), "text", (), 10, tuple(PROGRAMMES)),
    Column("乡镇(街道)", ("town",), "text", ("乡镇", "乡镇街道", "所在乡镇(街道)", "乡镇/街道"), 12),
    Column("级别", ("level",), "text", ("品牌级别",), 12, ("省级示范点", "市级示范点", "基层品牌")),
    Column("品牌口号", ("slogan",), "text", ("口号",), 20),
    Column("简介", ("summary",), "text", ("品牌简介",), 40),
    Column("主要做法", ("practices",), "lines", ("做法",), 40),
    Column("成效", ("results",), "lines", ("工作成效", "主要成效"), 30),
    Column("纬度", ("location", "lat"), "number", (), 10),
    Column("经度", ("location", "lon"), "number", (), 10),
    Column("位置为近似值", ("location", "approximate"), "bool", ("近似位置",), 8, ("是", "否")),
    Column("可见性", ("visibility",), "visibility", ("公开",), 8, ("公开", "内部")),
    Column("示例数据", ("sample",), "bool", ("是否示例数据",), 8, ("是", "否")),
    Column("示例字段", ("sample_fields",), "names", (), 12),
    Column("标签", ("tags",), "lines", (), 16),
    Column("资料来源", ("sources",), "sources", ("来源",), 40),
    Column("图片", ("images",), "images", ("照片",), 30),
    Column("内部联系人(不发布)", ("contact", "name"), "text", ("内部联系人", "联系人"), 10),
    Column("联系人手机(不发布)", ("contact", "mobile"), "text", ("联系人手机", "手机"), 12),
    Column("联系人备注(不发布)", ("contact", "note"), "text", ("联系人备注",), 12),
    Column("内部备注(不发布)", ("internal_notes",), "text", ("内部备注",), 20),
)

# Two columns that are not fields: 删除 (是: remove this brand's file) and 版本 (a short hash
# of the brand as exported, so that importing an old sheet cannot silently revert newer edits).
DELETE = Column("删除", ("@delete",), "bool", ("是否删除",), 8, ("是", "否"))
VERSION = Column("版本", ("@version",), "version", ("版本号",), 10)
CONTROL_COLUMNS: tuple[Column, ...] = (DELETE, VERSION)
SHEET_COLUMNS: tuple[Column, ...] = COLUMNS + CONTROL_COLUMNS
"""The columns of an exported sheet, in order: every field, then 删除 and 版本."""

HEADERS: tuple[str, ...] = tuple(c.header for c in SHEET_COLUMNS)
_BY_NAME: dict[str, Column] = {}
for _column in SHEET_COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _BY_NAME[normalize_header(_name)] = _column

_TRUE = {"是", "true", "yes", "y", "1", "对", "√", "✓"}
_FALSE = {"否", "false", "no", "n", "0", "不是", "×", "✗"}
_PUBLIC = {"公开", "public", "是", "发布"}
_INTERNAL = {"内部", "internal", "否", "不公开", "不发布"}


def column_for(header: str) -> Column | None:
    """The column a header names (full-width brackets, spaces and aliases allowed)."""
    return _BY_NAME.get(normalize_header(header))


def suggest(header: str) -> str | None:
    """The column header an unknown header most likely meant ("品牌口好" -> "品牌口号")."""
    import difflib

    wanted = normalize_header(header)
    names = list(_BY_NAME)
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.5)
    if not close:
        # a header that contains a known name, or is contained in one ("口号（必填）")
        close = [n for n in names if len(n) >= 2 and (n in wanted or wanted in n)][:1]
    return _BY_NAME[close[0]].header if close else None


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message is in Chinese."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def read_cell(column: Column, value: Any) -> Any:
    """The field value of one cell, or None when it is empty; raises CellError."""
    text = _text(value)
    if text is None:
        return None
    kind = column.kind
    if kind in ("text", "version"):
        return text
    if kind in ("lines", "names"):
        items = [line.strip() for line in text.split("\n") if line.strip()]
        return items or None
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(unicodedata.normalize("NFKC", text).replace("°", ""))
            except ValueError:
                raise CellError(f"“{text}”不是数字") from None
        if not math.isfinite(number):
            raise CellError(f"“{text}”不是有效的数字")
        return number
    if kind == "bool":
        word = unicodedata.normalize("NFKC", text).lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise CellError(f"“{text}”应为“是”或“否”")
    if kind == "visibility":
        word = unicodedata.normalize("NFKC", text).lower()
        if word in _PUBLIC:
            return "public"
        if word in _INTERNAL:
            return "internal"
        raise CellError(f"“{text}”应为“公开”或“内部”")
    if kind == "sources":
        return [_source(line) for line in text.split("\n") if line.strip()] or None
    if kind == "images":
        return [_image(line) for line in text.split("\n") if line.strip()] or None
    raise AssertionError(kind)


IMAGE_PARTS = ("src", "alt", "caption", "credit")
ILLUSTRATION = "示意图"


def _image(line: str) -> dict[str, Any]:
    """"文件 | 替代文字 | 图注 | 来源 | 示意图": the last part marks a drawing, not a photo."""
    parts = [p.strip() for p in re.split(r"\s*[|｜]\s*", line.strip())]
    image: dict[str, Any] = {}
    if parts and parts[-1] == ILLUSTRATION and len(parts) > 2:
        image["illustration"] = True
        parts = parts[:-1]
    for key, value in zip(IMAGE_PARTS, parts, strict=False):
        if value:
            image[key] = value
    return image


def _source(line: str) -> dict[str, str]:
    parts = [p.strip() for p in re.split(r"\s*[|｜]\s*", line.strip(), maxsplit=2)]
    title, url, note = ([*parts, "", ""])[:3]
    if len(parts) == 2 and not re.match(r"^https?://", url):
        url, note = "", url
    source = {"title": title}
    if url:
        source["url"] = url
    if note:
        source["note"] = note
    return source


def write_cell(column: Column, value: Any) -> Any:
    """The cell of one field value (None for an empty cell); raises CellError if it cannot round-trip."""
    if value is None or value == []:
        return None
    kind = column.kind
    if kind in ("text", "version"):
        return value
    if kind in ("lines", "names"):
        for item in value:
            if "\n" in item:
                raise CellError("列表中的一项含有换行，表格里每行只能是一项")
        return LIST_SEPARATOR.join(value)
    if kind == "number":
        return value
    if kind == "bool":
        return "是" if value else "否"
    if kind == "visibility":
        return "公开" if value == "public" else "内部"
    if kind == "sources":
        lines = []
        for source in value:
            parts = [source.get("title") or "", source.get("url") or "", source.get("note") or ""]
            if any("\n" in p for p in parts) or any(re.search(r"[|｜]", p) for p in parts[:2]):
                raise CellError(f"资料来源“{parts[0]}”的名称或网址含有“|”或换行，无法写入一个单元格")
            if not parts[2] and parts[1]:
                parts = parts[:2]
            elif not parts[2]:
                parts = parts[:1]
            lines.append(SOURCE_SEPARATOR.join(parts).replace(" |  | ", " | | "))
        return LIST_SEPARATOR.join(lines)
    if kind == "images":
        rows = []
        for image in value:
            parts = [image.get(key) or "" for key in IMAGE_PARTS]
            if any("\n" in p or re.search(r"[|｜]", p) for p in parts):
                raise CellError(f"图片“{parts[0]}”的说明含有“|”或换行，无法写入一个单元格")
            if image.get("illustration"):
                parts.append(ILLUSTRATION)
            while parts and not parts[-1]:
                parts.pop()
            rows.append(SOURCE_SEPARATOR.join(parts))
        return LIST_SEPARATOR.join(rows)
    raise AssertionError(kind)
