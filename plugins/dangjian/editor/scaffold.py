"""`dangjian new`: a new entity file with a comment on every field, generated from the models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dangjian.editor.ids import id_problem, used_ids
from dangjian.editor.yamlwrite import SCHEMA_FILES, field_order, write_atomic
from dangjian.load.diagnostics import display_path
from dangjian.load.loader import kind_folder
from dangjian.model import KINDS
from dangjian.model.brand import PROGRAMMES
from dangjian.model.describe import FieldDoc, describe
from dangjian.settings import Settings

KIND_NAMES: dict[str, str] = {"site": "党员教育现场教学点", "school": "边境微党校教学点",
                              "brand": "党建品牌", "route": "研学线路"}
BRAND_FIELDS: tuple[str, ...] = tuple(PROGRAMMES)


class ScaffoldError(Exception):
    """A reason, in Chinese, why the file was not written."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    text: str


def target_path(settings: Settings, kind: str, entity_id: str, brand_field: str | None) -> Path:
    """Where the new file goes: data/brands/<领域>/<id>.yml, data/sites/<id>.yml, routes/<id>.yml."""
    folder = kind_folder(settings, kind)
    if kind == "brand":
        if brand_field is None:
            raise ScaffoldError("新建党建品牌时请用 --field 指定领域：" + "/".join(BRAND_FIELDS))
        if brand_field not in BRAND_FIELDS:
            raise ScaffoldError(f"领域“{brand_field}”不存在，可选：" + "/".join(BRAND_FIELDS))
        folder = folder / brand_field
    return folder / f"{entity_id}.yml"


def _comment(doc: FieldDoc) -> str:
    parts = ["必填"] if doc.required else ([] if "可选" in doc.description else ["可选"])
    if doc.choices:
        parts.append("可选值：" + " / ".join(doc.choices))
    elif not doc.model:
        parts.append(doc.type_label)
    elif doc.is_list:
        parts.append("列表，每项以“- ”开头")
    if doc.limits:
        parts.append(doc.limits)
    if doc.internal:
        parts.append("内部资料，不发布")
    return f"# {doc.description}（{'；'.join(parts)}）" if parts else f"# {doc.description}"


def _field_lines(doc: FieldDoc, indent: str, values: dict[str, str]) -> list[str]:
    """The key line(s) of one field, uncommented, with nested fields described."""
    value = values.get(doc.name, "")
    if doc.model is not None:
        inner = _block(doc.children, indent + "    " if doc.is_list else indent + "  ", {})
        if not doc.is_list:
            return [f"{indent}{doc.name}:", *inner]
        count = 2 if doc.required and doc.name == "stops" else 1
        item: list[str] = []
        for line in inner:
            content = line[len(indent) + 4:]
            if not any(x.lstrip().startswith("-") for x in item) and not content.startswith("#"):
                item.append(f"{indent}  - {content}")
            else:
                item.append(line)
        return [f"{indent}{doc.name}:", *(item * count)]
    if doc.is_list:
        return [f"{indent}{doc.name}:", f"{indent}  - "]
    return [f"{indent}{doc.name}: {value}".rstrip()]


def _block(docs: tuple[FieldDoc, ...] | list[FieldDoc], indent: str, values: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for doc in docs:
        lines.append(indent + _comment(doc))
        body = _field_lines(doc, indent, values)
        if doc.required or doc.name in values:
            lines.extend(body)
        else:
            lines.extend(f"{indent}# {line[len(indent):]}" for line in body)
    return lines


def skeleton(kind: str, entity_id: str, rel_dir: str, brand_field: str | None = None) -> str:
    """The text of a new file: schema line, how to fill it in, then every field with its comment."""
    model = KINDS[kind]
    depth = len([p for p in rel_dir.split("/") if p])
    values = {"id": entity_id}
    if brand_field:
        values["field"] = brand_field
    head = [
        f"# yaml-language-server: $schema={'../' * depth}schemas/{SCHEMA_FILES[kind]}",
        f"# 新的{KIND_NAMES[kind]}。每个字段上方的注释说明它的含义。",
        "# “必填”的字段请在冒号后填写；“可选”的字段去掉行首的“# ”再填写，用不到的可以整段删除。",
        "# 含冒号、井号或以数字开头的文字请加双引号。填写完成后运行 dangjian check 检查。",
    ]
    return "\n".join(head + _block(describe(model, field_order(model)), "", values)) + "\n"


def new_entity(settings: Settings, kind: str, entity_id: str, brand_field: str | None = None) -> Scaffold:
    """Check the id and the target, then write the skeleton; raises ScaffoldError with the reason."""
    if kind not in KINDS:
        raise ScaffoldError(f"未知类型“{kind}”，可选：" + "/".join(KINDS))
    path = target_path(settings, kind, entity_id, brand_field)
    problem = id_problem(entity_id, used_ids(settings))
    if problem:
        raise ScaffoldError(problem)
    rel = display_path(path, settings.root)
    if path.exists():
        raise ScaffoldError(f"{rel} 已存在，不会覆盖。")
    text = skeleton(kind, entity_id, Path(rel).parent.as_posix(), brand_field)
    write_atomic(path, text)
    return Scaffold(path, text)
