"""Parse one YAML file into plain values that remember where each value was written.

PyYAML composes the node tree (with marks); we build the values ourselves so that we can
see duplicate keys and the YAML 1.1 traps that a plain `safe_load` would silently accept.
Scalars follow YAML 1.2 where 1.1 would surprise an editor, and each trap is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from dangjian.load.diagnostics import CONTROL_CHARS, describe_control, line_col
from dangjian.model.common import INVISIBLE_CLASS, YAML11_BOOLEANS

try:  # libyaml is several times faster; the pure-Python loader gives the same marks.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_BOOL_11 = frozenset(YAML11_BOOLEANS)
_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SEXAGESIMAL = re.compile(r"^[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s*：")
_ZERO_WIDTH = re.compile(f"[{INVISIBLE_CLASS}]")
_BAD_INDENT = {"\t": "制表符", "\u3000": "全角空格", "\u00a0": "不换行空格"}
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAX_DEPTH = 40


@dataclass
class Problem:
    """A problem found while reading, before any model is applied."""

    line: int
    col: int
    code: str
    message: str
    hint: str = ""


@dataclass
class Parsed:
    """A file's value, where each part of it was written, and what went wrong."""

    value: Any = None
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The best-known position for a path: itself, else its nearest written parent."""
        table = self.key_pos if key else self.value_pos
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_pos:
                return self.key_pos[probe]
            probe = probe[:-1]
        return self.value_pos.get((), (1, 1))


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a BOM is allowed); a wrong encoding is reported at its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(line, col, "DJ010", "文件不是 UTF-8 编码（可能是 GBK 等编码保存的）")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def lint_lines(text: str) -> list[Problem]:
    """Problems that are clearer line by line than as a YAML syntax error."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t\u3000\u00a0"))
        for col, char in enumerate(line[:indent], start=1):
            if char in _BAD_INDENT:
                problems.append(
                    Problem(number, col, "DJ007", f"缩进中有{_BAD_INDENT[char]}（U+{ord(char):04X}）")
                )
                break
        match = _FULLWIDTH_KEY.match(line)
        if match and not line.lstrip().startswith("#"):
            col = line.index("：") + 1
            problems.append(
                Problem(
                    number,
                    col,
                    "DJ006",
                    f"字段“{match[2]}”后用了全角冒号“：”",
                    f"改成半角冒号加空格：{match[2]}: …",
                )
            )
        for zw in _ZERO_WIDTH.finditer(line):
            problems.append(
                Problem(number, zw.start() + 1, "DJ008", f"有看不见的零宽字符 U+{ord(zw[0]):04X}")
            )
    if CONTROL_CHARS.search(text):
        problems.extend(_control_problems(text))
    return problems


