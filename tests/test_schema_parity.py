"""The JSON Schemas say what the loader says, wherever a schema can: each bad file of the
loader's tests (tests/bad_files.py) is read as an editor's YAML plugin reads it and checked by a
standard validator, and the table of which diagnostics the schema also catches is printed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import ConfigDict, TypeAdapter, ValidationError
from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.constructor import SafeConstructor

from dangjian.load.diagnostics import CODES, escape_controls
from dangjian.load.paths import track_problem
from dangjian.load.yamlsource import lint_lines
from dangjian.model import KINDS
from dangjian.model.common import TEXT_PATTERN, OfficePhone, WebUrl
from dangjian.model.place import DayHours
from dangjian.model.route import TrackPath
from dangjian.schema import schema_text
from tests.bad_files import BOTH, CASES, NO_CASE, YAML11, YAML12, BadFile
from tests.helpers import BRAND, ROUTE, SCHOOL, SITE, load, write_project

READINGS = (YAML12, YAML11)
REFUSED = "schema"  # the validator refuses the value
UNREAD = "not YAML"  # the YAML reader refuses the text: no schema is applied
PASSES = "passes"


class _DatesAsText(SafeConstructor):
    """Dates stay text, as YAML 1.2 (which has no timestamps) and the loader keep them."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def read(raw: str | bytes, reading: str) -> object:
    """The value an editor's YAML plugin validates; YAMLError (or UnicodeError) when it has none."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _DatesAsText
    yaml.version = (1, 1) if reading == YAML11 else (1, 2)
    return yaml.load(text)


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text(kind)))


def errors(kind: str, value: object) -> list[str]:
    """What the schema of kind says about a value, one line per error."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(file)'}: {e.message}"
            for e in validator(kind).iter_errors(value)]


def outcome(case: BadFile, reading: str) -> str:
    try:
        value = read(case.text, reading)
    except (YAMLError, UnicodeError):
        return UNREAD
    return REFUSED if errors(case.kind, value) else PASSES


def outcomes(case: BadFile) -> dict[str, str]:
    return {reading: outcome(case, reading) for reading in READINGS}


def caught(case: BadFile) -> frozenset[str]:
    return frozenset(r for r, found in outcomes(case).items() if found == REFUSED)


# --- the schemas themselves -------------------------------------------------------------

@pytest.mark.parametrize("kind", list(KINDS))
def test_each_schema_is_valid_draft_2020_12(kind: str) -> None:
    Draft202012Validator.check_schema(json.loads(schema_text(kind)))


@pytest.mark.parametrize(("kind", "text"), [("brand", BRAND), ("site", SITE), ("school", SCHOOL), ("route", ROUTE)])
@pytest.mark.parametrize("reading", READINGS)
def test_the_files_the_mistakes_are_made_in_validate(kind: str, text: str, reading: str) -> None:
    # so that what the schema finds in a bad file is the mistake
    assert errors(kind, read(text, reading)) == []


def test_every_file_of_a_realistic_project_validates_against_the_schema_it_names(realistic: Path) -> None:
    folders = {"site": "data/sites", "school": "data/schools", "brand": "data/brands", "route": "routes"}
    checked, failed = 0, []
    for kind, folder in folders.items():
        for path in sorted((realistic / folder).rglob("*.yml")):
            text = path.read_text(encoding="utf-8")
            first = text.split("\n", 1)[0]
            schema = (json.loads((path.parent / first.split("$schema=", 1)[1]).read_text(encoding="utf-8"))
                      if first.startswith("# yaml-language-server: $schema=") else json.loads(schema_text(kind)))
            for reading in READINGS:
                found = [e.message for e in Draft202012Validator(schema).iter_errors(read(text, reading))]
                failed.extend(f"{path.relative_to(realistic)} ({reading}): {m}" for m in found)
            checked += 1
    assert checked >= 10  # the known entities of tests/project.py at least
    assert failed == [], "\n".join(failed)


