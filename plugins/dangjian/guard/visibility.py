"""What may be published, and the tell-tale texts ("needles") of what may not.

An entity is published only when it says `visibility: public`; a field marked `x-internal`
in the model (contact person, internal notes) is never published, whatever the entity's
visibility. The needles are the texts that would show that something internal reached the
site anyway: the ids, names and distinctive field values of internal entities, and the
values of internal fields of every entity. A text that public data also contains is no
evidence of a leak, so it is not a needle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from dangjian.catalog import Catalog, Entry
from dangjian.guard.literals import WORD_CHARS, Literals
from dangjian.textnorm import fold

# Fields whose whole value identifies an internal entity.
NAME_FIELDS: tuple[str, ...] = ("name", "short_name", "org", "slogan", "address")
# Long texts: each sentence of them is a needle.
TEXT_FIELDS: tuple[str, ...] = ("summary", "history", "practices", "results")
MIN_NAME = 2
MIN_SENTENCE = 8

_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_MARKUP = re.compile(r"[*_`#>\[\]|]+")


@dataclass(frozen=True)
class Needle:
    """A text that must not appear on the site, and why."""

    text: str
    code: str  # DJ201 internal entity, DJ202 internal field
    what: str  # what the text is, in Chinese: "内部条目的名称"
    source: str  # the YAML file it comes from, relative to the project
    is_id: bool = False


def is_internal_field(model: type[BaseModel], name: str) -> bool:
    """True when the model marks the field `x-internal` (never published)."""
    info = model.model_fields.get(name)
    extra = info.json_schema_extra if info is not None else None
    return isinstance(extra, dict) and bool(extra.get("x-internal"))


def normalize(text: str) -> str:
    """One line, single spaces, no Markdown emphasis marks: the form needles are compared in."""
    return " ".join(_MARKUP.sub("", text).split())


def sentences(text: str) -> list[str]:
    """The sentences of a long text that are long enough to identify it."""
    parts = (normalize(p) for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p) >= MIN_SENTENCE]


def strings(value: object) -> Iterator[str]:
    """Every string inside a model value (models, lists and dicts are walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def public_text(catalog: Catalog, extra: tuple[str, ...] = ()) -> str:
    """Everything public data may legitimately put on the site, normalized, as one text."""
    parts: list[str] = list(extra)
    for entry in catalog.all():
        if not entry.public:
            continue
        model = entry.model
        for name in type(model).model_fields:
            if not is_internal_field(type(model), name):
                parts.extend(strings(getattr(model, name)))
    return "\n".join(normalize(p) for p in parts)


def _entity_needles(entry: Entry[BaseModel]) -> Iterator[Needle]:
    model = entry.model
    yield Needle(entry.id, "DJ201", "内部条目的编号", entry.rel, is_id=True)
    for name in NAME_FIELDS:
        value = getattr(model, name, None)
        if isinstance(value, str) and len(normalize(value)) >= MIN_NAME:
            yield Needle(normalize(value), "DJ201", f"内部条目的{_LABELS.get(name, name)}", entry.rel)
    for name in TEXT_FIELDS:
        for text in strings(getattr(model, name, None)):
            for sentence in sentences(text):
                yield Needle(sentence, "DJ201", f"内部条目的{_LABELS.get(name, name)}", entry.rel)


def _internal_field_needles(entry: Entry[BaseModel]) -> Iterator[Needle]:
    model = entry.model
    for name in type(model).model_fields:
        if not is_internal_field(type(model), name):
            continue
        for text in strings(getattr(model, name)):
            flat = normalize(text)
            if len(flat) >= MIN_NAME:
                yield Needle(flat, "DJ202", f"内部字段 {name} 的内容", entry.rel)
            if len(text) > len(flat) or len(flat) > 40:
                for sentence in sentences(text):
                    yield Needle(sentence, "DJ202", f"内部字段 {name} 的内容", entry.rel)


_LABELS = {
    "name": "名称", "short_name": "简称", "org": "党组织", "slogan": "口号", "address": "地址",
    "summary": "简介", "history": "历史沿革", "practices": "主要做法", "results": "工作成效",
}


def needles(catalog: Catalog, public_extra: tuple[str, ...] = ()) -> list[Needle]:
    """Every needle of the catalog; texts that public data (or public_extra) contains are left out.

    All candidate texts are looked up in the public text in one pass (not one search of the
    whole public text per candidate, which grows with internal entities times public ones).
    """
    candidates: list[Needle] = []
    for entry in catalog.all():
        candidates += list(_internal_field_needles(entry))
        if not entry.public:
            candidates += list(_entity_needles(entry))
    if not candidates:
        return []
    public = Literals(n.text for n in candidates if not n.is_id).found_in(public_text(catalog, public_extra))
    found: dict[tuple[str, str], Needle] = {}
    for needle in candidates:
        if not needle.is_id and needle.text in public:
            continue
        found.setdefault((needle.text, needle.source), needle)
    return list(found.values())


class NeedleFinder:
    """Needles searched in text of the shared plain form (dangjian.textnorm): the source
    checks and the final verification find the same things the same way. An id counts only
    where no id character touches it (an id inside a longer id is no leak)."""

    def __init__(self, found: Iterable[Needle]) -> None:
        self._by_text: dict[str, Needle] = {}
        for needle in found:
            self._by_text.setdefault(fold(needle.text).text, needle)
        self._literals = Literals(self._by_text)

    def find(self, plain: str) -> Iterator[tuple[int, int, Needle]]:
        """(start, end, needle) of every needle in a folded text."""
        for start, match in self._literals.finditer(plain):
            needle = self._by_text[match]
            end = start + len(match)
            if needle.is_id and ((start > 0 and plain[start - 1] in WORD_CHARS)
                                 or (end < len(plain) and plain[end] in WORD_CHARS)):
                continue
            yield start, end, needle
