"""Segment each distinct run of Chinese text once per build, not once per occurrence.

Material's search plugin cuts every run of Han characters of every page with jieba. Pages
repeat the same runs (labels, place and programme names, field names): on the shipped
site only one run in eight is new, so most of the segmentation, the largest share of our
build time, is repeated work. `install()` puts a memoising stand-in for jieba where the
search plugin looks it up. Results are identical: the memo is emptied whenever the
dictionary changes (user dictionary, added words) and at the start of every build.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from types import ModuleType
from typing import Any

_DICTIONARY_CHANGES = frozenset({"load_userdict", "add_word", "del_word", "suggest_freq",
                                  "set_dictionary", "initialize"})


class MemoJieba:
    """jieba, with `cut(text)` (default options) answered from a per-text memo."""

    def __init__(self, jieba: ModuleType, maxsize: int = 500_000) -> None:
        self._jieba = jieba
        self._cut = lru_cache(maxsize=maxsize)(lambda text: tuple(jieba.cut(text)))

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        if args or kwargs:
            return self._jieba.cut(sentence, *args, **kwargs)
        return iter(self._cut(sentence))

    def clear(self) -> None:
        self._cut.cache_clear()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._jieba, name)
        if name in _DICTIONARY_CHANGES and callable(value):
            def changing(*args: Any, **kwargs: Any) -> Any:
                self.clear()
                return value(*args, **kwargs)
            return changing
        return value


def install() -> MemoJieba | None:
    """Memoise the search plugin's jieba (once per process); clear the memo. None without jieba."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    current = getattr(search, "jieba", None)
    if current is None:
        return None
    if not isinstance(current, MemoJieba):
        current = MemoJieba(current)
        search.jieba = current
    current.clear()
    return current
