"""The jieba user dictionary generated from the catalog.

jieba only knows general vocabulary: it cuts 密山镇 into 密 + 山镇, and has never heard of
密邻 or 筑堡争先. Entity names and short names, towns, programme names and the place names
of the source article are added as words, so that the index holds them whole and the
search-mode cut can find them inside longer compounds (民主联军 in 东北民主联军航空学校旧址).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from dangjian.catalog import Catalog
from dangjian.model import PROGRAMMES
from dangjian.model.common import field_of

PLACE_WORDS: tuple[str, ...] = (
    # places and names of the source article and of the public record (shared FACTS)
    "密山", "兴凯湖", "北大荒", "民主联军", "东北民主联军", "航校", "老航校", "东北老航校",
    "北大营", "东安", "当壁", "北满", "交通站", "国际交通站", "人民空军", "王震", "王震将军",
    "八五一〇", "八五六", "密山口岸", "铁西公园", "边境微党校", "微党校", "红色密山行",
    "美丽乡村行", "湖畔党旗红", "丹心密山诚", "六边六带", "守边有我", "请党放心",
    "书记领衔答题", "筑基工程", "穿越烽火", "三会一课",
)
"""Proper names that no catalog field spells out on its own."""

PROGRAMME_CORES: tuple[str, ...] = ("红烛", "筑堡", "筑堡争先", "擂台", "新力量", "密邻")
"""The short forms people remember a programme by."""

MAX_WORD = 8  # longer names are indexed through their parts (and whole, in the names field)
_SAMPLE_MARK = re.compile(r"[（(]示例[0-9]*[）)]")
_QUOTED = re.compile(r"“([^”]+)”")
_HAN = re.compile(r"^[\u3007\u3400-\u9fff]+$")


class UserDictionary(Protocol):
    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> Any: ...


def clean_name(name: str) -> str:
    """A name without its sample mark: 当壁镇边境微党校教学点（示例） -> 当壁镇边境微党校教学点
    (numbered too: 湖畔红帆（示例62）, as the benchmark's sample copies are named)."""
    return _SAMPLE_MARK.sub("", name).strip()


def programme_names() -> list[str]:
    """The quoted programme names of the source article: 擂台比武, 密邻, 融合工程, ..."""
    return [m for text in PROGRAMMES.values() for m in _QUOTED.findall(text)]


def entity_names(catalog: Catalog) -> list[str]:
    """Names, short names, towns, site kinds and school hosts of every public entity."""
    words: list[str] = []
    for entry in catalog.all():
        if not entry.public:
            continue
        m = entry.model
        for value in (entry.name, *(field_of(m, n) for n in ("short_name", "town", "kind", "host", "theme"))):
            if isinstance(value, str) and value:
                words.append(clean_name(value))
    return words


def user_words(catalog: Catalog) -> list[str]:
    """Every word of the user dictionary, deduplicated, in a stable order."""
    known = _usable([*PLACE_WORDS, *programme_names(), *PROGRAMME_CORES], longest=32)
    return list(dict.fromkeys([*known, *_usable(entity_names(catalog), longest=MAX_WORD)]))


def _usable(words: Iterable[str], longest: int) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        word = word.strip()
        # jieba's dictionary holds Han words; names with Latin letters or digits are split anyway
        if 2 <= len(word) <= longest and _HAN.match(word):
            seen.setdefault(word, None)
    return list(seen)


def userdict_text(words: Iterable[str]) -> str:
    """The dictionary as a jieba user-dictionary file (one word a line), for editors to inspect."""
    return "".join(f"{w}\n" for w in words)


def load_words(jieba: UserDictionary, words: Iterable[str]) -> int:
    """Add words to jieba's dictionary (jieba suggests a frequency that keeps each whole)."""
    count = 0
    for word in words:
        jieba.add_word(word)
        count += 1
    return count
