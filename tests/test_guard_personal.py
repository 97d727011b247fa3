"""Personal data detection: mobile numbers in their usual spellings, resident IDs by check digit."""

from __future__ import annotations

import pytest

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
    "电话１３８００１３８０００",  # full-width digits are folded by the scan's views, checked below
])
def test_mobile_numbers_are_found_in_every_usual_spelling(text: str) -> None:
    from dangjian.guard.views import views

    found = [m for view in views(text, markup=False) for m in find_personal(view)]
    assert [m.canonical for m in found if m.kind == "mobile"][:1] == ["13800138000"], text


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
