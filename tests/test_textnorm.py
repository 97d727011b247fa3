"""The shared normalisation: what each kind of spelling folds to, and the way back to the source."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian.textnorm import fold


@pytest.mark.parametrize(("text", "plain"), [
    ("１３８００１３８０００", "13800138000"),
    ("𝟏𝟑𝟖", "138"),
    ("一三八〇 〇一三", "1380 013"),
    ("第一书记 六边六带", "第一书记 六边六带"),  # a numeral alone stays a word
    ("138\u00ad0013\u200b8000\u202e", "13800138000"),
    ("138–0013−8000", "138-0013-8000"),
    ("138·0013／8000", "138.0013/8000"),
    ("執勤點位於北緯", "执勤点位于北纬"),
    ("电话：（0467）", "电话:(0467)"),
    ("45°19′52″", "45°19′52′′"),
    ("a\tb\u3000c\u00a0d", "a b c d"),
])
def test_each_spelling_folds_to_its_plain_form(text: str, plain: str) -> None:
    assert fold(text).text == plain


_ALPHABET = [*"一二三四五六七八九〇零壹幺0123456789 -./，：（）—–…·　執勤點巡邏abcXYZ\n测试°→\t",
             "\u00ad", "\u200b", "\u202e", "\ufb01", "\u2460", "\u00a0", "\u2033", "\ufe0f", "\U0001d7cf",
             "\uff11", "\u2212", "\u3002", "\u0301", "\u034f"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40))
def test_every_folded_character_points_back_at_the_source_character_it_came_from(chars: list[str]) -> None:
    text = "".join(chars)
    folded = fold(text)
    for i, ch in enumerate(folded.text):
        a, b = folded.source_span(i, i + 1)
        assert 0 <= a < b <= len(text)
        source = text[a:b]
        # the source character folds (alone, or as part of a run of numerals) to this one
        assert len(source) == 1
        alone = fold(source).text
        assert ch in alone or (ch.isdigit() and source in "〇一二三四五六七八九零壹贰叁肆伍陆柒捌玖幺"), (text, i)
    assert folded.source_span(len(folded.text), len(folded.text))[0] <= len(text)
    # nothing invisible survives
    assert not any(unicodedata.category(c) == "Cf" for c in folded.text)
