"""Pinyin of entity names, so `beidahuang` and `bdh` find 北大荒开发建设纪念馆.

For a name cut into words (北大荒 / 开发 / 建设 / 纪念馆) the tokens are the full pinyin and
the initials from the start of every word and sub-word onwards (民主 inside 东北民主联军
starts one too): beidahuangkaifajianshejinianguan, kaifajiansheji..., bdhkfjsjng,
kfjsjng, ... Every query term gets a trailing wildcard, so any prefix (beida, bdh, jinian)
finds the entity.
"""

from __future__ import annotations

from dangjian.search.segment import search_words


def word_starts(name: str) -> list[int]:
    """Where each word and sub-word of name begins."""
    starts: set[int] = {0}
    for word in search_words(name):
        at = name.find(word)
        while at >= 0:
            starts.add(at)
            at = name.find(word, at + 1)
    return sorted(starts)


def name_pinyin(name: str) -> list[str]:
    """Full-pinyin and initials tokens of name, from each of its words and sub-words onwards."""
    # imported here: a build whose search entries are made in its worker never needs it
    from pypinyin import Style, lazy_pinyin

    han = "".join(ch for ch in name if "\u3400" <= ch <= "\u9fff" or ch == "\u3007")
    syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
    if len(syllables) != len(han):  # a character without a reading: keep what is certain
        syllables = [s for s in syllables if s.isalpha()]
        return ["".join(syllables)] if syllables else []
    tokens: list[str] = []
    for start in word_starts(han):
        rest = syllables[start:]
        if not rest:
            continue
        tokens.append("".join(rest))
        if len(rest) >= 2:
            tokens.append("".join(s[0] for s in rest))
    return list(dict.fromkeys(t.lower() for t in tokens if t.isalpha()))
