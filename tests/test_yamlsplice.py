"""Changing a brand file in place gives exactly the new brand, and keeps what it did not change."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian.editor.yamlsplice import spliced
from dangjian.load.validate import validate
from dangjian.load.yamlsource import parse
from dangjian.model import Brand
from tests.test_spreadsheet_roundtrip import COMMENTED

# texts YAML would misread, or that need quoting or a block: each must come back as written
TRICKY = ["yes", "no", "on", "0467", "9:30", "2024-01-01", "a: b", "#号开头", "- 横线开头", "null", "~",
          "第一段。\n第二段。", "  前后空格  ", "'单引号'", '"双引号"', "[方括号]", "{花括号}", "@at", "`反引号`",
          "true", "1e3", "b：冒号", "A： 全角", "多行\n\n中间有空行", "结尾换行\n"]
text = st.one_of(st.sampled_from(TRICKY), st.text(alphabet="党建红引擎边境：，。0123456789ab -#:", min_size=1,
                                                  max_size=12).map(str.strip).filter(bool))
words = st.lists(text.filter(lambda t: "\n" not in t), max_size=4)


def _old() -> Brand:
    model, problems = validate(parse(COMMENTED), Brand)
    assert model is not None and not problems
    return model  # type: ignore[return-value]


@st.composite
def changes(draw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["slogan"] = draw(st.none() | text)
    if draw(st.booleans()):
        out["summary"] = draw(text)
    if draw(st.booleans()):
        out["practices"] = draw(st.lists(text, max_size=3))
    if draw(st.booleans()):
        out["results"] = draw(st.lists(text, max_size=3))
    if draw(st.booleans()):
        out["tags"] = draw(words)
    if draw(st.booleans()):
        out["location"] = draw(st.none() | st.fixed_dictionaries({
            "lat": st.floats(45.0, 46.0).map(lambda v: round(v, 4)),
            "lon": st.floats(131.5, 133.0).map(lambda v: round(v, 4)),
            "approximate": st.booleans()}))
    if draw(st.booleans()):
        out["sources"] = draw(st.lists(st.fixed_dictionaries(
            {"title": text.filter(lambda t: "\n" not in t)},
            optional={"url": st.just("https://example.org/a"), "note": text}), max_size=2))
    if draw(st.booleans()):
        out["visibility"] = draw(st.sampled_from(["public", "internal"]))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes())
def test_splicing_any_change_gives_exactly_the_new_brand(edit: dict[str, Any]) -> None:
    old = _old()
    data = old.model_dump(mode="python")
    data.update(edit)
    new = Brand.model_validate(data)
    result = spliced(COMMENTED, old, new)
    assert result is not None, edit
    model, problems = validate(parse(result), Brand)
    assert problems == [] and model == new
    # what is outside the changed fields is still there, byte for byte
    for line in ("# yaml-language-server: $schema=../../../schemas/brand.schema.json",
                 "# 由当壁镇报送，2026 年 3 月核对。", "# 口号由支部书记提供", "# 文件结束",
                 "id: nc-test-01", "name: '红色引擎'", "level: 基层品牌"):
        assert line in result.splitlines()
    if "visibility" not in edit or edit["visibility"] == "public":
        assert result.splitlines()[3] == "visibility: public   # 核对后公开"


def test_an_unchanged_brand_is_spliced_to_the_same_text() -> None:
    old = _old()
    assert spliced(COMMENTED, old, old) == COMMENTED


def test_a_file_with_windows_line_ends_keeps_them() -> None:
    crlf = COMMENTED.replace("\n", "\r\n")
    old = _old()
    new = old.model_copy(update={"slogan": "新口号", "tags": ["新标签"]})
    result = spliced(crlf, old, new)
    assert result is not None and "\n" not in result.replace("\r\n", "")
    assert "slogan: 新口号\r\n" in result and "tags: [新标签]\r\n" in result
