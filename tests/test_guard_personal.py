"""Personal data detection: mobile numbers in their usual spellings, resident IDs by check digit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian.guard.personal import find_personal, id_check_digit, is_resident_id, phone_digits


@pytest.mark.parametrize("text", [
    "联系电话13800138000。",
    "手机：138 0013 8000",
    "138-0013-8000",
    "+86 138 0013 8000",
    "+86-138-0013-8000",
    "86-13800138000",
    "0086 13800138000",
    "(+86)138-0013-8000",
    "tel:13800138000",
    "电话１３８００１３８０００",
    "Tel13800138000",
    "138\u00ad0013\u00ad8000",  # soft hyphens
    "138\u20630013\u20638000",  # invisible separator
    "138\u202e0013\u202c8000",  # bidi override
    "138–0013–8000", "138−0013−8000", "138.0013.8000", "138/0013/8000",
    "1 3 8 0 0 1 3 8 0 0 0",
    "一三八〇〇一三八〇〇〇", "幺三八 零零幺三 八零零零",
    "𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎",
])
def test_mobile_numbers_are_found_in_every_usual_spelling(text: str) -> None:
    found = list(find_personal(text))
    assert [m.canonical for m in found if m.kind == "mobile"][:1] == ["13800138000"], text
    start, end = found[0].start, found[0].end
    assert "8" in text[start:end] or "八" in text[start:end] or "𝟖" in text[start:end] or "８" in text[start:end]


@pytest.mark.parametrize("text", [
    "0467-5220000",  # an office landline
    "400-123-4567",
    "x=0.13800138000",  # a decimal in code
    "id13800138000",  # part of an identifier
    "12800138000",  # no mobile number starts with 12
    "1380013800099",  # 13 digits: not a phone number
    "版本 20240101123456",
])
def test_landlines_and_other_numbers_are_not_mobiles(text: str) -> None:
    assert [m for m in find_personal(text) if m.kind == "mobile"] == []


def test_resident_id_with_valid_check_digit_is_found() -> None:
    assert id_check_digit("11010519491231002") == "X"
    assert is_resident_id("11010519491231002X")
    found = list(find_personal("身份证号 11010519491231002x 已登记"))
    assert [(m.kind, m.canonical) for m in found] == [("resident_id", "11010519491231002X")]
    grouped = list(find_personal("110105 19491231 002X"))
    assert [m.canonical for m in grouped] == ["11010519491231002X"]


def test_eighteen_digits_with_a_wrong_check_digit_are_not_an_id() -> None:
    assert not is_resident_id("110105194912310021")
    assert [m for m in find_personal("订单号 110105194912310021") if m.kind == "resident_id"] == []


def test_allowlisted_office_mobile_is_not_reported() -> None:
    allow = frozenset({phone_digits("+86 139-0467-0000")})
    assert allow == {"13904670000"}
    assert list(find_personal("值班电话 139 0467 0000", allow)) == []
    assert [m.canonical for m in find_personal("13800138000", allow)] == ["13800138000"]


_DIGIT_FORMS = [
    lambda d: d,  # ASCII
    lambda d: chr(0xFF10 + int(d)),  # full-width
    lambda d: chr(0x1D7CE + int(d)),  # mathematical bold
    lambda d: "〇一二三四五六七八九"[int(d)],  # Chinese numerals
]
_SEPARATORS = ["", " ", "-", "\u2013", "\u2212", ".", "/", "\u00ad", "\u200b", "\u2063", "\u202e",
               "\u2060", "\u034f", "\u3000", "\uff0d", "\u00b7", " - "]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["13800138000", "15912345678", "19988887777"]),
       st.lists(st.sampled_from(_SEPARATORS), min_size=10, max_size=10),
       st.sampled_from(_DIGIT_FORMS), st.sampled_from(["", "电话：", "联系人 ", "手机号"]),
       st.sampled_from(["", "。", "，欢迎来电", " 联系"]))
def test_every_separator_and_digit_variant_of_a_mobile_is_found(number, seps, form, before, after) -> None:
    text = before + "".join(form(d) + (seps[i] if i < 10 else "") for i, d in enumerate(number)) + after
    assert number in [m.canonical for m in find_personal(text)], repr(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SEPARATORS), min_size=17, max_size=17), st.sampled_from(_DIGIT_FORMS[:3]))
def test_every_separator_and_digit_variant_of_an_id_number_is_found(seps, form) -> None:
    number = "11010519491231002X"
    text = "".join((form(d) if d.isdigit() else d) + (seps[i] if i < 17 else "") for i, d in enumerate(number))
    assert number in [m.canonical for m in find_personal(text)], repr(text)
