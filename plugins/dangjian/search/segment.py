"""Search-mode segmentation: the words of a text plus every dictionary word inside them.

Material cuts text with jieba's default (precise) mode, which keeps 东北民主联军 as one
token, so 民主联军 and 航校 are never indexed. The sub-words found here are added to the
index beside Material's tokens (never into the displayed text).
"""

from __future__ import annotations

import re
from typing import Any

_HAN_RUN = re.compile(r"[\u3007\u3400-\u9fff]+")


def _tokenizer() -> Any:
    # The search plugin's jieba, which the user dictionary was loaded into (possibly memoised)
    from material.plugins.search import plugin as search

    if search.jieba is not None:
        return search.jieba
    import jieba  # imported here: a build without jieba must reach the plugin's clear message

    return jieba


def words(text: str) -> list[str]:
    """jieba's precise cut of every Han run of text (as Material indexes it)."""
    tok = _tokenizer()
    return [w for run in _HAN_RUN.findall(text) for w in tok.cut(run)]


def sub_words(token: str) -> list[str]:
    """Dictionary words of two or more characters inside token (itself excluded)."""
    if len(token) < 3:
        return []
    found = _tokenizer().cut(token, cut_all=True)
    return _unique(w for w in found if len(w) >= 2 and w != token)


def search_words(text: str) -> list[str]:
    """The precise words of text and every sub-word of each: what a search should find."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        out.extend(sub_words(word))
    return _unique(out)


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
