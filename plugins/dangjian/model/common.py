"""Field types and small models shared by every entity kind."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=2, max_length=80)]
"""An entity id: lowercase ASCII letters, digits and single hyphens (it is the page address)."""

ShortText = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]

Visibility = Literal["public", "internal"]

_PHONE = re.compile(r"^(?:0\d{2,3}-\d{7,8}(?:-\d{1,5})?|400-?\d{3}-?\d{4})$")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value):
        raise ValueError("office_phone")
    return value


_WEB_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def _check_web_url(value: str) -> str:
    # a link made from data may only lead to a web page: never javascript:, data: or the like
    if not _WEB_URL.match(value.strip()):
        raise ValueError("url_scheme")
    return value.strip()


WebUrl = Annotated[str, AfterValidator(_check_web_url)]
"""An http(s) address; any other scheme (javascript:, data:, file:) is refused."""

OfficePhone = Annotated[str, AfterValidator(_check_phone)]
"""A published office (landline) number such as 0467-5220000; never a personal mobile."""


def field_of(model: BaseModel, name: str) -> Any:
    """The value of a field the model's kind may not have (None then).

    `getattr(model, name, None)` costs an exception in pydantic's __getattr__ for every kind
    without the field: seconds over ten thousand entities.
    """
    return model.__dict__.get(name) if name in type(model).model_fields else None


def internal_field(**kwargs: object) -> object:
    """A field that is internal by nature: it is validated but never published."""
    extra = kwargs.pop("json_schema_extra", {}) or {}
    return Field(json_schema_extra={**extra, "x-internal": True}, **kwargs)  # type: ignore[arg-type]


class Strict(BaseModel):
    """Base for every data model: unknown fields are errors and nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Location(Strict):
    """A WGS-84 position as GPS records it."""

    lat: float = Field(description="纬度（WGS-84，北纬为正），如 45.54")
    lon: float = Field(description="经度（WGS-84，东经为正），如 131.83")
    approximate: bool = Field(
        default=False, description="位置是否为近似值（未经实地核实时必须为 true）"
    )


class Source(Strict):
    """Where a fact comes from."""

    title: ShortText = Field(description="来源名称")
    url: WebUrl | None = Field(default=None, description="来源网址（可选，以 http:// 或 https:// 开头）")
    note: str | None = Field(default=None, description="说明（可选）")


class Image(Strict):
    """A picture stored under data/images/."""

    src: ShortText = Field(description="图片文件，相对于 data/images/")
    alt: ShortText = Field(description="图片的文字说明（供读屏软件和图片加载失败时显示）")
    caption: str | None = Field(default=None, description="图注（可选）")


class Contact(Strict):
    """An internal contact person: never published."""

    name: ShortText = Field(description="联系人姓名（内部）")
    mobile: str | None = Field(default=None, description="手机号码（内部）")
    note: str | None = Field(default=None, description="备注（内部）")


class Provenance(Strict):
    """Fields every entity shares: visibility, honesty flags and sources."""

    visibility: Visibility = Field(
        description="public 为公开发布；internal 为内部资料，绝不发布到网站"
    )
    sample: bool = Field(
        default=False, description="是否为示例数据（内容未经核实时必须为 true，页面会标注）"
    )
    sample_fields: list[str] = Field(
        default_factory=list,
        description="记录本身属实、但其中这些字段为示例或未经核实的内容（页面会逐项标注）",
    )
    tags: list[ShortText] = Field(default_factory=list, description="标签")
    sources: list[Source] = Field(default_factory=list, description="资料来源")
    contact: Contact | None = internal_field(default=None, description="内部联系人（不发布）")
    internal_notes: str | None = internal_field(default=None, description="内部备注（不发布）")
