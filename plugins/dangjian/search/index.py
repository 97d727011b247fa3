"""The names an entity is found by, and the tags a result shows.

- names: an entity's name and short name, whole without separators, their tails from every
  word and sub-word on (so 乡村行 is found in 美丽乡村行), their words and sub-words, pinyin and
  initials; indexed in a field boosted just under the title (dangjian.search.terms), so that
  a match in an entity's name ranks above a match in its text;
- tags: the kind, and the field, town or theme, shown under each result.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, SECTIONS, Catalog, Entry
from dangjian.model.common import field_of
from dangjian.search.dictionary import clean_name
from dangjian.search.pinyin import name_pinyin, word_starts
from dangjian.search.segment import search_words

_SEPARATORS = re.compile(r"[^\w\u3007\u3400-\u9fff]+")


@dataclass(frozen=True)
class EntityTerms:
    """What the index says about one entity page beyond Material's title and text."""

    names: list[str]
    tags: list[str]


@dataclass(frozen=True)
class EntityNames:
    """The parts of an entity its index terms are made from (small: sent to the build's worker)."""

    kind: str
    names: tuple[str, ...]  # name, short name
    tags: tuple[str, ...]  # field, town or theme

    @classmethod
    def of(cls, entry: Entry[BaseModel]) -> EntityNames:
        m = entry.model
        names = tuple(v for v in (entry.name, field_of(m, "short_name")) if v)
        tags = tuple(v for v in (field_of(m, n) for n in ("field", "town", "theme"))
                     if isinstance(v, str) and v)
        return cls(entry.kind, names, tags)


def entity_terms(entry: Entry[BaseModel]) -> EntityTerms:
    """Name words, sub-words and pinyin; kind label and field or town as tags."""
    return terms_of(EntityNames.of(entry))


def terms_of(entity: EntityNames) -> EntityTerms:
    """entity_terms of an entity from its EntityNames."""
    names: list[str] = []
    for value in entity.names:
        name = clean_name(value)
        names.append(_SEPARATORS.sub("", name))  # typed without its dots: 筑堡争先先锋促发展
        names.extend(name_tails(name))
        names.extend(search_words(name))
        names.extend(name_pinyin(name))
    tags = [KIND_LABELS[entity.kind]]
    for value in entity.tags:
        if value not in tags:
            tags.append(value)
    return EntityTerms(list(dict.fromkeys(n for n in names if n)), tags)


def name_tails(name: str) -> list[str]:
    """The name from each of its words and sub-words onwards: 美丽乡村行, 乡村行 (行 is too short)."""
    tails: list[str] = []
    for part in _SEPARATORS.split(name):
        tails.extend(part[start:] for start in word_starts(part) if len(part) - start >= 2)
    return tails


def entity_names(catalog: Catalog) -> dict[str, EntityNames]:
    """What the index terms of every public entity are made from, by page location."""
    return {e.url: EntityNames.of(e) for kind in SECTIONS for e in catalog.public(kind)}


def shown_tags(tags: list[str]) -> list[str]:
    """Tags as Material's search results show them: it puts each into the page as HTML, so
    a tag (a town or field from the data, or a page's front-matter tag) is escaped."""
    return [html.escape(str(tag)) for tag in tags]
