"""The editor guide's generated parts: the field reference and the list of diagnostic codes.

They are made from the code (the models, load.diagnostics.CODES, the spreadsheet columns),
written out between markers in the pages of the repository (`dangjian docs`), checked to be
current by `make test` (`dangjian docs --check`), and made afresh again at build time, so the
guide cannot drift from what the loader actually accepts and reports.
"""

from __future__ import annotations

import html
from pathlib import Path

from dangjian.editor.brand_columns import SHEET_COLUMNS
from dangjian.editor.yamlwrite import field_order
from dangjian.load.diagnostics import CODES
from dangjian.model import KINDS
from dangjian.model.describe import FieldDoc, describe

FIELD_MARKER = "<!-- dangjian:field-reference -->"
CODES_MARKER = "<!-- dangjian:diagnostic-codes -->"
COLUMNS_MARKER = "<!-- dangjian:brand-columns -->"

KIND_TITLES: dict[str, tuple[str, str]] = {
    "site": ("党员教育现场教学点", "data/sites/<编号>.yml"),
    "school": ("边境微党校教学点", "data/schools/<编号>.yml"),
    "brand": ("党建品牌", "data/brands/<领域>/<编号>.yml"),
    "route": ("研学线路", "routes/<编号>.yml"),
}


def _cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _rows(docs: list[FieldDoc] | tuple[FieldDoc, ...], prefix: str = "") -> list[str]:
    rows: list[str] = []
    for doc in docs:
        name = f"{prefix}{doc.name}"
        notes = []
        if doc.choices:
            notes.append("可选值：" + " / ".join(f"`{c}`" for c in doc.choices))
        if doc.limits:
            notes.append(_cell(doc.limits))
        if doc.internal:
            notes.append("**不发布**（内部资料）")
        rows.append(f"| `{name}` | {_cell(doc.description)} | {_cell(doc.type_label)} | "
                    f"{'必填' if doc.required else '可选'} | {'；'.join(notes)} |")
        if doc.children:
            rows.extend(_rows(doc.children, f"{name}[].") if doc.is_list else _rows(doc.children, f"{name}."))
    return rows


def field_reference() -> str:
    """Markdown: one table per entity kind, nested fields as `parent.child` rows."""
    parts: list[str] = []
    for kind, model in KINDS.items():
        title, where = KIND_TITLES[kind]
        parts += [
            f"### {title}（{kind}） {{#fields-{kind}}}",
            "",
            f"文件位置：`{where}`。新建：`dangjian new {kind} <编号>"
            + (" --field <领域>`" if kind == "brand" else "`") + "。",
            "",
            "| 字段 | 含义 | 类型 | 必填 | 说明 |",
            "|---|---|---|---|---|",
            *_rows(describe(model, field_order(model))),
            "",
        ]
    return "\n".join(parts)


def diagnostic_codes() -> str:
    """Markdown: every diagnostic code, what it means and how to fix it."""
    rows = [f"| `{code}` | {_cell(title)} | {_cell(fix)} |"
            for code, (title, fix) in sorted(CODES.items())]
    return "\n".join(["| 代码 | 问题 | 怎样修改 |", "|---|---|---|", *rows, ""])


def brand_columns() -> str:
    """Markdown: the spreadsheet columns of brands and the field each fills."""
    kinds = {"text": "文字", "lines": "每行一项", "number": "数字", "bool": "是/否",
             "visibility": "公开/内部", "sources": "每行一条：名称 | 网址 | 说明", "names": "每行一个字段名",
             "version": "导出时生成，不要修改",
             "images": "每行一张：文件 | 替代文字 | 图注 | 来源，示意图在最后加“| 示意图”"}
    fields = {"@delete": "（填“是”删除这个品牌）", "@version": "（表格与文件是否一致）"}
    rows = [f"| {_cell(c.header)} | {fields.get(c.path[0]) or '`' + '.'.join(c.path) + '`'} | "
            f"{_cell(kinds[c.kind])} | {_cell('、'.join(c.aliases))} |" for c in SHEET_COLUMNS]
    return "\n".join(["| 列名 | 字段 | 填写方式 | 也可写作 |", "|---|---|---|---|", *rows, ""])


_PARTS = ((FIELD_MARKER, field_reference), (CODES_MARKER, diagnostic_codes), (COLUMNS_MARKER, brand_columns))


def _end(marker: str) -> str:
    return marker.replace(" -->", ":end -->")


def expand(markdown: str) -> str:
    """The page with each generated part, between its start and end markers, made afresh
    from the code (a start marker alone gets its part and an end marker)."""
    for marker, make in _PARTS:
        start = markdown.find(marker)
        if start < 0:
            continue
        end_marker = _end(marker)
        end = markdown.find(end_marker, start)
        tail = markdown[end + len(end_marker):] if end >= 0 else markdown[start + len(marker):]
        markdown = f"{markdown[:start]}{marker}\n\n{make().rstrip()}\n\n{end_marker}{tail}"
    return markdown


GUIDE_PAGES = ("editor/fields.md", "editor/codes.md", "editor/spreadsheet.md")
"""The editor guide's pages with generated parts, kept written out in the repository so that
they can be read there too; `dangjian docs` refreshes them, `dangjian docs --check` tells."""


def stale_guide_pages(docs: Path) -> list[str]:
    """The guide pages whose generated parts differ from what the code makes now."""
    stale = []
    for rel in GUIDE_PAGES:
        path = docs / rel
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if expand(text) != text:
                stale.append(rel)
    return stale


def write_guide_pages(docs: Path) -> list[str]:
    """Refresh the generated parts of the guide pages; the pages that changed."""
    changed = []
    for rel in stale_guide_pages(docs):
        path = docs / rel
        path.write_text(expand(path.read_text(encoding="utf-8")), encoding="utf-8")
        changed.append(rel)
    return changed
