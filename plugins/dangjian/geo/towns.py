"""The towns the maps name, in one place: the static SVG maps and the interactive map's
schematic layer both draw these.

Only places whose position a public source gives are listed, each with the source and how
sure it is. A position that is only approximate is marked so, and every map says so where
it draws it: its name carries （约） and the map's note explains it. No town is placed by
guessing where it should be.
"""

from __future__ import annotations

from dataclasses import dataclass

APPROXIMATE_MARK = "（约）"
APPROXIMATE_NOTE = "（约）为大致位置"


@dataclass(frozen=True)
class Town:
    """A town the maps name: where it is (WGS-84), how sure, and from what."""

    name: str
    lon: float
    lat: float
    approximate: bool
    source: str

    @property
    def label(self) -> str:
        """The name as the maps show it: an approximate position says so."""
        return self.name + APPROXIMATE_MARK if self.approximate else self.name


CITY = Town("密山市区", 131.866667, 45.541944, False,
            "密山市中心，北纬 45°32′31″、东经 131°52′00″（WGS-84）")
"""The city centre: the maps' point of orientation."""

TOWNS: tuple[Town, ...] = (
    CITY,
    Town("当壁镇", 132.05, 45.3, True,
         "北大荒开发建设纪念馆位于当壁镇、兴凯湖畔，其位置约为北纬 45.3°、东经 132.0°–132.1°（未经核实）"),
)
"""Every town the maps name, the city first."""


def approximate_note(towns: tuple[Town, ...] | list[Town] = TOWNS) -> str:
    """The note a map adds when it names an approximate town ("" when it names none)."""
    return APPROXIMATE_NOTE if any(t.approximate for t in towns) else ""


__all__ = ["APPROXIMATE_MARK", "APPROXIMATE_NOTE", "CITY", "TOWNS", "Town", "approximate_note"]