# --- the bad files ----------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_schema_catches_the_mistake_wherever_a_schema_can(tmp_path: Path, case: BadFile) -> None:
    result = load(write_project(tmp_path, {case.rel: case.text, **case.others}))
    shown = escape_controls(case.rel)
    found = [d.format().splitlines()[0] for d in result.diagnostics]
    mine = [d for d in result.diagnostics if d.path == shown and d.code == case.code]
    assert mine, f"the loader must report {case.code} in {case.rel}: {found}"
    if case.where is not None:
        assert case.where in {(d.line, d.col) for d in mine}, found
    assert bool(case.reason) == (case.schema != BOTH), "a case the schema does not fully catch says why"
    assert caught(case) == case.schema, _explain(case)


def _explain(case: BadFile) -> str:
    lines = [f"{case.name}: the schema was expected to refuse it under {sorted(case.schema) or 'no reading'}"]
    for reading, found in outcomes(case).items():
        lines.append(f"  {reading}: {found}")
        if found != UNREAD:
            lines.extend(f"    {e}" for e in errors(case.kind, read(case.text, reading)))
    return "\n".join(lines)


def parity_table() -> str:
    """Each case: the loader's code, what each reading gives, and why the schema does not catch it."""
    rows = [("case", "code", *READINGS, "why not")]
    for case in sorted(CASES, key=lambda c: (c.code, c.name)):
        found = outcomes(case)
        rows.append((case.name, case.code, *(found[r] for r in READINGS), case.reason))
    rows.extend((f"({code})", code, "-", "-", reason) for code, reason in sorted(NO_CASE.items()) if code in CODES)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    table = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
             for row in rows]
    return "\n".join(table) + "\n\n" + code_summary()


def code_summary() -> str:
    """For each code: caught by the schema in every case, in some, or in none."""
    by_code: dict[str, list[BadFile]] = {}
    for case in CASES:
        by_code.setdefault(case.code, []).append(case)
    lines = []
    for code, cases in sorted(by_code.items()):
        full = sum(c.schema == BOTH for c in cases)
        some = sum(bool(c.schema) and c.schema != BOTH for c in cases)
        verdict = ("caught" if full == len(cases) else "not expressible" if full + some == 0 else
                   f"caught in {full} of {len(cases)}" + (f", {some} more under {YAML12} only" if some else ""))
        lines.append(f"{code} {CODES[code][0]}: {verdict}")
    return "\n".join(lines)


def test_the_parity_table_covers_every_diagnostic_of_a_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    table = parity_table()
    with capsys.disabled():
        print("\n\nWhich of the loader's diagnostics the JSON Schema also catches\n\n" + table + "\n")
    covered = {c.code for c in CASES} | set(NO_CASE)
    of_files = {code for code in CODES if code < "DJ200"}
    assert of_files <= covered, f"a diagnostic with neither a bad file nor a reason: {sorted(of_files - covered)}"
    assert not set(NO_CASE) & {c.code for c in CASES}, "a code with a bad file needs no reason of its own"


# --- the rules written twice: as a validator and as a pattern ---------------------------

def _track_ok(track: str) -> bool:
    return track_problem(track, Path("/nonexistent/routes"), Path("/nonexistent"), "routes") is None


def _model_ok(annotation: object) -> Callable[[str], bool]:
    adapter = TypeAdapter(annotation, config=ConfigDict(strict=True))

    def accepts(value: str) -> bool:
        try:
            adapter.validate_python(value)
        except ValidationError:
            return False
        return True
    return accepts


