"""Apply a model to a parsed file and explain every validation error in Chinese."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from dangjian.load.yamlsource import Parsed, Problem

_TYPE_NAMES = {
    "string_type": "文字",
    "int_type": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "bool_type": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "映射（“字段: 值”）",
    "model_type": "映射（“字段: 值”）",
    "model_attributes_type": "映射（“字段: 值”）",
}

_CUSTOM = {
    "office_phone": (
        "DJ105",
        "电话号码格式不对",
        "只能填写办公座机，如 \"0467-5220000\"；个人手机号码不得发布。",
    ),
    "hours_format": (
        "DJ105",
        "开放时间格式不对",
        "写成 \"09:00-11:30,13:30-16:30\"（24 小时制，两位数），或写 \"闭馆\"。",
    ),
    "hours_order": (
        "DJ105",
        "开放时间的起止顺序不对",
        "每段的结束时间要晚于开始时间，多段按时间先后排列。",
    ),
    "period_date": (
        "DJ105",
        "日期格式不对",
        '写成 "12-01"（每年的这一天）或 "2026-02-16"（某年的这一天），月和日都用两位数。',
    ),
    "period_kind": (
        "DJ105",
        "起止日期的写法不一致",
        'start 和 end 要么都写成 "MM-DD"（每年），要么都写成 "YYYY-MM-DD"（某一年）。',
    ),
    "period_order": (
        "DJ105",
        "结束日期早于起始日期",
        "end 不能早于 start；每年的时段（如 \"12-01\" 至 \"02-28\"）可以跨年。",
    ),
    "url_scheme": (
        "DJ105",
        "网址格式不对",
        "网址必须以 http:// 或 https:// 开头，中间不能有空格；不能使用 javascript:、data: 等地址。",
    ),
    "legs_count": (
        "DJ105",
        "路段数量与站点数量不符",
        "legs 的条数必须比 stops 少 1（每两个相邻站点之间一段），或者整个删掉 legs。",
    ),
}


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return type(value).__name__


def validate(parsed: Parsed, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """The model instance, or None and every problem found, each placed in the file."""
    try:
        return model.model_validate(parsed.value), []
    except ValidationError as err:
        problems = [_problem(dict(e), parsed, model) for e in err.errors(include_url=False)]
        return None, _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    # union members repeat one problem at one place; missing fields all share their
    # mapping's place, and each one is reported
    seen: set[tuple[int, int, str, str]] = set()
    out: list[Problem] = []
    for p in problems:
        key = (p.line, p.col, p.code, p.message if p.code == "DJ102" else "")
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _field_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The sub-model that owns the last key of loc, to suggest its field names."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = _inner_model(fields[part].annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _label(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "（文件）"


def _problem(error: dict[str, Any], parsed: Parsed, model: type[BaseModel]) -> Problem:
    loc = _data_path(error["loc"], parsed.value)
    kind = error["type"]
    label = _label(loc)
    if kind == "extra_forbidden":
        line, col = parsed.where(loc, key=True)
        owner = _field_model(model, loc)
        hint = ""
        if owner is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
            hint = f"是不是想写“{close[0]}”？" if close else "可用字段：" + "、".join(owner.model_fields)
        return Problem(line, col, "DJ101", f"未知字段“{label}”", hint)
    if kind == "missing":
        line, col = parsed.where(loc[:-1])
        if loc[-1] == "alt" and len(loc) == 3 and loc[0] == "images":
            return Problem(line, col, "DJ150", f"图片“{_label(loc[:-1])}”缺少文字说明 alt")
        return Problem(line, col, "DJ102", f"缺少必填字段“{label}”")
    line, col = parsed.where(loc)
    got = _describe(error.get("input"))
    if kind in _TYPE_NAMES:
        want = _TYPE_NAMES[kind]
        hint = ""
        value = error.get("input")
        if want == "文字" and got == "数字":
            hint = "数字被当作文字使用时要加引号，如 \"0467-5220000\"。"
        elif want.startswith("列表") and isinstance(value, str) and value.startswith("-"):
            hint = f"列表项的短横线后面要有一个空格：写成“- {value[1:].strip()}”。"
        elif want.startswith("列表") and isinstance(value, str):
            hint = f"另起一行，缩进两格，以“- ”开头：写成“  - {value.strip()}”。"
        return Problem(line, col, "DJ103", f"“{label}”应为{want}，实际是{got}", hint)
    if kind in ("literal_error", "enum"):
        # pydantic writes the choices as "'a', 'b' or 'c'": listed here in Chinese
        choices = re.findall(r"'((?:[^'\\]|\\.)*)'", str(error.get("ctx", {}).get("expected", "")))
        listed = "、".join(choices)
        key = str(loc[-1]) if loc else label
        example = f"（例如写成“{key}: {choices[-1]}”）" if choices and not isinstance(loc[-1], int) else ""
        value = error.get("input")
        if value is None or value == "":
            return Problem(line, col, "DJ104", f"“{label}”没有填写",
                           f"从这些值中选一个填上：{listed}{example}。")
        return Problem(line, col, "DJ104", f"“{label}”的值“{value}”不在允许范围内",
                       f"从这些值中选一个：{listed}{example}。")
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", ""))
        if reason.startswith("sample_fields:"):
            names = reason.split(":", 1)[1]
            return Problem(
                line, col, "DJ104", f"sample_fields 中的“{names}”不是本条目的字段",
                "sample_fields 只能列出本条目已有的字段名。",
            )
        code, message, hint = _CUSTOM.get(reason, ("DJ105", f"“{label}”的值不正确：{reason}", ""))
        return Problem(line, col, code, f"“{label}”：{message}" if reason in _CUSTOM else message, hint)
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "id":
            return Problem(
                line, col, "DJ105", f"编号“{error.get('input')}”格式不对",
                "编号只能用小写英文字母、数字和连字符，如 nc-dangbi-01。",
            )
        return Problem(line, col, "DJ105", f"“{label}”格式不对")
    limits = error.get("ctx", {})
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {"greater_than_equal": "不能小于", "greater_than": "必须大于",
                 "less_than_equal": "不能大于", "less_than": "必须小于"}
        bound = next(iter(limits.values()), "")
        return Problem(line, col, "DJ105", f"“{label}”{words[kind]} {bound}（实际是 {error.get('input')}）")
    if kind in ("too_short", "string_too_short"):
        return Problem(line, col, "DJ105", f"“{label}”太短或为空", "请填写内容，或删掉这个字段。")
    if kind in ("too_long", "string_too_long"):
        most = limits.get("max_length")
        value = error.get("input")
        if kind == "string_too_long" and isinstance(most, int) and isinstance(value, str):
            return Problem(line, col, "DJ105", f"“{label}”太长：{len(value)} 个字，最多 {most} 个字",
                           f"删减到 {most} 个字以内。")
        if isinstance(most, int):
            return Problem(line, col, "DJ105", f"“{label}”的项目太多：最多 {most} 项",
                           f"只保留最重要的 {most} 项。")
        return Problem(line, col, "DJ105", f"“{label}”太长", "删减后再试。")
    return Problem(line, col, "DJ103", f"“{label}”：{error.get('msg', kind)}")


def _data_path(loc: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """loc without the union member names pydantic inserts; a key written in the file (even
    one like `i[d`) is never taken for one."""
    path: list[Any] = []
    for part in loc:
        written = (isinstance(value, dict) and part in value) or (
            isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value))
        if not written and isinstance(part, str) and _is_union_tag(part):
            continue
        value = value[part] if written else None
        path.append(part)
    return tuple(path)


def _is_union_tag(part: str) -> bool:
    # pydantic inserts the union member type into loc ('str', 'int', 'Location', ...)
    return part in {"str", "int", "float", "bool", "list", "dict", "none"} or "[" in part
