"""The compact JSON the planner page loads: plannable public places and how to travel.

It carries no travel matrix: the page computes the matrix of the chosen stops from the
places' coordinates, the travel assumptions and rounding rules stated here, and the sparse
list of road legs known from the routes (geo/matrix.py is the reference it agrees with).
So the file grows linearly with the number of places.

Only public entities with a position are exported, and only the fields a coordinator
plans with. A field that is sample data (the whole record `sample: true`, or the field
listed in `sample_fields`) is named in the place's `sf` list so the page can label it
示例. A reservation phone is exported only when it is a verified published office number.
Each place's name, and each town, carries its pinyin (`py`, `townPy`: the syllables,
space-separated), so the page's filter finds 北大荒 by `beidahuang` or `bdh` as the site
search does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, Catalog, Entry
from dangjian.geo.matrix import KM_STEP, MIN_MINUTES, RADIUS_KM, ROUNDING, TravelAssumptions
from dangjian.model import WEEKDAYS, Brand, parse_day
from dangjian.model.common import field_of
from dangjian.model.place import Period

FORMAT_VERSION = 2  # 1 shipped the full matrices ("km10", "min"); 2 ships "legs"

# Fields the planner shows that may be sample data.
PLANNING_FIELDS = ("visit_minutes", "courses", "opening_hours", "reservation", "max_group",
                   "bus_parking", "lunch", "address", "location")


@dataclass(frozen=True)
class StartPoint:
    """Where a tour starts by default: the city centre (FACTS.md), WGS-84."""

    name: str = "密山市中心"
    lat: float = 45.541944  # 45°32′31″N
    lon: float = 131.866667  # 131°52′00″E


@dataclass(frozen=True)
class PlannerOptions:
    """The planner's assumptions, from the `dangjian/planner` plugin options."""

    assumptions: TravelAssumptions = field(default_factory=TravelAssumptions)
    default_visit_minutes: int = 45
    start: StartPoint = field(default_factory=StartPoint)


def _sample_fields(model: BaseModel) -> list[str]:
    if getattr(model, "sample", False):
        return ["*"]
    listed = set(getattr(model, "sample_fields", []))
    return [f for f in PLANNING_FIELDS if f in listed]


def _hours(model: BaseModel) -> list[list[list[int]] | None] | None:
    hours = getattr(model, "opening_hours", None)
    if hours is None:
        return None
    return [None if (day := hours.day(d)) is None else [list(r) for r in day] for d in WEEKDAYS]


def _period(period: Period) -> list[Any]:
    """[from, to, ranges ([] closed), note]: dates as "MM-DD" (every year) or "YYYY-MM-DD"."""
    return [period.start, period.end, [list(r) for r in parse_day(period.hours)], period.note or ""]


def syllables(text: str) -> str:
    """The pinyin of text's Chinese characters, lowercase syllables separated by spaces
    ("bei da huang"); other characters are left out (the page matches them as typed)."""
    from pypinyin import Style, lazy_pinyin

    han = "".join(ch for ch in text if "\u3400" <= ch <= "\u9fff" or ch == "\u3007")
    return " ".join(s.lower() for s in lazy_pinyin(han, style=Style.NORMAL, errors="ignore") if s.isalpha())