def _control_problems(text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for found in CONTROL_CHARS.finditer(line):
            problems.append(Problem(number, found.start() + 1, "DJ011", "有" + describe_control(found[0])))
    return problems


def anchor_problems(text: str) -> list[Problem]:
    """Every anchor (&name) and alias (*name), found in the event stream before any node is
    composed or expanded: editors never need them, and aliases of aliases can make a short
    file expand to billions of values ("billion laughs")."""
    if "&" not in text and "*" not in text:
        return []
    problems: list[Problem] = []
    aliases: dict[int, list[tuple[int, str]]] = {}  # line -> (col, name): one problem a line
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                aliases.setdefault(mark.line + 1, []).append((mark.column + 1, event.anchor))
            elif getattr(event, "anchor", None):
                problems.append(Problem(mark.line + 1, mark.column + 1, "DJ012",
                                        f"使用了锚点“&{event.anchor}”"))
    except yaml.YAMLError:
        pass  # composing the file again reports the syntax error at its place
    finally:
        loader.dispose()
    for line, found in aliases.items():
        names = "、".join(dict.fromkeys(f"*{name}" for _, name in found))
        more = f"（本行共 {len(found)} 处）" if len(found) > 1 else ""
        problems.append(Problem(line, found[0][0], "DJ012", f"使用了别名“{names}”{more}"))
    return problems


_STRUCTURAL = {"DJ006", "DJ007", "DJ011"}


def parse(text: str, mend: bool = True) -> Parsed:
    """Parse a whole file; every problem is collected, nothing is raised.

    A file with a syntax error that is one of the usual mistakes (yamlrepair.py) is reported
    at those mistakes and read again with them mended in memory, so that the rest of its
    problems show in the same run (mend=False: that second reading)."""
    parsed = Parsed()
    parsed.problems.extend(lint_lines(text))
    anchors = anchor_problems(text)
    parsed.problems.extend(anchors)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as err:
        if "single document" in str(err):
            mark = err.problem_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            parsed.problems.append(Problem(line, col, "DJ009", "一个文件里写了多个文档（---）"))
            return parsed
        return (_parse_mended(text) if mend else None) or _with_syntax_problem(parsed, err, text)
    except yaml.YAMLError as err:
        return (_parse_mended(text) if mend else None) or _with_syntax_problem(parsed, err, text)
    except RecursionError:
        parsed.problems.append(Problem(1, 1, "DJ001", "嵌套层数过深，无法读取"))
        return parsed
    if node is None:
        parsed.problems.append(Problem(1, 1, "DJ009", "文件是空的"))
        return parsed
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        parsed.problems.append(Problem(line, col, "DJ009", "文件最外层应是“字段: 值”的映射"))
        return parsed
    if anchors:
        return parsed  # the values are never built: an alias would be expanded
    parsed.value = _build(node, (), parsed, 0)
    return parsed


def _parse_mended(text: str) -> Parsed | None:
    """The file read with its usual mistakes mended, with those mistakes as its first problems;
    None when it has none of them."""
    from dangjian.load.yamlrepair import common_mistakes, mended

    mistakes = common_mistakes(text)
    if not mistakes:
        return None
    again = parse(mended(text, mistakes), mend=False)
    again.problems = [m.problem for m in mistakes.values()] + [
        p for p in again.problems if not (p.code == "DJ001" and p.line in mistakes)]
    return again


def _with_syntax_problem(parsed: Parsed, err: yaml.YAMLError, text: str) -> Parsed:
    _syntax_problem(parsed, err, text)
    return parsed


def _syntax_problem(parsed: Parsed, err: yaml.YAMLError, text: str) -> None:
    if isinstance(err, yaml.reader.ReaderError):
        if any(p.code == "DJ011" for p in parsed.problems):
            return  # the line check already named each control character, at its column
        char = chr(err.character) if isinstance(err.character, int) else ""
        index = text.find(char) if char else -1
        line, col = line_col(text, index) if index >= 0 else (1, 1)
        shown = f"U+{ord(char):04X}（\\u{ord(char):04x}）" if char else ""
        parsed.problems.append(Problem(line, col, "DJ011", f"有 YAML 不允许的字符 {shown}"))
        return
    problem = syntax_problem(err)
    if any(p.code in _STRUCTURAL and p.line <= problem.line for p in parsed.problems):
        return  # the line lint already explained the cause more clearly
    parsed.problems.append(problem)


def syntax_problem(err: yaml.YAMLError) -> Problem:
    """A YAML error as a DJ001 problem, in Chinese, at the place it names."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(err, "problem", None) or (str(err).splitlines() or [""])[0]
    message = f"YAML 语法错误：{_translate(problem)}"
    context = getattr(err, "context_mark", None)
    if context is not None and (context.line + 1, context.column + 1) != (line, col):
        message += f"（与第 {context.line + 1} 行第 {context.column + 1} 列有关）"
    return Problem(line, col, "DJ001", message)


_SYNTAX_WORDS = {
    "could not find expected ':'": "缺少冒号“:”",
    "mapping values are not allowed": (
        "这里不能出现“字段: 值”（可能是冒号后缺空格、或值中含冒号需加引号）"
    ),
    "found character that cannot start any token": "出现了不能作为开头的字符（值中含特殊字符时请加引号）",
    "found unexpected end of stream": "文件意外结束（可能有未闭合的引号或括号）",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "found undefined alias": "引用了未定义的锚点",
    "expected <document start>, but found '<block mapping start>'": "缩进不一致",
    "did not find expected ',' or ']'": "方括号列表没有闭合（缺少“]”或逗号）",
    "did not find expected ',' or '}'": "花括号映射没有闭合（缺少“}”或逗号）",
    "expected ',' or ']'": "方括号列表没有闭合（缺少“]”或逗号）",
    "expected ',' or '}'": "花括号映射没有闭合（缺少“}”或逗号）",
    "did not find expected '-' indicator": "列表项的缩进不一致（每项以“- ”开头，对齐排列）",
    "expected <block end>": "缩进不一致",
    "did not find expected node content": "这里缺少值",
    "unacceptable character": "文件中有不允许的控制字符",
    "control characters are not allowed": "文件中有不允许的控制字符",
    "found unexpected ':'": "出现了多余的冒号（值中含冒号时请加引号）",
    "found a tab character": "出现了制表符，请改用空格",
    "while scanning a quoted scalar": "引号没有闭合",
    "found unknown escape character": "双引号中有无法识别的转义字符（反斜杠），可改用单引号",
}


def _translate(problem: str) -> str:
    for english, chinese in _SYNTAX_WORDS.items():
        if problem.startswith(english):
            return chinese
    return problem


def _two_digit_hours(text: str) -> str:
    """9:30 -> 09:30 (the form the time fields accept)."""
    head, _, rest = text.partition(":")
    return (head.zfill(2) if head.isdigit() else head) + (":" + rest if rest else "")


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: Path_, parsed: Parsed, depth: int) -> Any:
    parsed.value_pos[path] = _pos(node)
    if depth > _MAX_DEPTH:
        line, col = _pos(node)
        parsed.problems.append(Problem(line, col, "DJ009", "嵌套层数过深"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar_key(key_node, parsed)
            if key is None:
                continue
            child = (*path, key)
            if key in result:
                line, col = _pos(key_node)
                first = parsed.key_pos.get(child, (0, 0))[0]
                parsed.problems.append(
                    Problem(line, col, "DJ002", f"字段“{key}”重复（第一次出现在第 {first} 行）")
                )
                continue
            parsed.key_pos[child] = _pos(key_node)
            result[key] = _build(value_node, child, parsed, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), parsed, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(node, parsed)


def _escaped_controls(node: yaml.ScalarNode, parsed: Parsed) -> None:
    """Controls written as escapes ("\\u202e", "\\x07") in a double-quoted scalar, reported at
    the scalar unless the line check already found them raw on its lines."""
    first, last = node.start_mark.line + 1, node.end_mark.line + 1
    if any(p.code == "DJ011" and first <= p.line <= last for p in parsed.problems):
        return
    found = sorted(set(CONTROL_CHARS.findall(node.value)))
    line, col = _pos(node)
    parsed.problems.append(Problem(line, col, "DJ011", "引号中的转义写出了" + "、".join(
        describe_control(c) for c in found)))


def _scalar_key(node: yaml.Node, parsed: Parsed) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        line, col = _pos(node)
        parsed.problems.append(Problem(line, col, "DJ009", "字段名必须是简单文字"))
        return None
    value = _scalar(node, parsed)
    return value if isinstance(value, str) else str(node.value)


def _scalar(node: yaml.ScalarNode, parsed: Parsed) -> Any:
    text: str = node.value
    if node.style:  # libyaml says '' and PyYAML None for a plain scalar
        if node.style == '"' and CONTROL_CHARS.search(text):
            _escaped_controls(node, parsed)
        return text  # quoted or block scalars are always text
    if node.tag not in (_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG, _TIMESTAMP_TAG, _STR_TAG):
        line, col = _pos(node)
        parsed.problems.append(Problem(line, col, "DJ009", f"不支持的 YAML 标签 {node.tag}"))
        return text
    line, col = _pos(node)
    if text in _BOOL_11:
        parsed.problems.append(
            Problem(
                line,
                col,
                "DJ003",
                f"“{text}”在 YAML 1.1 中会被当作真假值",
                f"如果是文字，请加引号写成 \"{text}\"；如果是是/否，请写 true 或 false。",
            )
        )
        return text
    if text in _BOOL_12:
        return _BOOL_12[text]
    if _LEADING_ZERO.match(text):
        parsed.problems.append(
            Problem(
                line,
                col,
                "DJ005",
                f"“{text}”以 0 开头，会被当作数字而丢失前导零（或被当作八进制）",
                f"电话区号、编号等请加引号写成 \"{text}\"。",
            )
        )
        return text
    if _SEXAGESIMAL.match(text):
        parsed.problems.append(
            Problem(
                line,
                col,
                "DJ004",
                f"“{text}”会被 YAML 1.1 当作六十进制数字",
                f"时间请加引号并写满两位小时，写成 \"{_two_digit_hours(text)}\"。",
            )
        )
        return text
    if node.tag == _NULL_TAG:
        return None
    if node.tag == _INT_TAG:
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if node.tag == _FLOAT_TAG:
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text  # .inf, .nan and friends are not numbers an editor means
    return text  # timestamps stay text; the models parse dates they expect
