"""Branch Party-building brands (党建品牌)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from dangjian.model.common import Id, Image, Location, Provenance, ShortText, Text
from dangjian.model.place import _check_sample_fields

Field_ = Literal["农村", "城市社区", "机关", "中小学校", "国企", "两新组织"]

PROGRAMMES: dict[str, str] = {
    "农村": "乡村振兴主题“擂台比武”",
    "城市社区": "城市基层治理“密邻”品牌",
    "机关": "机关“融合工程”",
    "中小学校": "中小学校“红烛先锋”工程",
    "国企": "国企“筑堡争先先锋促发展”",
    "两新组织": "两新党建“新力量”",
}
"""Each field's programme, as the source article names it."""

Level = Literal["省级示范点", "市级示范点", "基层品牌"]


class Brand(Provenance):
    """A branch Party-building brand."""

    id: Id = Field(description="编号：小写字母、数字和连字符，与文件名相同")
    name: ShortText = Field(description="品牌名称")
    org: ShortText = Field(description="党组织名称")
    field: Field_ = Field(description="领域：农村/城市社区/机关/中小学校/国企/两新组织")
    town: ShortText = Field(description="所在乡镇（街道）")
    level: Level = Field(description="级别：省级示范点/市级示范点/基层品牌")
    slogan: ShortText | None = Field(default=None, description="品牌口号")
    summary: Text = Field(description="简介")
    practices: list[Text] = Field(default_factory=list, description="主要做法")
    results: list[Text] = Field(default_factory=list, description="工作成效")
    location: Location | None = Field(default=None, description="坐标（可选，WGS-84）")
    images: list[Image] = Field(default_factory=list, description="图片（文件放在 data/images/ 下）")

    @property
    def programme(self) -> str:
        """The field's programme named in the source article."""
        return PROGRAMMES[self.field]

    @model_validator(mode="after")
    def _sample_fields_exist(self) -> Brand:
        _check_sample_fields(self)
        return self
