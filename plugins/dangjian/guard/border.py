"""Sensitive border content as rules: a duty or patrol word near a position, a schedule or a roster.

The site may say what the source article says: that the city set up 26 duty points and a
383-member patrol team working "常态化24小时巡逻执勤". It may never say where a duty point
is, when a patrol passes, or who is on duty. So a finding is a *security word* (执勤点,
哨所, 巡逻, 潜伏, 护边员, 界碑 …, configurable) within a short distance, in the same
paragraph, of

- a position: a coordinate in any notation (45.3312°, 45°19′52″, N45.33, 北纬…/东经…),
  a distance (距…500米, 约3公里处), a direction with a distance (东侧200米);
- a time or schedule: a clock time (6时, 18:00, 二十二点, 22时至次日2时), 每日/每晚/每周…,
  轮班, 排班, 班次, 时间表, 凌晨, 夜间;
- a roster: 名单, 花名册, 值班人员, 人员名单, 人员分布, 联系电话, 手机, 姓名.

Counts ("执勤点26个", "383人") and durations ("24小时") are none of these. Terms configured
as `sensitive_terms` (whole phrases such as 巡逻路线图) are findings wherever they stand.
Any coordinate written in prose is a finding of its own (coordinates), unless it is the
entity's own `location` (the caller says which positions are known).

Texts are searched in the shared plain form (dangjian.textnorm), so traditional characters,
full-width digits and invisible characters change nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dangjian.textnorm import Folded

SECURITY_WORDS: tuple[str, ...] = (
    "执勤点", "执勤", "值勤", "值守点", "哨所", "哨位", "哨卡", "哨点", "卡点", "岗哨", "观察哨",
    "巡逻", "巡查", "巡边", "巡防", "巡护", "潜伏", "蹲守", "布控", "伏击", "设伏",
    "护边员", "边防", "界河", "界碑", "界桩", "边境线", "通边小道",
)
"""Words of duty points, posts, patrols and border guarding (`border_words` in mkdocs.yml adds more)."""

WINDOW = 40
"""How many characters before or after a security word the context may stand."""

_MINUTES = r"\s*\d{1,2}(?:\.\d+)?\s*(?:′|'|分)"
_SECONDS = r"(?:\s*\d{1,2}(?:\.\d+)?\s*(?:″|′′|\"|''|秒))?"
_DEGREE = r"\s*(?:°|度)(?![CcF℃数])"
_HEMISPHERE = r"(?:北纬|南纬|东经|西经|纬度|经度)\s*[:：]?\s*"
# a temperature (零下30度, 36.5度) or a degree count is no position: a bare degree needs
# minutes or two decimals; after 北纬/东经 any number is one
_COORDINATE = re.compile(
    r"(?=[北南东西纬经NSEW0-9])"  # a cheap test of the first character
    r"(?:(?<![0-9.])\d{2}\.\d{2,}\s*[,，、/ ]\s*\d{3}\.\d{2,}(?![0-9])"  # a latitude, longitude pair
    r"|" + _HEMISPHERE + r"\d{1,3}(?:\.\d+)?(?:" + _DEGREE + r"(?:" + _MINUTES + _SECONDS + r")?)?"
    r"|\d{1,3}(?:\.\d+)?" + _DEGREE + _MINUTES + _SECONDS
    + r"|\d{1,3}\.\d{2,}" + _DEGREE
    + r"|(?<![A-Za-z0-9])[NSEW]\s*\d{1,3}\.\d{2,}"
    r"|(?<![0-9.])\d{2,3}\.\d{4,}(?![0-9]))"
)
_POSITION = re.compile(
    r"距[^，。；;,\n]{0,12}?\d+(?:\.\d+)?\s*(?:米|公里|千米|里|km|m)(?![a-z])"
    r"|\d+(?:\.\d+)?\s*(?:米|公里|千米|km)\s*(?:处|外|以内|范围)"
    r"|(?:正?[东南西北]|东南|东北|西南|西北)(?:侧|方|面|向)?\s*(?:约)?\s*\d+(?:\.\d+)?\s*(?:米|公里|千米)"
    r"|坐标|位置图|分布图|点位图|具体位置|具体点位"
)
_CN_HOUR = r"(?:[零一二两三四五六七八九十]{1,3})"
_SCHEDULE = re.compile(
    r"(?<![0-9.])\d{1,2}\s*(?:时|点)(?![位间段长])(?:\s*\d{1,2}\s*分)?"
    r"|(?<![0-9])\d{1,2}:\d{2}(?![0-9])"
    r"|(?<![零一二两三四五六七八九十])" + _CN_HOUR + r"\s*(?:时(?![间段候代期])|点钟|点整)"
    r"|每(?:日|天|晚|夜|周|星期|月|班)|至次日|次日凌晨|凌晨|夜间|昼夜|轮班|轮岗|倒班|换岗|排班|班次|时间表|值班表"
)
_ROSTER = re.compile(r"名单|花名册|值班人员|执勤人员|人员名单|人员分布|人员安排|联系电话|手机|姓名|微信号")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class BorderMatch:
    """One sensitive passage: what kind, the folded text found, and its span in the source text."""

    kind: str  # "border" (security word near a context), "term" (a configured phrase), "coordinate"
    text: str
    start: int
    end: int

    @property
    def what(self) -> str:
        return {"border": "边防执勤、巡逻的位置、时间或人员", "term": "敏感词",
                "coordinate": "文字中的坐标"}[self.kind]

    @property
    def code(self) -> str:
        return "DJ206" if self.kind == "coordinate" else "DJ205"


@dataclass(frozen=True)
class BorderRules:
    """What is searched for: security words, configured phrases, and whether bare coordinates count."""

    words: tuple[str, ...] = SECURITY_WORDS
    terms: tuple[str, ...] = ()
    window: int = WINDOW

    def __post_init__(self) -> None:
        words = sorted({w for w in self.words if w}, key=len, reverse=True)
        object.__setattr__(self, "_words", re.compile("|".join(map(re.escape, words))) if words else None)
        terms = sorted({"".join(t.split()) for t in self.terms if t.strip()}, key=len, reverse=True)
        # a configured phrase is found with white space anywhere inside it (巡 逻 路 线)
        spaced = "|".join(r"\s*".join(map(re.escape, t)) for t in terms)
        object.__setattr__(self, "_terms", re.compile(spaced) if terms else None)

    def find(self, folded: Folded, known_positions: Iterable[tuple[float, float]] = (),
             coordinates: bool = True) -> Iterator[BorderMatch]:
        """Every sensitive passage in a folded text; coordinates equal to a known position are
        left alone, and bare coordinates are not searched for at all unless `coordinates`."""
        text = folded.text
        known = list(known_positions)
        terms: re.Pattern[str] | None = self._terms  # type: ignore[attr-defined]
        if terms is not None:
            for m in terms.finditer(text):
                yield _match(folded, "term", m.start(), m.end())
        spans: list[tuple[int, int]] = []
        words: re.Pattern[str] | None = self._words  # type: ignore[attr-defined]
        breaks: list[int] | None = None
        for w in words.finditer(text) if words is not None else ():
            if breaks is None:
                breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
            lo, hi = _paragraph(breaks, text, w.start(), w.end())
            lo, hi = max(lo, w.start() - self.window), min(hi, w.end() + self.window)
            region = text[lo:hi]
            for pattern in (_COORDINATE, _POSITION, _SCHEDULE, _ROSTER):
                for c in pattern.finditer(region):
                    spans.append((min(w.start(), lo + c.start()), max(w.end(), lo + c.end())))
        merged = _merge(spans)
        for start, end in merged:
            yield _match(folded, "border", start, end)
        for m in _COORDINATE.finditer(text) if coordinates else ():
            inside = any(a <= m.start() < b for a, b in merged)
            if not inside and not _is_known(m[0], known):
                yield _match(folded, "coordinate", m.start(), m.end())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _match(folded: Folded, kind: str, start: int, end: int) -> BorderMatch:
    a, b = folded.source_span(start, end)
    return BorderMatch(kind, folded.text[start:end], a, b)


def _paragraph(breaks: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around [start, end): between the blank lines before and after it."""
    k = bisect.bisect_right(breaks, start)
    lo = _PARAGRAPH.match(text, breaks[k - 1]).end() if k else 0  # type: ignore[union-attr]
    k = bisect.bisect_left(breaks, end)
    return lo, breaks[k] if k < len(breaks) else len(text)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _value(found: str) -> tuple[float, int] | None:
    """The degrees a coordinate names, and how many decimals it was written with."""
    numbers = _NUMBER.findall(found)
    if not numbers:
        return None
    value = float(numbers[0])
    decimals = len(numbers[0].split(".")[1]) if "." in numbers[0] else 0
    if len(numbers) > 1 and any(m in found for m in ("′", "'", "分")):
        value += float(numbers[1]) / 60 + (float(numbers[2]) / 3600 if len(numbers) > 2 else 0)
        decimals = 4 if len(numbers) > 2 else 2
    return value, decimals


def _is_known(found: str, known: list[tuple[float, float]]) -> bool:
    """True when the coordinate is (to its written precision) one of the known positions' values."""
    parsed = _value(found)
    if parsed is None or not known:
        return False
    value, decimals = parsed
    tolerance = max(0.5 * 10 ** -decimals, 1e-6) if decimals else 0.5
    return any(abs(value - lat) <= tolerance or abs(value - lon) <= tolerance for lat, lon in known)
