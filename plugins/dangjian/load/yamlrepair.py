"""The syntax mistakes editors make most, found at their own line, and the file read anyway.

When a file does not parse, PyYAML names the place where it gave up, which is often a line
after the mistake and a message about something else ("缺少冒号" for `summary:文字` on the
line before). The usual causes are recognised line by line instead:

- no space after a field name's colon (`summary:文字`, `url:https://…`);
- no space after a list item's dash (`-做法一`);
- a plain value that holds ": " itself (`summary: 简介: 这里`), which YAML reads as a new
  field: the value needs quotes;
- a double-quoted value whose closing quote is missing.

Each is a DJ001 problem at its line and column whose hint, followed literally, makes the
line valid. The file is then read once more with those lines mended in memory (never on
disk), so that every other problem of the file shows in the same run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dangjian.load.yamlsource import Problem

_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s#])(.*)$")
_DASH_NO_SPACE = re.compile(r"^(\s*)-(?=[^\s\-])(.*)$")
_COLON_IN_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*): +([^\s\"'\[{|>#&*!%@`][^\n]*?:\s.*)$")
_OPEN_QUOTE = re.compile(r"^(\s*(?:-\s+)?(?:[A-Za-z_][\w-]*: +)?)\"((?:[^\"\\]|\\.)*)$")
_BLOCK_START = re.compile(r":\s*[|>][+-]?\d*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Mended:
    """One line's mistake and the line as it should be."""

    problem: Problem
    line: str


def _quoted(value: str) -> str:
    return '"' + value.rstrip().replace("\\", "\\\\").replace('"', '\\"') + '"'


def _short(text: str, limit: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def common_mistakes(text: str) -> dict[int, Mended]:
    """The mistakes of each line (1-based line -> what is wrong and the mended line)."""
    found: dict[int, Mended] = {}
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue  # inside a | or > block: any text is allowed
            block_indent = None
        if not stripped or stripped.startswith("#") or stripped.startswith("---"):
            continue
        if _BLOCK_START.search(line):
            block_indent = indent
            continue
        m = _KEY_NO_SPACE.match(line)
        if m:
            fixed = f"{m[1]}{m[2]}: {m[3]}"
            found[number] = Mended(Problem(
                number, len(m[1]) + len(m[2]) + 1, "DJ001", f"“{m[2]}:”后面缺少空格",
                f"冒号后面加一个空格，写成“{_short(fixed)}”。"), fixed)
            continue
        m = _DASH_NO_SPACE.match(line)
        if m:
            fixed = f"{m[1]}- {m[2]}"
            found[number] = Mended(Problem(
                number, len(m[1]) + 1, "DJ001", "列表项的短横线“-”后面缺少空格",
                f"短横线后面加一个空格，写成“{_short(fixed)}”。"), fixed)
            continue
        m = _COLON_IN_VALUE.match(line)
        if m:
            fixed = f"{m[1]}{m[2]}: {_quoted(m[3])}"
            found[number] = Mended(Problem(
                number, len(m[1]) + len(m[2]) + 3, "DJ001", f"“{m[2]}”的值中含有“: ”，YAML 会把它当作新字段",
                f"给整个值加上双引号，写成“{_short(fixed)}”（或把值中的“: ”改成全角“：”）。"), fixed)
            continue
        m = _OPEN_QUOTE.match(line)
        if m and not line.rstrip().endswith('"'):
            fixed = f'{m[1]}"{m[2]}"'
            found[number] = Mended(Problem(
                number, len(m[1]) + 1, "DJ001", "双引号没有闭合",
                f"在这一行的值末尾补上“\"”，写成“{_short(fixed)}”。"), fixed)
    return found


def mended(text: str, mistakes: dict[int, Mended]) -> str:
    """text with each mistaken line replaced by its mended form (same number of lines)."""
    lines = text.split("\n")
    for number, fix in mistakes.items():
        lines[number - 1] = fix.line
    return "\n".join(lines)
