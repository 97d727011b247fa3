"""Whatever an editor types, the loader answers with diagnostics, never an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian.load.loader import load_file
from dangjian.load.validate import validate
from dangjian.load.yamlsource import decode, parse
from dangjian.model import KINDS
from tests.helpers import BRAND, ROUTE, SITE

SEEDS = [BRAND, SITE, ROUTE]
YAML_BITS = [":", ": ", "- ", "\n", "  ", "\t", "\u3000", "：", '"', "'", "[", "]", "{", "}", "#",
             "&a", "*a", "!!str", "!!python/object", "---", "...", "yes", "0467", "9:30", "\u200b",
             "|", ">", "~", "null", "1e9", ".inf", "%YAML 1.1", "? ", ",", "@", "`"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=4)))
        if action == "insert":
            text = text[:pos] + piece + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 8)):]
        else:
            text = text[:pos] + piece + text[pos + len(piece):]
    return text


def _check(text: str, kind: str) -> None:
    parsed = parse(text)
    for p in parsed.problems:
        assert p.line >= 1 and p.col >= 1 and p.code.startswith("DJ")
    if parsed.value is not None:
        _, problems = validate(parsed, KINDS[kind])
        for p in problems:
            assert p.line >= 1 and p.col >= 1 and p.code.startswith("DJ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(list(KINDS)))
def test_mutated_yaml_only_yields_diagnostics(text: str, kind: str) -> None:
    _check(text, kind)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(list(KINDS)))
def test_random_text_only_yields_diagnostics(text: str, kind: str) -> None:
    _check(text, kind)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_from_a_file_only_yield_diagnostics(raw: bytes) -> None:
    text, problem = decode(raw)
    assert (text is None) == (problem is not None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yml"
        path.write_bytes(raw)
        result = load_file(path, "brand")
        assert result.model is None or not result.problems


def test_a_key_with_brackets_is_reported_where_it_is_written() -> None:
    # pydantic names union members with brackets in an error's location; a key written so
    # is the editor's, and is reported at its own line as an unknown field
    text = SITE.replace("id:", "i[d:", 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("i[d:"))
    parsed = parse(text)
    _, problems = validate(parsed, KINDS["site"])
    unknown = [p for p in problems if p.code == "DJ101"]
    assert unknown and unknown[0].line == line and "i[d" in unknown[0].message
