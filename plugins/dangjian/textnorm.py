"""The one text normalisation every content check shares, with a way back to the source.

A careless or hostile editor can spell a mobile number or a patrol time so that a plain
search misses it: a soft hyphen or a zero-width space between the digits, a bidi override,
an en dash or a minus sign, dots, slashes or spaces, full-width or mathematical digits
(１３８, 𝟏𝟑𝟖), Chinese numerals (一三八〇…), traditional characters (執勤點). `fold` turns
all of those into one plain form:

1. characters of category Cf (soft hyphen, zero-width characters, bidi controls, word
   joiners), the combining grapheme joiner, variation selectors, Hangul fillers and control
   characters other than newline are removed;
2. every remaining character is put in Unicode NFKC (full-width and mathematical digits
   and letters become ASCII, the ideographic space a space);
3. traditional characters are folded to simplified (OpenCC's t2s tables);
4. every dash, minus, dot, slash and space variant becomes its ASCII form, and a Chinese
   numeral (〇 零 一 … 九, 幺, 壹 … 玖) becomes its digit when it stands next to another
   digit (separators between them allowed): 一三八〇 becomes 1380, while 第一 or 六边 stay.

Each character of the folded text remembers the index of the source character it came from
(`Folded.source_span`), so a finding in the folded text is reported at the source's line
and column.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

_DROP_EXTRA = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u30fc")
_DOTS = frozenset("\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65\u2024\u2025\u2026")
_SLASHES = frozenset("\u2044\u2215\u29f8\uff0f")
_SEPARATOR_OF = {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_DOTS, "."), **dict.fromkeys(_SLASHES, "/")}


@dataclass(frozen=True)
class Folded:
    """A text in the shared plain form, and where each of its characters came from.

    Most characters fold to one character in place, so the way back is kept as the few
    places where it shifts: `breaks` holds (start, end, source, delta) for each replacement
    that changed the length; folded text[start:end] came from the source character at
    `source` (end == start for a dropped character), and from `end` on up to the next break
    text[i] came from source index i + delta. Before the first break, i came from i.
    """

    text: str
    breaks: tuple[tuple[int, int, int, int], ...] = ()

    def source_index(self, i: int) -> int:
        """The source index of folded text[i] (i == len(text): the source's end)."""
        if not self.breaks:
            return i
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        start, end, source, delta = self.breaks[k]
        return source if start <= i < end else i + delta

    @property
    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_starts_cache")
        if starts is None:
            starts = [b[0] for b in self.breaks]
            object.__setattr__(self, "_starts_cache", starts)
        return starts

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source indices [a, b) that the folded text[start:end] came from."""
        a = self.source_index(start)
        if end <= start:
            return a, a
        return a, max(a, self.source_index(end - 1) + 1)


# Texts made only of these characters fold one character to one character (no invisible
# character to drop, no NFKC change but the full-width forms, the ideographic space and the
# separators the table below maps): the usual Chinese text, folded without a Python loop.
_SIMPLE = re.compile("[^\n\t\x20-\x7e\u4e00-\u9fff\u3000-\u3035\u3037\u303b-\u303f\uff01-\uff5e"
                     "\u2010-\u2016\u2018-\u2027\u00b7\u2219\u22c5\u30fb\uff65"
                     "\u00b0\u00d7\u00f7\u2032\u2190-\u21ff\u2264\u2265\u25a0-\u25ff\u2605\u2606]")
# one character to one: the full-width forms, the ideographic space and tab, and every
# separator variant of the simple set (the same mapping the per-character path applies)
_SIMPLE_ONE = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
    "\u3000": " ", "\t": " ",
    **{c: to for c, to in _SEPARATOR_OF.items() if not _SIMPLE.match(c)},
}
_SIMPLE_MAPPED = re.compile("[" + "".join(map(re.escape, _SIMPLE_ONE)) + "]")
_NUMERAL_DIGITS = {**{c: str(i) for i, c in enumerate("〇一二三四五六七八九")},
                   **{c: str(i) for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}, "幺": "1"}
_DIGITISH = "[0-9" + "".join(_NUMERAL_DIGITS) + "]"
_NUMERAL_RUN = re.compile(_DIGITISH + r"(?:[ \-./]{0,3}" + _DIGITISH + ")+")
_HAS_NUMERAL = re.compile("[" + "".join(_NUMERAL_DIGITS) + "]")
_NUMERAL_TABLE = str.maketrans(_NUMERAL_DIGITS)


def _numeral_run(m: re.Match[str]) -> str:
    return m[0].translate(_NUMERAL_TABLE)


def _fold_simple(text: str) -> Folded:
    # re.sub over the few mapped characters is several times faster than str.translate with
    # a dict table on non-ASCII text
    folded = _SIMPLE_MAPPED.sub(lambda m: _SIMPLE_ONE[m[0]], text)
    if not folded.isascii():
        converted = _converter().convert(folded)
        folded = converted if len(converted) == len(folded) else "".join(_to_simplified(list(folded)))
        if _HAS_NUMERAL.search(folded):
            folded = _NUMERAL_RUN.sub(_numeral_run, folded)
    return Folded(folded)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _dropped(ch: str) -> bool:
    if ch == "\n" or ch == "\t":
        return False
    if ch in _DROP_EXTRA:
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Cc", "Cs", "Co"):
        return True
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _to_simplified(chars: list[str]) -> list[str]:
    text = "".join(chars)
    if text.isascii():
        return chars
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return list(converted)
    convert = _converter().convert
    return [convert(c) if not c.isascii() else c for c in chars]


def _replacement(ch: str) -> str:
    """What one character outside the simple set folds to (empty when it is dropped)."""
    if _dropped(ch):
        return ""
    single = " " if ch == "\t" else _SEPARATOR_OF.get(ch)
    if single is not None:
        return single
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _SEPARATOR_OF:
            c = _SEPARATOR_OF[c]
        elif c != " " and c != "\n" and unicodedata.category(c) == "Zs":
            c = " "
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=4096)
def _replacement_cached(ch: str) -> str:
    return _replacement(ch)


def _replace_match(m: re.Match[str]) -> str:
    return _replacement_cached(m[0])


def fold(text: str, *, track: bool = True) -> Folded:
    """The shared plain form of text (see the module docstring); track=False leaves out the
    way back to the source (a published file has no source positions to report).

    The few characters outside the simple set are replaced first (each by what it folds to
    alone); the text is then folded as a simple one. Only when a replacement changes the
    length (a dropped invisible character, an NFKC expansion) is an index map kept."""
    rare = _SIMPLE.search(text)
    if rare is None:
        return _fold_simple(text)
    if not track:  # the text only, as the check of published files needs it (no positions)
        return _fold_simple(_SIMPLE.sub(_replace_match, text))
    pieces: list[str] = []
    breaks: list[tuple[int, int, int, int]] = []
    pos = 0
    folded_len = 0
    for m in _SIMPLE.finditer(text, rare.start()):
        ch = m[0]
        rep = _replacement_cached(ch)
        pieces.append(text[pos:m.start()])
        folded_len += m.start() - pos
        pieces.append(rep)
        if len(rep) != 1:
            after = folded_len + len(rep)
            breaks.append((folded_len, after, m.start(), m.start() + 1 - after))
        folded_len += len(rep)
        pos = m.end()
    pieces.append(text[pos:])
    folded = _fold_simple("".join(pieces))
    return Folded(folded.text, tuple(breaks))


def plain(text: str) -> str:
    """Only the folded text."""
    return fold(text).text
