"""The index terms of a search record, field by field.

- title: the words of the page's title (jieba's precise cut of its Chinese, its Latin and
  digit words lower-cased);
- names: the name terms of an entity (dangjian.search.index: tails, sub-words, pinyin);
- text: the words of every text the page publishes;
- words: the sub-words of the long words of title and text that these do not hold already
  (民主联军 inside 东北民主联军), indexed, never shown;
- tags: the tags as shown (kind, field or town), each whole.

The boosts are today's: a title match weighs most, a name match just under it (so that an
entity found by its name ranks above one that only mentions the word), tags far less.
"""

from __future__ import annotations

import re
from collections import Counter

from dangjian.search.records import Record
from dangjian.search.segment import cut, sub_words

FIELDS: tuple[str, ...] = ("title", "names", "text", "words", "tags")
BOOSTS: dict[str, float] = {"title": 1000.0, "names": 600.0, "text": 1.0, "words": 1.0, "tags": 20.0}

_TOKEN = re.compile(r"([\u3007\u3400-\u9fff]+)|([0-9a-z\u00c0-\u024f]+)")


def tokens(text: str) -> list[str]:
    """The words of text, in order: jieba's cut of its Han runs, its Latin and digit words."""
    out: list[str] = []
    for han, other in _TOKEN.findall(text.lower()):
        if han:
            out.extend(cut(han))
        else:
            out.append(other)
    return out


def _extra_words(seen: Counter[str]) -> Counter[str]:
    extra: Counter[str] = Counter()
    for token in seen:
        if len(token) >= 3 and "\u3007" <= token[0] <= "\u9fff":
            for word in sub_words(token):
                if word not in seen:
                    extra[word] = 1
    return extra


def record_terms(record: Record) -> dict[str, Counter[str]]:
    """Each field's terms and how often each occurs (names and tags: once each)."""
    title = Counter(tokens(record.title))
    text: Counter[str] = Counter()
    for piece in record.texts:
        text.update(tokens(piece))
    fields = {
        "title": title,
        "names": Counter(dict.fromkeys((n.lower() for n in record.names if n), 1)),
        "text": text,
        "words": _extra_words(title + text),
        "tags": Counter(dict.fromkeys((t.lower() for t in record.tags if t), 1)),
    }
    return {name: counts for name, counts in fields.items() if counts}
