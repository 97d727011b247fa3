"""Change an entity's YAML file in place: only the lines of the fields that changed are rewritten.

An editor's file keeps its comments, blank lines, key order, quoting and list style: every
line outside a changed field is copied byte for byte. A field is rewritten as the shipped
files write it (yamlwrite.dump_fields) and indented like its neighbours; a field that the
file did not have goes where the model's field order puts it, or in place of its
commented-out placeholder ("# slogan:" from `dangjian new`); a field cleared is removed
with its lines. Nested blocks (location, contact) are changed key by key the same way.

The result is read back: unless it gives exactly the new model, nothing is spliced and the
caller writes the whole file instead (and says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from dangjian.editor.yamlwrite import dump_fields, entity_data, field_order
from dangjian.load.validate import validate
from dangjian.load.yamlsource import parse


@dataclass(frozen=True)
class _Edit:
    """Replace lines [start, end) of the original with new lines (start == end: insert)."""

    start: int
    end: int
    lines: tuple[str, ...]
    rank: int = 0  # orders insertions at the same place


@dataclass(frozen=True)
class _Field:
    key: str
    key_node: yaml.Node
    value_node: yaml.Node
    start: int  # first line (0-based)
    end: int  # one past the last line


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """The 0-based line where a value's text ends."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        if node.style in ("|", ">"):
            # a block scalar's end mark is past the line breaks it consumed
            last = end.line - (1 if end.column == 0 else 0)
            while last > node.start_mark.line and not lines[last].strip():
                last -= 1
            return last
        return end.line if end.column > 0 or end.line == node.start_mark.line else end.line - 1
    if node.flow_style or not node.value:
        return node.end_mark.line
    last = node.value[-1]
    return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last, lines)


def _fields(node: yaml.MappingNode, lines: list[str]) -> list[_Field]:
    out = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        out.append(_Field(key_node.value, key_node, value_node, key_node.start_mark.line,
                          _last_line(value_node, lines) + 1))
    return out


def _indented(text: str, indent: int, newline: str) -> tuple[str, ...]:
    pad = " " * indent
    return tuple((pad + line if line else line) + newline for line in text.split("\n")[:-1])


def _flow_of(node: yaml.Node | None) -> bool | None:
    """The list style the file used for this value (None when it was not a list)."""
    if isinstance(node, yaml.SequenceNode):
        return bool(node.flow_style)
    return None


def _dump(key: str, value: Any, indent: int, newline: str, flow: bool | None,
          inline_comment: str = "") -> tuple[str, ...]:
    text = dump_fields({key: value}, flow={key: flow} if flow is not None else None)
    out = list(_indented(text, indent, newline))
    if inline_comment and len(out) == 1:
        out[0] = out[0][: -len(newline)] + inline_comment + newline
    return tuple(out)


_LINES = re.compile(r"[^\n]*\n|[^\n]+$")  # lines as YAML numbers them (str.splitlines knows more breaks)
_COMMENT_AFTER = re.compile(r"^(\s+#.*)$")


def _inline_comment(line: str, field: _Field) -> str:
    """A comment after a one-line value (`slogan: 口号  # 说明`, `tags: [a]  # 说明`), kept when
    the value changes."""
    node = field.value_node
    one_line = (node.style not in ("|", ">") if isinstance(node, yaml.ScalarNode)
                else bool(node.flow_style))
    if field.start + 1 != field.end or not one_line:
        return ""
    rest = line.rstrip("\r\n")[node.end_mark.column:] if node.end_mark.line == field.start else ""
    match = _COMMENT_AFTER.match(rest)
    return match[1] if match else ""


