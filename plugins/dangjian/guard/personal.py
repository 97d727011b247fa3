"""Personal data in text: mainland mobile numbers and resident ID numbers, however they are spelled.

The text is searched in the shared plain form (`dangjian.textnorm.fold`): invisible
characters are gone, every digit is an ASCII digit and every separator its ASCII form. A
number may then have up to three separators (space, -, ., /) between any two of its digits:
138 0013 8000, 138-0013-8000, 1 3 8 0 0 1 3 8 0 0 0, 138.0013.8000, +86 (138) 0013 8000.
An ID number counts only when its check character is right (ISO 7064 MOD 11-2), so that
long order or serial numbers are not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dangjian.textnorm import Folded, fold

_SEP = r"[ \-./]{0,3}"
# not inside a longer number, a decimal or an identifier (a hash, a file name) — but a
# phone word written straight before the number (Tel13800138000) does not hide it
_MOBILE = re.compile(
    r"(?=[(+018])"  # first: a cheap test of the first character before the look-behinds
    r"(?:(?<![0-9A-Za-z_.])|(?<=[^0-9A-Za-z_]\.)|(?i:(?<=tel)|(?<=phone)|(?<=mobile)|(?<=cell)|(?<=call)))"
    r"(?:(?:\(\s*)?(?:\+|00)?86(?:\s*\))?" + _SEP + r")?"
    r"(?:\(\s*)?(1" + _SEP + r"[3-9](?:" + _SEP + r"\)?" + _SEP + r"[0-9]){9})"
    r"(?![0-9A-Za-z_])"
)
_RESIDENT_ID = re.compile(
    r"(?=[1-9])(?<![0-9])([1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx])(?![0-9A-Za-z])"
)
_NOT_DIGIT = re.compile(r"[^0-9Xx]")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class PersonalMatch:
    """One piece of personal data: its kind, its digits, and where it is in the source text."""

    kind: str  # "mobile" or "resident_id"
    canonical: str
    start: int  # in the source text given to find_personal
    end: int

    @property
    def masked(self) -> str:
        """The number as a finding shows it: 138****8000, 230382********1234."""
        keep = 3 if self.kind == "mobile" else 6
        return self.canonical[:keep] + "*" * (len(self.canonical) - keep - 4) + self.canonical[-4:]

    @property
    def what(self) -> str:
        return "手机号码" if self.kind == "mobile" else "身份证号码"

    @property
    def code(self) -> str:
        return "DJ203" if self.kind == "mobile" else "DJ204"


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


def find_personal_folded(folded: Folded,
                         allow_phones: frozenset[str] = frozenset()) -> Iterator[PersonalMatch]:
    """Every mobile number (not allowed by digits) and valid resident ID in an already folded text."""
    text = folded.text
    ids: list[tuple[int, int]] = []
    for m in _RESIDENT_ID.finditer(text):
        digits = _NOT_DIGIT.sub("", m[1]).upper()
        if is_resident_id(digits):
            start, end = folded.source_span(m.start(1), m.end(1))
            ids.append((m.start(1), m.end(1)))
            yield PersonalMatch("resident_id", digits, start, end)
    for m in _MOBILE.finditer(text):
        if any(a <= m.start(1) < b for a, b in ids):
            continue  # the middle of an ID number is not a phone number
        digits = _NOT_DIGIT.sub("", m[1])
        if digits not in allow_phones:
            start, end = folded.source_span(m.start(), m.end())
            yield PersonalMatch("mobile", digits, start, end)


def find_personal(text: str, allow_phones: frozenset[str] = frozenset()) -> Iterator[PersonalMatch]:
    """Every mobile number (not in allow_phones, compared by digits) and valid resident ID in text."""
    yield from find_personal_folded(fold(text), allow_phones)


def phone_digits(value: str) -> str:
    """The number a phone allowlist entry names: its digits, without a leading 86/0086 country code."""
    digits = re.sub(r"\D", "", fold(value).text)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits
