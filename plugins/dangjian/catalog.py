"""The loaded, cross-checked collection of every entity: what all other modules read."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from dangjian.model import Brand, Location, Route, School, Site
from dangjian.settings import Settings

M = TypeVar("M", bound=BaseModel, covariant=True)

SECTIONS: dict[str, str] = {"site": "sites", "school": "schools", "brand": "brands", "route": "routes"}
"""The site folder of each kind: an entity's page lives at <section>/<id>/."""

KIND_LABELS: dict[str, str] = {"site": "教育基地", "school": "微党校", "brand": "品牌", "route": "线路"}


def fold_id(value: str) -> str:
    """The form in which two ids are compared: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", value).casefold()


@dataclass(frozen=True)
class Entry(Generic[M]):
    """One validated entity and the file it came from."""

    kind: str
    model: M
    path: Path
    rel: str

    @property
    def id(self) -> str:
        return self.model.id  # type: ignore[attr-defined]

    @property
    def name(self) -> str:
        return self.model.name  # type: ignore[attr-defined]

    @property
    def public(self) -> bool:
        return self.model.visibility == "public"  # type: ignore[attr-defined]

    @property
    def location(self) -> Location | None:
        return getattr(self.model, "location", None)

    @property
    def url(self) -> str:
        """The page address, relative to the site root."""
        return f"{SECTIONS[self.kind]}/{self.id}/"


@dataclass
class Catalog:
    """Every entity, validated and cross-checked; built only when there is no diagnostic."""

    settings: Settings
    sites: list[Entry[Site]] = field(default_factory=list)
    schools: list[Entry[School]] = field(default_factory=list)
    brands: list[Entry[Brand]] = field(default_factory=list)
    routes: list[Entry[Route]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Entry[BaseModel]] = {e.id: e for e in self.all()}

    def all(self) -> Iterator[Entry[BaseModel]]:
        yield from self.sites
        yield from self.schools
        yield from self.brands
        yield from self.routes

    def of_kind(self, kind: str) -> list[Entry[BaseModel]]:
        return {"site": self.sites, "school": self.schools, "brand": self.brands,
                "route": self.routes}[kind]  # type: ignore[return-value]

    def get(self, entity_id: str) -> Entry[BaseModel] | None:
        return self._by_id.get(entity_id)

    def public(self, kind: str) -> list[Entry[BaseModel]]:
        """The entities of one kind that may be published."""
        return [e for e in self.of_kind(kind) if e.public]

    def public_places(self) -> list[Entry[BaseModel]]:
        """Public sites, schools and brands that have a position."""
        return [
            e
            for kind in ("site", "school", "brand")
            for e in self.public(kind)
            if e.location is not None
        ]

    def internal(self) -> list[Entry[BaseModel]]:
        return [e for e in self.all() if not e.public]

    def counts(self) -> dict[str, object]:
        """Counts by kind, by brand field and by visibility."""
        by_field: dict[str, int] = {}
        for b in self.brands:
            by_field[b.model.field] = by_field.get(b.model.field, 0) + 1
        by_level: dict[str, int] = {}
        for b in self.brands:
            by_level[b.model.level] = by_level.get(b.model.level, 0) + 1
        visibility: dict[str, dict[str, int]] = {}
        for kind, section in SECTIONS.items():
            entries = self.of_kind(kind)
            visibility[section] = {
                "public": sum(e.public for e in entries),
                "internal": sum(not e.public for e in entries),
            }
        return {
            "sites": len(self.sites),
            "schools": len(self.schools),
            "brands": len(self.brands),
            "routes": len(self.routes),
            "brands_by_field": by_field,
            "brands_by_level": by_level,
            "by_visibility": visibility,
            "sample": sum(bool(getattr(e.model, "sample", False)) for e in self.all()),
        }
