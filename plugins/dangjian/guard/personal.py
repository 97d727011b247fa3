"""Personal data in published text: mainland mobile numbers and resident ID numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A mobile number as people write it: 13800138000, 138 0013 8000, 138-0013-8000,
# +86 138 0013 8000, 86-13800138000, 0086 13800138000, (+86)138-0013-8000.
_MOBILE = re.compile(
    r"(?=[(+018])(?<![0-9A-Za-z_.])"  # the lookahead first: a fast filter for the lookbehind
    r"(?:(?:\(\s*)?(?:\+|00)?86(?:\s*\))?[\s\-]?)?"
    r"(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})"
    r"(?![0-9A-Za-z_])"
)

# An 18-digit resident ID number, written whole or as 6 8 4 groups.
_RESIDENT_ID = re.compile(
    r"(?=[1-9])(?<![0-9A-Za-z_.])"
    r"([1-9]\d{5})[\s\-]?(\d{8})[\s\-]?(\d{3}[0-9Xx])"
    r"(?![0-9A-Za-z_])"
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class PersonalMatch:
    """One piece of personal data: its kind, the text as written, its canonical digits, its offset."""

    kind: str  # "mobile" or "resident_id"
    text: str
    canonical: str
    start: int


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_resident_id(value: str) -> bool:
    """True when value is 18 characters whose last one is the valid MOD 11-2 check character."""
    value = value.upper()
    return (
        len(value) == 18
        and value[:17].isdigit()
        and value[0] != "0"
        and id_check_digit(value[:17]) == value[17]
    )


def find_personal(text: str, allow_phones: frozenset[str] = frozenset()) -> Iterator[PersonalMatch]:
    """Every mobile number (not in allow_phones, compared by digits) and valid resident ID in text."""
    for m in _RESIDENT_ID.finditer(text):
        digits = (m[1] + m[2] + m[3]).upper()
        if is_resident_id(digits):
            yield PersonalMatch("resident_id", m[0], digits, m.start())
    for m in _MOBILE.finditer(text):
        digits = m[1] + m[2] + m[3]
        if digits not in allow_phones:
            yield PersonalMatch("mobile", m[0], digits, m.start())


def phone_digits(value: str) -> str:
    """The number a phone allowlist entry names: its digits, without a leading 86/0086 country code."""
    digits = re.sub(r"\D", "", value)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits
