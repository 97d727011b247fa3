"""The syntax mistakes editors make most are named at their own line, the rest of the file is
still checked, and every hint, followed literally, gives a valid file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.bad_files import USUAL_MISTAKES
from tests.bad_files import B as FILE
from tests.helpers import BRAND, load, write_project


def _lines(result) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(d.line, d.code) for d in result.diagnostics]


@pytest.mark.parametrize(("mistake", "line", "words"), USUAL_MISTAKES)
def test_a_usual_mistake_is_named_at_its_line_and_its_hint_mends_it(
        tmp_path: Path, mistake: tuple[str, str], line: int, words: str) -> None:
    root = write_project(tmp_path, {FILE: BRAND.replace(*mistake)})
    result = load(root)
    assert _lines(result) == [(line, "DJ001")], [d.format() for d in result.diagnostics]
    problem = result.diagnostics[0]
    assert words in problem.message and "Traceback" not in problem.format()
    # the hint says how the line should read: written so, the file is valid
    fixed_line = re.search(r"写成“(.*?)”", problem.hint)[1]  # type: ignore[index]
    assert "…" not in fixed_line
    text = (root / FILE).read_text(encoding="utf-8").split("\n")
    text[line - 1] = fixed_line
    (root / FILE).write_text("\n".join(text), encoding="utf-8")
    assert load(root).diagnostics == []


def test_a_dash_without_its_space_under_a_list_field_says_so(tmp_path: Path) -> None:
    root = write_project(tmp_path, {FILE: BRAND.replace("  - 做法一", "  -做法一")})
    problem = load(root).diagnostics[0]
    assert (problem.line, problem.code) == (10, "DJ103")  # YAML reads "-做法一" as a text
    assert "写成“- 做法一”" in problem.hint


def test_seven_mistakes_in_one_file_show_seven_problems(tmp_path: Path) -> None:
    text = (BRAND.replace("summary: 示例品牌的简介。", "summary:示例品牌的简介。")
            .replace("  - 做法一", "  -做法一")
            .replace("field: 农村", "field: 农业")
            .replace("level: 基层品牌", "level:")
            .replace("slogan: 党建引领促振兴", "slogan: no")
            .replace("sample: true", "sample: true\ncolour: red")
            .replace("town: 当壁镇", "town: 当壁镇\ntown: 白鱼湾镇"))
    result = load(write_project(tmp_path, {FILE: text}))
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["DJ001", "DJ001", "DJ002", "DJ003", "DJ101", "DJ104", "DJ104"], \
        [d.format() for d in result.diagnostics]


def test_choice_hints_are_chinese_lists_with_an_example_and_never_none(tmp_path: Path) -> None:
    result = load(write_project(tmp_path, {FILE: BRAND.replace("level: 基层品牌", "level:")}))
    text = result.diagnostics[0].format()
    assert "None" not in text and " or " not in text and "'" not in text
    assert "省级示范点、市级示范点、基层品牌" in text and "level: 基层品牌" in text
