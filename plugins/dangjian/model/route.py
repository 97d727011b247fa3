"""Themed study routes (研学线路)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from dangjian.model.common import (
    PATH_ESCAPE,
    FreeText,
    Id,
    Image,
    Provenance,
    SchemaOnly,
    ShortText,
    Strict,
    Text,
)
from dangjian.model.place import _check_sample_fields

TravelMode = Literal["大巴", "步行", "自驾"]

TRACK_ESCAPE = PATH_ESCAPE
"""A track path that is absolute or has a ".." part (DJ124), as common.PATH_ESCAPE says."""

TrackPath = Annotated[ShortText, SchemaOnly(**{"not": {"pattern": TRACK_ESCAPE}})]
"""A GeoJSON file, relative to the routes/ folder."""


class Stop(Strict):
    """One stop of a route: a site, school or brand that has coordinates."""

    ref: Id = Field(description="教学点、微党校或品牌的编号")
    minutes: int = Field(ge=5, le=600, description="在此停留的分钟数")
    note: FreeText | None = Field(default=None, description="说明")


class Leg(Strict):
    """Travel between two consecutive stops, when it is known."""

    mode: TravelMode = Field(default="大巴", description="交通方式：大巴/步行/自驾")
    km: float | None = Field(default=None, gt=0, le=1000, description="道路里程（公里），已知时填写")
    minutes: int | None = Field(default=None, gt=0, le=1440, description="行车时间（分钟），已知时填写")


class Route(Provenance):
    """A themed study route: ordered stops and optional geometry."""

    id: Id = Field(description="编号，与文件名相同")
    name: ShortText = Field(description="线路名称")
    theme: ShortText = Field(description="主题")
    summary: Text = Field(description="简介")
    stops: list[Stop] = Field(min_length=2, description="按顺序排列的站点")
    legs: list[Leg] = Field(
        default_factory=list, description="站点之间的路段（可选；若填写，须比站点少一个）"
    )
    track: TrackPath | None = Field(
        default=None, description="轨迹文件（GeoJSON，相对于 routes/ 文件夹），可选"
    )
    images: list[Image] = Field(default_factory=list, description="图片（文件放在 data/images/ 下）")

    @model_validator(mode="after")
    def _legs_match_stops(self) -> Route:
        if self.legs and len(self.legs) != len(self.stops) - 1:
            raise ValueError("legs_count")
        _check_sample_fields(self)
        return self