def _placeholder(lines: list[str], key: str, indent: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The lines of a commented-out `# key:` (and its commented children) between lo and hi."""
    head = re.compile(rf"^ {{{indent}}}# ?{re.escape(key)}:\s*$")
    child = re.compile(rf"^ {{{indent}}}#(?: {{2,}}|\t)")
    for i in range(lo, hi):
        if head.match(lines[i].rstrip("\r\n")):
            j = i + 1
            while j < hi and child.match(lines[j]):
                j += 1
            return i, j
    return None


class _Splicer:
    def __init__(self, text: str) -> None:
        self.lines = _LINES.findall(text)
        self.newline = "\n"
        self.edits: list[_Edit] = []

    def mapping(self, node: yaml.MappingNode, old: Any, new_full: dict[str, Any],
                new_written: dict[str, Any], order: list[str], lo: int, hi: int) -> None:
        """Edits turning the block mapping `node` (lines lo..hi) from old into new_written.

        old is the old model (or the old parsed dict); new_full has every field of the new
        model, defaults included; new_written only what the file should spell out."""
        fields = _fields(node, self.lines)
        indent = fields[0].key_node.start_mark.column if fields else node.start_mark.column
        present = {f.key for f in fields}
        for f in fields:
            if f.key not in new_full:
                self.edits.append(_Edit(f.start, f.end, ()))
                continue
            old_value = _get(old, f.key)
            if _same(old_value, new_full[f.key]):
                continue
            if f.key not in new_written:
                self.edits.append(_Edit(f.start, f.end, ()))
                continue
            value = new_written[f.key]
            if (isinstance(f.value_node, yaml.MappingNode) and not f.value_node.flow_style
                    and f.value_node.value and isinstance(value, dict) and isinstance(new_full[f.key], dict)):
                self.mapping(f.value_node, old_value, new_full[f.key], value,
                             list(new_full[f.key]), f.start + 1, f.end)
                continue
            comment = _inline_comment(self.lines[f.start], f)
            self.edits.append(_Edit(f.start, f.end, _dump(f.key, value, indent, self.newline,
                                                          _flow_of(f.value_node), comment)))
        rank = {key: i for i, key in enumerate(order)}
        for key in new_written:
            if key in present:
                continue
            lines = _dump(key, new_written[key], indent, self.newline, None)
            spot = _placeholder(self.lines, key, indent, lo, hi)
            if spot is not None:
                self.edits.append(_Edit(spot[0], spot[1], lines))
                continue
            before = [f for f in fields if rank.get(f.key, len(rank)) < rank.get(key, len(rank))]
            at = before[-1].end if before else (fields[0].start if fields else hi)
            self.edits.append(_Edit(at, at, lines, rank.get(key, len(rank))))

    def text(self) -> str:
        lines = list(self.lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += self.newline
        # from the bottom up, so that earlier line numbers stay valid; insertions at one place
        # in field order
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end, e.rank), reverse=True):
            lines[edit.start:edit.end] = list(edit.lines)
        return "".join(lines)


def _get(old: Any, key: str) -> Any:
    if isinstance(old, BaseModel):
        return getattr(old, key, None)
    if isinstance(old, dict):
        return old.get(key)
    return None


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, BaseModel):
        old = old.model_dump(mode="python")
    return _plain(old) == _plain(new)


def _plain(value: Any) -> Any:
    """A value without the parts that do not change what is written (None, [], {})."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python")
    if isinstance(value, dict):
        out = {k: _plain(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})} or None
    if isinstance(value, list):
        return [_plain(v) for v in value] or None
    return value


def spliced(text: str, old: BaseModel | None, new: BaseModel) -> str | None:
    """text with only the changed fields rewritten, or None when that cannot be done safely.

    A byte-order mark and Windows line ends are kept as the file had them."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom)
    crlf = "\r\n" in body
    result = _spliced(body.replace("\r\n", "\n"), old, new)
    if result is None:
        return None
    return bom + (result.replace("\n", "\r\n") if crlf else result)


def _spliced(text: str, old: BaseModel | None, new: BaseModel) -> str | None:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    parsed_old = parse(text, mend=False)
    if parsed_old.problems and old is not None:
        return None
    model = type(new)
    splicer = _Splicer(text)
    full = new.model_dump(mode="python")
    written = entity_data(new)
    splicer.mapping(node, old if old is not None else parsed_old.value, full, written,
                    field_order(model), 0, len(splicer.lines))
    result = splicer.text()
    again = parse(result, mend=False)
    if again.problems or again.value is None:
        return None
    check, _problems = validate(again, model)
    return result if check == new else None

