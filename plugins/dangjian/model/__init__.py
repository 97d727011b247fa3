"""The data models: the single source of truth for every field an editor writes."""

from pydantic import BaseModel

from dangjian.model.brand import PROGRAMMES, Brand
from dangjian.model.common import Contact, Image, Location, Source
from dangjian.model.place import (
    CLOSED,
    WEEKDAY_NAMES,
    WEEKDAYS,
    Course,
    OpeningHours,
    Reservation,
    School,
    Site,
    parse_day,
)
from dangjian.model.route import Leg, Route, Stop

KINDS: dict[str, type[BaseModel]] = {"site": Site, "school": School, "brand": Brand, "route": Route}
"""Each entity kind and its model."""

__all__ = [
    "CLOSED",
    "KINDS",
    "PROGRAMMES",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "Brand",
    "Contact",
    "Course",
    "Image",
    "Leg",
    "Location",
    "OpeningHours",
    "Reservation",
    "Route",
    "School",
    "Site",
    "Source",
    "Stop",
    "parse_day",
]
