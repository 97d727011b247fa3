"""Search-mode segmentation: the words of a text plus every dictionary word inside them.

jieba's default (precise) mode keeps 东北民主联军 as one token, so 民主联军 and 航校 would
never be found. The sub-words found here are indexed beside the precise words (never shown).
Every distinct run of Han characters is cut once per process: pages repeat the same runs
(labels, place and programme names); the memo is emptied when the dictionary changes
(dangjian.search.build.load_user_words).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_HAN_RUN = re.compile(r"[\u3007\u3400-\u9fff]+")


def tokenizer() -> Any:
    """jieba's default tokenizer, the one Material's search plugin cuts hand-written pages with."""
    import jieba  # imported here: a build without jieba must reach the plugin's clear message

    return jieba


@lru_cache(maxsize=200_000)
def cut(run: str) -> tuple[str, ...]:
    """jieba's precise cut of one run of Han characters."""
    return tuple(tokenizer().cut(run))


@lru_cache(maxsize=200_000)
def _cut_all(token: str) -> tuple[str, ...]:
    return tuple(tokenizer().cut(token, cut_all=True))


def forget() -> None:
    """Empty the memos (the dictionary changed)."""
    cut.cache_clear()
    _cut_all.cache_clear()


def words(text: str) -> list[str]:
    """jieba's precise cut of every Han run of text."""
    return [w for run in _HAN_RUN.findall(text) for w in cut(run)]


def sub_words(token: str) -> list[str]:
    """Dictionary words of two or more characters inside token (itself excluded)."""
    if len(token) < 3:
        return []
    return _unique(w for w in _cut_all(token) if len(w) >= 2 and w != token)


def search_words(text: str) -> list[str]:
    """The precise words of text and every sub-word of each: what a search should find."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        out.extend(sub_words(word))
    return _unique(out)


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