def _place(entry: Entry[BaseModel], options: PlannerOptions) -> dict[str, Any]:
    m = entry.model
    loc = entry.location
    assert loc is not None
    sample = _sample_fields(m)
    is_sample = lambda field: "*" in sample or field in sample  # noqa: E731
    minutes = field_of(m, "visit_minutes")
    place: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "label": KIND_LABELS[entry.kind] if not isinstance(m, Brand) else f"{m.field}品牌",
        "town": m.town,  # type: ignore[attr-defined]
        "py": syllables(entry.name),
        "url": entry.url,
        "lat": round(loc.lat, 5),
        "lon": round(loc.lon, 5),
        "min": minutes or options.default_visit_minutes,
    }
    if not minutes:
        place["minEst"] = True
    if loc.approximate:
        place["approx"] = True
    if address := field_of(m, "address"):
        place["addr"] = address
    if courses := field_of(m, "courses"):
        place["courses"] = [[c.title, c.minutes] for c in courses]
    hours = field_of(m, "opening_hours")
    if hours is not None:
        place["hours"] = _hours(m)
        if hours.periods:
            place["per"] = [_period(p) for p in hours.periods]
        notes = [*hours.closed_dates, *(p.note for p in hours.periods if p.note)]
        for extra in (hours.seasonal_note, hours.note):
            if extra:
                notes.append(extra)
        if notes:
            place["hnote"] = notes
    res = field_of(m, "reservation")
    if res is not None:
        place["res"] = {"req": res.required}
        if res.days_ahead is not None:
            place["res"]["days"] = res.days_ahead
        if res.phone and not is_sample("reservation"):
            place["res"]["phone"] = res.phone
    for key, attr in (("max", "max_group"), ("bus", "bus_parking"), ("lunch", "lunch")):
        value = field_of(m, attr)
        if value is not None:
            place[key] = value
    if sample:
        place["sf"] = sample
    return place


Leg = list[str | float | int | None]  # [id a, id b, km or null, minutes or null]


def _known_legs(catalog: Catalog, index: dict[str, int]) -> tuple[list[Leg], list[dict[str, Any]]]:
    """Road legs with km or minutes from the public routes, in route order (later override
    earlier, as in build_matrix), and the routes the planner can offer whole."""
    legs: list[Leg] = []
    routes: list[dict[str, Any]] = []
    for entry in catalog.public("route"):
        route = entry.model
        stops = [s for s in route.stops if s.ref in index]  # type: ignore[attr-defined]
        if len(stops) != len(route.stops):  # type: ignore[attr-defined]
            continue  # a stop that is not public: the route cannot be offered whole
        routes.append({"id": entry.id, "name": entry.name,
                       "stops": [index[s.ref] - 1 for s in stops], "min": [s.minutes for s in stops]})
        for i, leg in enumerate(route.legs):  # type: ignore[attr-defined]
            if leg.km is not None or leg.minutes is not None:
                legs.append([stops[i].ref, stops[i + 1].ref, leg.km, leg.minutes])
    return legs, routes


def planner_data(catalog: Catalog, options: PlannerOptions) -> dict[str, Any]:
    """Everything the planner page needs, as JSON-ready values.

    Routes list place indices (0-based into places); legs name places by id. The travel
    between points is build_matrix over [start, *places' rounded coordinates] and legs.
    """
    entries = catalog.public_places()
    places = [_place(e, options) for e in entries]
    index = {e.id: i + 1 for i, e in enumerate(entries)}
    legs, routes = _known_legs(catalog, index)
    start = options.start
    area = catalog.settings.area
    return {
        "v": FORMAT_VERSION,
        "assume": {
            "roadFactor": options.assumptions.road_factor,
            "speedKmh": options.assumptions.speed_kmh,
            "radiusKm": RADIUS_KM,
            "round": ROUNDING,
            "kmStep": KM_STEP,
            "minMinutes": MIN_MINUTES,
            "defaultMin": options.default_visit_minutes,
        },
        "start": {"name": start.name, "lat": start.lat, "lon": start.lon},
        "area": {"south": area.south, "west": area.west, "north": area.north, "east": area.east},
        "places": places,
        "townPy": {town: syllables(town) for town in sorted({p["town"] for p in places})},
        "routes": routes,
        "legs": legs,
    }


def as_json(data: dict[str, Any]) -> str:
    """The JSON text of planner_data, compact (no spaces) and stable (same data, same bytes)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def planner_json(catalog: Catalog, options: PlannerOptions) -> str:
    """The JSON text, compact (no spaces) and stable (same data, same bytes)."""
    return as_json(planner_data(catalog, options))