RULES: dict[str, tuple[object, Callable[[str], bool], list[str]]] = {
    # the rule: its type, the loader's own check, values on either side of it
    "day hours": (DayHours, _model_ok(DayHours), [
        "09:00-16:30", "09:00-11:30,13:30-16:30", " 09:00-11:30 , 13:30-16:30 ", "00:00-24:00", "闭馆",
        "9:00-16:30", "09:00-16:30,", "", "09:00", "25:00-26:00", "09:60-10:00", "09:00~16:30", "闭馆 ",
        "09:00-16:30，13:30-16:30", "上午 09:00-11:30", "09:00-16:30\u200b", "０９:００-１６:３０"]),
    "office phone": (OfficePhone, _model_ok(OfficePhone), [
        "0467-5220000", "0467-5220000-123", "010-12345678", "400-123-4567", "4001234567", "13800000000",
        "0467 5220000", "467-5220000", "0467-522000", "+86-467-5220000", "０４６７-５２２００００"]),
    "web address": (WebUrl, _model_ok(WebUrl), [
        "https://example.com/a?b=c#d", "http://x", "HTTPS://X.CN", " https://x.cn ", "https://例子.中国/路径",
        "www.example.com", "javascript:alert(1)", "https://a b", "ftp://x", "https://", 'https://x"y',
        "data:text/html,x", "//example.com", "https:/x"]),
    "track path": (TrackPath, _track_ok, [
        "a.geojson", "tracks/a.geojson", "a..b.geojson", "..a/b.geojson", "/etc/passwd", "\\\\server\\x",
        "C:/x", "c:x", "../x", "a/../../x", "..\\\\x", "a\\\\..\\\\..\\\\x", "..", "a/.."]),
}
"""Every sample is taken or refused by the type's schema as by the loader's check, but these."""

STRICTER = {
    "a/..",  # stays in routes/, but a schema refuses every ".." (route.TRACK_ESCAPE)
    "０９:００-１６:３０", "０４６７-５２２００００",  # full-width digits (common.ascii_digits)
}
LOADER_ELSEWHERE = {"09:00-16:30\u200b"}  # the loader reports it while reading the file (DJ008)


def _patterns(schema: object) -> list[str]:
    """Every pattern in a schema, those under "not" included."""
    if isinstance(schema, dict):
        own = [schema["pattern"]] if isinstance(schema.get("pattern"), str) else []
        return own + [p for value in schema.values() for p in _patterns(value)]
    return [p for value in schema for p in _patterns(value)] if isinstance(schema, list) else []


@pytest.mark.parametrize("rule", list(RULES))
def test_a_types_schema_takes_what_the_loader_takes(rule: str) -> None:
    annotation, loader_ok, samples = RULES[rule]
    schema = Draft202012Validator(TypeAdapter(annotation).json_schema())
    differ = [v for v in samples if schema.is_valid(v) != (loader_ok(v) and v not in LOADER_ELSEWHERE)
              and v not in STRICTER]
    assert differ == [], f"{rule}: the schema and the loader disagree on {differ}"


def test_text_refuses_exactly_the_characters_the_loader_reports() -> None:
    text = re.compile(TEXT_PATTERN)
    differ = []
    for point in range(0x10000):
        char = chr(point)
        if char == "\n" or 0xD800 <= point <= 0xDFFF:
            continue
        reported = any(p.code in ("DJ008", "DJ011") for p in lint_lines(f"name: 红{char}色\n"))
        if reported != (text.search(f"红{char}色") is None):
            differ.append(f"U+{point:04X}")
    assert differ == []


def test_javascript_reads_every_pattern_as_python_does() -> None:
    # editors' YAML plugins run the patterns as ECMA-262 regular expressions (with the u flag)
    node = shutil.which("node")
    assert node, "node (JavaScript runtime) is needed: the schemas' patterns are read as ECMA-262"
    texts = ["红色引擎", "a\tb\nc", "红\u200b色", "红\u202e色", "a\x07", "a\x85b", "\ufeff", "no", "NO"]
    checks = [(p, samples) for annotation, _, samples in RULES.values()
              for p in _patterns(TypeAdapter(annotation).json_schema())]
    checks.append((TEXT_PATTERN, texts))
    script = ("let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log(JSON.stringify("
              "JSON.parse(s).map(([p,vs])=>vs.map(v=>new RegExp(p,'u').test(v)))))})")
    done = subprocess.run([node, "-e", script], input=json.dumps(checks), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    python = [[re.search(p, v) is not None for v in samples] for p, samples in checks]
    assert json.loads(done.stdout) == python
