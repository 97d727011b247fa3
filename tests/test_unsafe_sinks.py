"""No unreviewed way for data to become markup: a scan of the front-end code and the templates.

Data reaches the DOM as text (textContent, elements handed to Leaflet), the package's
templates autoescape and mark nothing safe, and the theme override (whose Jinja environment
does not autoescape) escapes every value it prints. A place that must take HTML anyway says
why in a marker comment on the same line or the line before, where a reviewer reads it:

    // safe-sink: <reason>          (JavaScript)
    {# safe-sink: <reason> #}       (Jinja)
    # safe-sink: <reason>           (Python)

A new sink without one fails this test; the detectors are tested on small samples too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "plugins" / "dangjian"
JAVASCRIPT = PACKAGE / "assets" / "javascripts"
TEMPLATES = PACKAGE / "templates"
OVERRIDES = REPO / "docs" / "overrides"


@dataclass(frozen=True)
class Sink:
    line: int
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.line}: {self.rule}: {self.text.strip()[:120]}"


# --- where a reviewed marker is ------------------------------------------------------------

_JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_PY_COMMENT = re.compile(r"#[^\n]*")
_MARKER = re.compile(r"safe-sink:\s*\S")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _marked_lines(text: str, comment: re.Pattern[str]) -> set[int]:
    """Lines a marker comment covers: those it spans and the one after it ends."""
    lines: set[int] = set()
    for m in comment.finditer(text):
        if _MARKER.search(m.group()):
            first, last = _line_of(text, m.start()), _line_of(text, m.end())
            lines.update(range(first, last + 2))
    return lines


def _blank_comments(text: str, comment: re.Pattern[str], *, whole_lines_only: bool) -> str:
    """text with comments replaced by spaces (newlines kept), so prose about a sink is not one.

    whole_lines_only: only comments that begin a line (a `//` inside a string, like a URL,
    is never one of those)."""
    def blank(m: re.Match[str]) -> str:
        if whole_lines_only:
            start = text.rfind("\n", 0, m.start()) + 1
            if text[start:m.start()].strip():
                return m.group()
        return re.sub(r"[^\n]", " ", m.group())

    return comment.sub(blank, text)


def _unmarked(sinks: list[Sink], marked: set[int]) -> list[Sink]:
    return [s for s in sinks if s.line not in marked]


# --- JavaScript ------------------------------------------------------------------------------

_JS_SINKS = {
    "innerHTML / outerHTML": re.compile(r"\.\s*(?:innerHTML|outerHTML)\b"),
    "insertAdjacentHTML": re.compile(r"\binsertAdjacentHTML\b"),
    "document.write": re.compile(r"\bdocument\s*\.\s*write(?:ln)?\b"),
    "eval": re.compile(r"(?<![.\w])eval\s*\("),
    "new Function": re.compile(r"\bnew\s+Function\b"),
    "string timer": re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*[\"'`]"),
    "HTML parsing": re.compile(r"\b(?:createContextualFragment|parseFromString|setHTMLUnsafe|srcdoc)\b"),
    "jQuery-style .html()": re.compile(r"\.html\s*\("),
    # Leaflet puts a string given for these into the page as HTML
    "Leaflet content": re.compile(r"\.\s*(?:bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\s*\("),
    "Leaflet HTML option": re.compile(r"(?<![\w$.])(?:html|attribution)\s*:(?!:)"),
    "Leaflet HTML call": re.compile(r"\.\s*(?:addAttribution|setPrefix)\s*\("),
}
_LEAFLET_CONTENT = _JS_SINKS["Leaflet content"]


def _string_argument(code: str, start: int) -> bool:
    """True when the call's first argument is a string: a literal, a template or a sum."""
    depth, i = 0, start
    quote = ""
    while i < len(code):
        c = code[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'`":
            if depth == 0 and not code[start:i].strip():
                return True  # the argument begins with a string
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return False
            depth -= 1
        elif c == "," and depth == 0:
            return False
        elif c == "+" and depth == 0:
            return True  # a concatenation makes a string
        i += 1
    return False


def js_sinks(text: str) -> list[Sink]:
    """Unreviewed sinks of a JavaScript source. A Leaflet content call given a string is one
    even with a marker: an element with its text set is always possible there."""
    code = _blank_comments(text, _JS_COMMENT, whole_lines_only=True)
    marked = _marked_lines(text, _JS_COMMENT)
    found: list[Sink] = []
    always: list[Sink] = []
    for rule, pattern in _JS_SINKS.items():
        for m in pattern.finditer(code):
            line = _line_of(code, m.start())
            sink = Sink(line, rule, code.splitlines()[line - 1])
            found.append(sink)
            if pattern is _LEAFLET_CONTENT and _string_argument(code, m.end()):
                always.append(Sink(line, "Leaflet content given a string", sink.text))
    return sorted(_unmarked(found, marked) + always, key=lambda s: s.line)


# --- the package's templates (autoescaped) --------------------------------------------------

_TEMPLATE_SINKS = {
    "|safe": re.compile(r"\|\s*safe\b"),
    "Markup(": re.compile(r"\bMarkup\s*\("),
    "autoescape off": re.compile(r"\{%-?\s*autoescape\s+false"),
    # tojson leaves the double quote as it is: only in a single-quoted attribute
    "tojson in a double-quoted attribute": re.compile(r"=\s*\"[^\"]*\{\{[^}]*\|\s*tojson\s*-?\}\}"),
}


def template_sinks(text: str) -> list[Sink]:
    """Unreviewed sinks of a package template (rendered with autoescape=True)."""
    code = _blank_comments(text, _JINJA_COMMENT, whole_lines_only=False)
    marked = _marked_lines(text, _JINJA_COMMENT)
    found = [Sink(_line_of(code, m.start()), rule, code.splitlines()[_line_of(code, m.start()) - 1])
             for rule, pattern in _TEMPLATE_SINKS.items() for m in pattern.finditer(code)]
    return sorted(_unmarked(found, marked), key=lambda s: s.line)


# --- the theme override (not autoescaped) ---------------------------------------------------

_EXPRESSION = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
_ESCAPING = frozenset({"e", "escape", "forceescape", "tojson"})
_LITERAL = re.compile(r"""^\s*(?:'[^']*'|"[^"]*")\s*$""")


def _filters(expression: str) -> list[str]:
    """The expression's parts split at its top-level `|` (outside brackets and strings)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(expression):
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(expression[start:i])
            start = i + 1
    parts.append(expression[start:])
    return [p.strip() for p in parts]


def _printed_safely(expression: str) -> bool:
    parts = _filters(expression)
    if parts == ["super()"]:
        return True  # the parent block, not a value
    last = re.match(r"[\w.]*", parts[-1])
    name = last.group() if last else ""
    if len(parts) > 1 and name in _ESCAPING:
        return True
    # MkDocs' url filter does not escape: only for a path written here
    return len(parts) == 2 and name == "url" and bool(_LITERAL.match(parts[0]))


def override_sinks(text: str) -> list[Sink]:
    """Unreviewed sinks of a theme override: every printed value must end in an escaping
    filter (e, escape, forceescape, tojson; url only after a literal path)."""
    code = _blank_comments(text, _JINJA_COMMENT, whole_lines_only=False)
    marked = _marked_lines(text, _JINJA_COMMENT)
    found = [Sink(_line_of(code, m.start()), "value printed without escaping", m.group())
             for m in _EXPRESSION.finditer(code) if not _printed_safely(m.group(1))]
    found += [s for s in template_sinks(text) if s.rule != "tojson in a double-quoted attribute"]
    return sorted(_unmarked(found, marked), key=lambda s: s.line)


# --- Python ----------------------------------------------------------------------------------

def python_sinks(text: str) -> list[Sink]:
    """Unreviewed places where Python code makes Markup (a string a template prints as it is)."""
    marked = _marked_lines(text, _PY_COMMENT)
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "Markup":
                found.append(Sink(node.lineno, "Markup(", text.splitlines()[node.lineno - 1]))
    return _unmarked(found, marked)


# --- the files -------------------------------------------------------------------------------

def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if "vendor" not in p.relative_to(root).parts
                  and "node_modules" not in p.parts)


def _scan() -> dict[str, list[Sink]]:
    checks = [
        *((p, js_sinks) for p in _files(JAVASCRIPT, "*.js")),
        *((p, js_sinks) for p in _files(TEMPLATES, "*.js")),
        *((p, template_sinks) for p in _files(TEMPLATES, "*.html")),
        *((p, override_sinks) for p in _files(OVERRIDES, "*.html")),
        *((p, python_sinks) for p in _files(PACKAGE, "*.py")),
    ]
    out = {}
    for path, detect in checks:
        sinks = detect(path.read_text(encoding="utf-8"))
        if sinks:
            out[path.relative_to(REPO).as_posix()] = sinks
    return out


def test_the_scan_reads_the_code_it_protects() -> None:
    assert (JAVASCRIPT / "map.js").is_file() and (JAVASCRIPT / "planner" / "main.js").is_file()
    assert (JAVASCRIPT / "search" / "core.js").is_file() and (OVERRIDES / "main.html").is_file()
    assert len(_files(TEMPLATES, "*.html")) >= 10
    assert not any("vendor" in p.parts for p in _files(JAVASCRIPT, "*.js"))


def test_no_unreviewed_sink_in_front_end_code_templates_or_theme_overrides() -> None:
    found = _scan()
    report = "\n".join(f"{path}:{sink}" for path, sinks in found.items() for sink in sinks)
    assert not found, (
        "data could reach the page as markup here; put it in as text (textContent, an element "
        "for Leaflet, `| e` in docs/overrides), or say why it is safe in a `safe-sink:` comment "
        "on the same or the previous line:\n" + report)


# --- the detectors themselves ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    'box.innerHTML = name;',
    'box.outerHTML = "<b>" + name + "</b>";',
    'list.insertAdjacentHTML("beforeend", item);',
    'document.write(text);',
    'const f = eval(code);',
    'const f = new Function("a", body);',
    'setTimeout("go()", 10);',
    'const doc = new DOMParser().parseFromString(text, "text/html");',
    'frame.srcdoc = page;',
    'marker.bindTooltip(p.name, { permanent: true });',
    'marker.bindPopup(label);',
    'tooltip.setContent(text);',
    'L.divIcon({ html: number });',
    'L.tileLayer(url, { attribution: credit });',
    'map.attributionControl.addAttribution(text);',
])
def test_a_new_javascript_sink_is_found(line: str) -> None:
    source = f"function f() {{\n  // a comment without a marker\n  {line}\n}}\n"
    assert [s.line for s in js_sinks(source)] == [3]


def test_a_javascript_sink_with_a_marker_on_its_line_or_the_line_before_passes() -> None:
    same = "box.innerHTML = svg; // safe-sink: built from constants\n"
    before = "// safe-sink: built from constants\nbox.innerHTML = svg;\n"
    long_before = "/* safe-sink: a reason that\n   takes two lines */\nbox.innerHTML = svg;\n"
    assert js_sinks(same) == [] and js_sinks(before) == [] and js_sinks(long_before) == []


def test_a_marker_two_lines_up_or_without_a_reason_does_not_count() -> None:
    assert len(js_sinks("// safe-sink: far away\n\nbox.innerHTML = svg;\n")) == 1
    assert len(js_sinks("box.innerHTML = svg; // safe-sink:\n")) == 1


def test_leaflet_given_a_string_fails_even_with_a_marker() -> None:
    for call in ('l.bindTooltip("<b>" + name)', "l.bindTooltip(name + suffix)", "l.bindPopup(`${name}`)",
                 'l.bindTooltip("fixed")'):
        found = js_sinks(f"{call}; // safe-sink: claimed\n")
        assert [s.rule for s in found] == ["Leaflet content given a string"], call
    assert js_sinks("l.bindTooltip(label(p.name), { a: 1 }); // safe-sink: an element\n") == []


def test_prose_in_comments_and_urls_in_strings_are_not_sinks() -> None:
    source = ("/* Leaflet sets string content via innerHTML:\n * so bindTooltip( gets elements */\n"
              "// never eval( data\n"
              'const ns = "http://www.w3.org/2000/svg"; const x = node.textContent;\n'
              "const options = { htmlish: 1, title: name };\n")
    assert js_sinks(source) == []


@pytest.mark.parametrize("source", [
    "<div>{{ svg | safe }}</div>",
    "<div>{{ svg|safe }}</div>",
    "{{ Markup(text) }}",
    "{% autoescape false %}{{ x }}{% endautoescape %}",
    '<div data-x="{{ value | tojson }}"></div>',
])
def test_a_new_template_sink_is_found(source: str) -> None:
    assert len(template_sinks(source)) == 1


def test_template_sinks_with_a_marker_or_in_comments_pass() -> None:
    assert template_sinks("{# safe-sink: our SVG #}\n{{ svg | safe }}\n") == []
    assert template_sinks("{# never write {{ x | safe }} #}\n") == []
    assert template_sinks("<div data-x='{{ value | tojson }}'></div>") == []


@pytest.mark.parametrize("expression, safe", [
    ("{{ page.meta.title }}", False),
    ("{{ og_title }}", False),
    ("{{ config.site_name | striptags }}", False),
    ("{{ x | e | replace('&lt;', '<') }}", False),
    ("{{ page.canonical_url | url }}", False),
    ("{{ 'website' if home else 'article' }}", False),
    ("{{ x | safe }}", False),
    ("{{ page.meta.title | e }}", True),
    ("{{- page.meta.title | striptags | e -}}", True),
    ("{{ config.site_name|escape }}", True),
    ("{{ data | tojson }}", True),
    ("{{ 'assets/x.js' | url }}", True),
    ("{{ super() }}", True),
    ("{{ x | replace('|', '/') | e }}", True),
])
def test_override_values_must_end_in_an_escaping_filter(expression: str, safe: bool) -> None:
    assert (override_sinks(f'<meta content="{expression}">\n') == []) is safe


def test_override_expressions_inside_comments_are_not_printed() -> None:
    assert override_sinks("{#- prints {{ og_title }} escaped -#}\n") == []
    assert override_sinks("{# safe-sink: policy text #}\n<meta content=\"{{ csp }}\">\n") == []


def test_markup_made_in_python_is_found_unless_reviewed() -> None:
    assert [s.line for s in python_sinks("from markupsafe import Markup\n\nx = Markup(text)\n")] == [3]
    assert python_sinks("import markupsafe\nx = markupsafe.Markup(t)  # safe-sink: sanitized\n") == []
    assert len(python_sinks("import markupsafe\nx = markupsafe.Markup(t)\n")) == 1
    assert python_sinks('"""Markup( in a docstring is prose."""\n') == []
