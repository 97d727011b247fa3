"""The brand directory as a list: one fixed order, the facets with their counts, the pages.

The order is by field, then level, then town, then id. Every facet value's brands are
therefore a few runs of consecutive positions (one run per field, a few per level and
town), which is what lets the directory's data stay small at any number of brands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel

from dangjian.catalog import Entry
from dangjian.model import PROGRAMMES
from dangjian.model.brand import Level

PAGE_SIZE = 50
"""Brands on one page of the list: the directory's first view and every further page."""

FIELD_ORDER: tuple[str, ...] = tuple(PROGRAMMES)
LEVEL_ORDER: tuple[str, ...] = get_args(Level)
FACET_NAMES: tuple[str, ...] = ("field", "town", "level")
"""The facets, as the address names them (?field=…&town=…&level=…)."""

FACET_LABELS: dict[str, str] = {"field": "领域", "town": "乡镇（街道）", "level": "级别"}
FACET_ALL: dict[str, str] = {"field": "全部领域", "town": "全部乡镇（街道）", "level": "全部级别"}


@dataclass(frozen=True)
class Facet:
    """One facet: its values in the order the filter lists them, each with its brand count."""

    name: str
    values: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def label(self) -> str:
        return FACET_LABELS[self.name]

    @property
    def all_label(self) -> str:
        return FACET_ALL[self.name]

    def options(self) -> list[tuple[str, int]]:
        return list(zip(self.values, self.counts, strict=True))


@dataclass(frozen=True)
class ListPage:
    """One page of the plain list: its number (from 1) and its brands."""

    number: int
    entries: Sequence[Entry[BaseModel]]
    first: int  # the position of its first brand in the whole list (from 0)


def brand_order(entry: Entry[BaseModel]) -> tuple[int, int, str, str]:
    m = entry.model
    return (FIELD_ORDER.index(m.field), LEVEL_ORDER.index(m.level), m.town, entry.id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class BrandDirectory:
    """The public brands in directory order, their facets, and the list cut into pages."""

    entries: tuple[Entry[BaseModel], ...]
    facets: tuple[Facet, ...]
    page_size: int = PAGE_SIZE

    @classmethod
    def build(cls, brands: Sequence[Entry[BaseModel]], page_size: int = PAGE_SIZE) -> BrandDirectory:
        """brands must be public ones only: nothing else is ever listed."""
        if any(not b.public for b in brands):
            raise ValueError("the brand directory lists public brands only")
        entries = tuple(sorted(brands, key=brand_order))
        return cls(entries, _facets(entries), page_size)

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def page(self, number: int) -> ListPage:
        if not 1 <= number <= self.page_count:
            raise IndexError(f"page {number} of {self.page_count}")
        first = (number - 1) * self.page_size
        return ListPage(number, self.entries[first:first + self.page_size], first)

    def facet(self, name: str) -> Facet:
        return next(f for f in self.facets if f.name == name)

    def count_of(self, facet: str, value: str) -> int:
        f = self.facet(facet)
        return f.counts[f.values.index(value)] if value in f.values else 0


def page_address(number: int) -> str:
    """A list page's address relative to the directory (brands/): "" for the first."""
    return "" if number == 1 else f"page/{number}/"


def _facets(entries: Sequence[Entry[BaseModel]]) -> tuple[Facet, ...]:
    counts: dict[str, dict[str, int]] = {name: defaultdict(int) for name in FACET_NAMES}
    for e in entries:
        for name in FACET_NAMES:
            counts[name][getattr(e.model, name)] += 1
    fields = [f for f in FIELD_ORDER if f in counts["field"]]
    levels = [lv for lv in LEVEL_ORDER if lv in counts["level"]]
    towns = sorted(counts["town"], key=lambda t: (-counts["town"][t], t))
    return tuple(
        Facet(name, tuple(values), tuple(counts[name][v] for v in values))
        for name, values in (("field", fields), ("town", towns), ("level", levels))
    )
