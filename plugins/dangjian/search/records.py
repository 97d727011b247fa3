"""Search records of the generated pages, made from the catalog's models (never from HTML).

A record holds what the search finds a page by and what a result shows of it: the page's
title, the names it is known by (dangjian.search.index: tails, sub-words, pinyin), the
tags Material shows under a result, the texts the page publishes (its summary, facts,
practices, courses...; not the sections that only point to other pages: neighbours, routes
through, sources, map, share) and a short snippet. Only public entities have records, and a
record only holds fields the page itself shows: internal fields (contact, notes) never.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, SECTIONS, Catalog, Entry
from dangjian.model import PROGRAMMES, Brand, School, Site
from dangjian.model.common import field_of
from dangjian.search.index import EntityNames, terms_of

SNIPPET = 120
"""Characters of a page's text a result shows."""
PAGE_ORDER = ("site", "school", "route", "brand")
"""The order of the records, which breaks ties between equal scores: the few sites, schools
and routes before the many brands, and within a kind the shorter names first (of two pages
that match alike, the one whose name is the query more nearly)."""


@dataclass(frozen=True)
class Record:
    """One page's search record."""

    location: str  # the page's address relative to the site root, as Material's index has it
    title: str
    names: tuple[str, ...]  # index terms: the names' tails, sub-words and pinyin
    tags: tuple[str, ...]  # as shown (plain text)
    texts: tuple[str, ...]  # the page's own texts, in page order
    snippet: str


def _strings(*values: object) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, str) and value:
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, str) and v)
    return out


def _hours_texts(model: BaseModel) -> list[str]:
    hours = field_of(model, "opening_hours")
    if hours is None:
        return []
    texts = _strings(hours.closed_dates, hours.seasonal_note, hours.note)
    texts.extend(t for p in hours.periods for t in _strings(p.note))
    return texts


def _place_texts(model: Site | School) -> list[str]:
    reservation = field_of(model, "reservation")
    return [
        *_strings(field_of(model, "short_name"), field_of(model, "address"), model.summary,
                  field_of(model, "host"), field_of(model, "host_org"), field_of(model, "themes"),
                  field_of(model, "lunch"), field_of(model, "accessibility"),
                  field_of(model, "parking_note")),
        *_strings(reservation.note if reservation is not None else None),
        *_hours_texts(model),
        *(t for c in field_of(model, "courses") or [] for t in _strings(c.title, c.format)),
        *_strings(field_of(model, "history")),
    ]


def _brand_texts(model: Brand) -> list[str]:
    return _strings(model.field, model.town, model.level, model.slogan, model.summary, model.org,
                    PROGRAMMES.get(model.field), model.practices, model.results)


def _route_texts(entry: Entry[BaseModel], catalog: Catalog) -> list[str]:
    model = entry.model
    stops = [catalog.get(s.ref) for s in model.stops]  # type: ignore[attr-defined]
    names = [s.name for s in stops if s is not None and s.public]
    notes = [t for s in model.stops for t in _strings(s.note)]  # type: ignore[attr-defined]
    return [*_strings(model.theme, model.summary), *names, *notes]  # type: ignore[attr-defined]


def page_texts(entry: Entry[BaseModel], catalog: Catalog) -> list[str]:
    """The texts an entity's page publishes about it, in page order."""
    model = entry.model
    head = _strings(KIND_LABELS[entry.kind], field_of(model, "kind"), field_of(model, "town"))
    if isinstance(model, Brand):
        body = _brand_texts(model)
    elif isinstance(model, Site | School):
        body = _place_texts(model)
    else:
        body = _route_texts(entry, catalog)
    return [*head, *body, *_strings(field_of(model, "tags"))]


def entity_record(entry: Entry[BaseModel], catalog: Catalog) -> Record:
    """The search record of one public entity's page."""
    if not entry.public:
        raise ValueError(f"{entry.id} is not public: it has no search record")
    terms = terms_of(EntityNames.of(entry))
    summary = str(field_of(entry.model, "summary") or "")
    return Record(entry.url, entry.name, tuple(terms.names), tuple(terms.tags),
                  tuple(page_texts(entry, catalog)), _snippet(summary))


def section_record(kind: str, title: str, catalog: Catalog) -> Record:
    """The search record of a directory page (its entries are found on their own pages)."""
    count = len(catalog.public(kind))
    text = f"{title}：共 {count} 个{KIND_LABELS[kind]}"
    return Record(f"{SECTIONS[kind]}/", title, (), (), (text,), text)


class RecordMaker:
    """Makes the records of the generated pages: directories and public entities."""

    def __init__(self, catalog: Catalog, section_titles: dict[str, str]) -> None:
        self.catalog = catalog
        self.titles = section_titles
        # page source (as dangjian/content generates it) -> its kind and entry (None: directory)
        self.sources: dict[str, tuple[str, Entry[BaseModel] | None]] = {}
        for kind in PAGE_ORDER:
            section = SECTIONS[kind]
            self.sources[f"{section}/index.md"] = (kind, None)
            for entry in sorted(catalog.public(kind), key=lambda e: len(e.name)):
                self.sources[f"{section}/{entry.id}.md"] = (kind, entry)

    def for_source(self, src_uri: str) -> Record | None:
        """The record of the page generated from src_uri; None for any other page."""
        found = self.sources.get(src_uri)
        if found is None:
            return None
        kind, entry = found
        if entry is None:
            return section_record(kind, self.titles[kind], self.catalog)
        return entity_record(entry, self.catalog)

    def in_page_order(self, made: dict[str, Record]) -> list[Record]:
        """Every generated page's record in page order, made now where not made already."""
        out: list[Record] = []
        for src, (kind, entry) in self.sources.items():
            location = entry.url if entry is not None else f"{SECTIONS[kind]}/"
            record = made.get(location) or self.for_source(src)
            if record is not None:
                out.append(record)
        return out


def catalog_records(catalog: Catalog, section_titles: dict[str, str]) -> list[Record]:
    """Every generated page's record, in page order."""
    return RecordMaker(catalog, section_titles).in_page_order({})


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
