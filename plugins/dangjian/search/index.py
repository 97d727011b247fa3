"""Post-processing of Material's search index: what a visitor's phone downloads and searches.

Material writes site/search/search_index.json with one document per page section, jieba's
precise cut in `title` and `text`. This module, run after it:

- adds a `names` field to each entity page (its name and short name, their tails from
  every word and sub-word on, so 乡村行 is found in 美丽乡村行, their words and sub-words,
  pinyin and initials) boosted just under the title, so that a match in an entity's name
  ranks above a match in its text;
- adds a `words` field to every document: the sub-words of its long words (民主联军 inside
  东北民主联军) that the precise cut left out; it is indexed, never displayed;
- gives entity pages `tags` (kind, field or town), which Material shows under each result
  (as HTML: every tag is escaped);
- drops sections that only repeat other pages (directory lists, map, share, route lists)
  and writes the JSON as UTF-8 instead of \\uXXXX escapes (half the bytes).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, SECTIONS, Catalog, Entry
from dangjian.model.common import field_of
from dangjian.search.dictionary import clean_name
from dangjian.search.pinyin import name_pinyin, word_starts
from dangjian.search.segment import search_words, sub_words

TITLE_BOOST = 1000.0  # Material's default for the title
NAMES_BOOST = 600.0  # a name match ranks above any text match, just under a title match
WORDS_BOOST = 1.0  # sub-words of the text weigh as the text does
TAGS_BOOST = 20.0  # Material's default (1e6) would let a town tag outrank every name

CHROME_ANCHORS = frozenset({"map", "share", "routes", "downloads", "nearby", "sources"})
"""Sections of an entity page that only point elsewhere: found on their own pages."""

_TAG = re.compile(r"<[^>]+>")
_SEPARATORS = re.compile(r"[^\w\u3007\u3400-\u9fff]+")
_HAN_TOKEN = re.compile(r"^[\u3007\u3400-\u9fff]{3,}$")


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


def entity_pages(catalog: Catalog) -> dict[str, EntityTerms]:
    """The index terms of every public entity, by page location (e.g. "brands/x/")."""
    return {url: terms_of(names) for url, names in entity_names(catalog).items()}


def entity_names(catalog: Catalog) -> dict[str, EntityNames]:
    """What the index terms of every public entity are made from, by page location."""
    return {e.url: EntityNames.of(e) for kind in SECTIONS for e in catalog.public(kind)}


def is_pruned(location: str, text: str) -> bool:
    """True for a section that only repeats or points to other pages."""
    page, _, anchor = location.partition("#")
    if not anchor:
        return False
    if page in {f"{s}/" for s in SECTIONS.values()}:
        return True  # a directory's entries, each found on its own page
    if page.count("/") == 2 and page.split("/")[0] in SECTIONS.values() and anchor in CHROME_ANCHORS:
        return True
    return not text.strip()


@lru_cache(maxsize=200_000)
def _sub_words(token: str) -> tuple[str, ...]:
    return tuple(sub_words(token))


def extra_words(title: str, text: str, separator: re.Pattern[str]) -> list[str]:
    """Sub-words of the long Han tokens of a document that it does not hold already."""
    plain = _TAG.sub(" ", f"{title} {text}")
    tokens = [t for t in separator.split(plain) if t]
    have = set(tokens)
    out: dict[str, None] = {}
    for token in tokens:
        if _HAN_TOKEN.match(token):
            for word in _sub_words(token):
                if word not in have:
                    out.setdefault(word, None)
    return list(out)


def enrich_doc(doc: dict[str, Any], terms: EntityTerms | None,
               separator: re.Pattern[str]) -> dict[str, Any] | None:
    """One document with its sub-words, and its names and tags when it is an entity page's
    own entry (terms); None when it only repeats other pages."""
    if is_pruned(doc["location"], doc.get("text", "")):
        return None
    doc = dict(doc)
    words = extra_words(doc.get("title", ""), doc.get("text", ""), separator)
    if words:
        doc["words"] = " ".join(words)
    if terms is not None:
        doc["names"] = " ".join(terms.names)
        doc["tags"] = terms.tags
    if doc.get("tags"):
        doc["tags"] = shown_tags(doc["tags"])
    return doc


def shown_tags(tags: list[str]) -> list[str]:
    """Tags as Material's search results show them: it puts each into the page as HTML, so
    a tag (a town or field from the data, or a page's front-matter tag) is escaped here."""
    return [html.escape(str(tag)) for tag in tags]


def enrich_docs(docs: list[dict[str, Any]], entities: Mapping[str, EntityTerms],
                separator: str) -> list[dict[str, Any]]:
    """The documents enriched (enrich_doc), those that only repeat other pages left out."""
    pattern = re.compile(separator)
    out = (enrich_doc(doc, entities.get(doc["location"]), pattern) for doc in docs)
    return [doc for doc in out if doc is not None]


def with_fields(data: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The index with these documents and the boosts of the fields enrich_doc adds."""
    config = dict(data["config"])
    fields = dict(config.get("fields") or {})
    fields.setdefault("title", {"boost": TITLE_BOOST})
    fields["names"] = {"boost": NAMES_BOOST}
    fields["words"] = {"boost": WORDS_BOOST}
    fields["tags"] = {"boost": TAGS_BOOST}
    config["fields"] = fields
    return {**data, "config": config, "docs": docs}


def enrich(data: dict[str, Any], entities: Mapping[str, EntityTerms]) -> dict[str, Any]:
    """The index with names, sub-words and tags added and repeated sections dropped."""
    return with_fields(data, enrich_docs(data["docs"], entities, data["config"]["separator"]))


def as_written(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as it reads back from Material's index, which is written with `default=str`:
    only `boost`, copied from a page's front matter, can hold a value JSON has no type for."""
    if "boost" in entry:
        entry = {**entry, "boost": json.loads(json.dumps(entry["boost"], default=str))}
    return entry


def dump(data: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (Material writes \\uXXXX escapes: six bytes for every Han character)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
