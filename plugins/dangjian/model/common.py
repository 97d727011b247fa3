"""Field types and small models shared by every entity kind."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

CONTROL_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""C0 and C1 controls (but tab and line feed) and the invisible marks that change the direction
text is shown in (DJ011), as the inside of a regex character class."""

INVISIBLE_CLASS = "\u200b\u200c\u200d\u2060\ufeff\u180e"
"""Zero-width characters (DJ008), as the inside of a regex character class."""

YAML11_BOOLEANS: tuple[str, ...] = ("yes", "Yes", "YES", "no", "No", "NO",
                                    "on", "On", "ON", "off", "Off", "OFF")
"""Plain words that YAML 1.1 reads as true or false (DJ003)."""


def ecma_class(chars: str) -> str:
    """The inside of a character class with every character written as \\uXXXX: ECMA-262 (the
    regex language of JSON Schema) and Python read the same escapes, and a schema file written
    from it holds no invisible character."""
    return "".join("-" if c == "-" else f"\\u{ord(c):04x}" for c in chars)


class SchemaOnly:
    """JSON Schema keywords for a rule the loader applies elsewhere: while reading the YAML
    (controls, zero-width characters, YAML 1.1 booleans) or in a validator with its own message
    (opening hours, phone numbers, addresses). Editors' YAML plugins see the rule in the schema;
    pydantic never applies it a second time. A keyword the type's schema already has (a second
    pattern) goes into an allOf, so that both hold."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __repr__(self) -> str:
        return f"SchemaOnly({self.keywords!r})"

    def __get_pydantic_json_schema__(
            self, core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core)
        clash = {k: v for k, v in self.keywords.items() if k in schema}
        schema.update({k: v for k, v in self.keywords.items() if k not in schema})
        if clash:
            schema.setdefault("allOf", []).append(clash)
        return schema


TEXT_PATTERN = f"^[^{ecma_class(CONTROL_CLASS + INVISIBLE_CLASS)}]*$"
"""Text without control, direction or zero-width characters (tab and line feed are text)."""

_TEXT_RULES = SchemaOnly(pattern=TEXT_PATTERN, **{"not": {"enum": list(YAML11_BOOLEANS)}})
"""What the loader refuses in any text, as a schema: those characters, and a bare yes/no/on/off.
A YAML plugin that reads YAML 1.1 sees true or false there, which a text field refuses by its
type; one that reads YAML 1.2 (the usual default) sees the word, refused here. A quoted "no",
text to the loader, is refused too: a schema sees no quotes, and no text here is that word."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=2, max_length=80),
               SchemaOnly(**{"not": {"enum": [w for w in YAML11_BOOLEANS if w.islower()]}})]
"""An entity id: lowercase ASCII letters, digits and single hyphens (it is the page address)."""

FreeText = Annotated[str, _TEXT_RULES]
"""Text of any length, empty included: notes, captions."""

ShortText = Annotated[
    str, StringConstraints(strip_whitespace=False, min_length=1, max_length=200), _TEXT_RULES]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000), _TEXT_RULES]

Visibility = Literal["public", "internal"]


def ascii_digits(pattern: str) -> str:
    """A Python pattern written for JSON Schema, where (ECMA-262) \\d is an ASCII digit. In
    Python it is any script's digit, so the schema is the stricter one there: it refuses the
    full-width ０-９ that the loader takes and no published number uses."""
    return pattern.replace(r"\d", "[0-9]")


_PHONE = re.compile(r"^(?:0\d{2,3}-\d{7,8}(?:-\d{1,5})?|400-?\d{3}-?\d{4})$")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value):
        raise ValueError("office_phone")
    return value


_WEB_URL_BODY = r"""[Hh][Tt][Tt][Pp][Ss]?://[^\s<>"'`]+"""
_WEB_URL = re.compile(f"^{_WEB_URL_BODY}$")


def _check_web_url(value: str) -> str:
    # a link made from data may only lead to a web page: never javascript:, data: or the like
    if not _WEB_URL.match(value.strip()):
        raise ValueError("url_scheme")
    return value.strip()


WebUrl = Annotated[FreeText, AfterValidator(_check_web_url),
                   SchemaOnly(format="uri", pattern=rf"^\s*{_WEB_URL_BODY}\s*$")]
"""An http(s) address; any other scheme (javascript:, data:, file:) is refused."""

OfficePhone = Annotated[FreeText, AfterValidator(_check_phone),
                        SchemaOnly(pattern=ascii_digits(_PHONE.pattern))]
"""A published office (landline) number such as 0467-5220000; never a personal mobile."""


def field_of(model: BaseModel, name: str) -> Any:
    """The value of a field the model's kind may not have (None then).

    `getattr(model, name, None)` costs an exception in pydantic's __getattr__ for every kind
    without the field: seconds over ten thousand entities.
    """
    return model.__dict__.get(name) if name in type(model).model_fields else None


def internal_field(**kwargs: Any) -> Any:
    """A field that is internal by nature: it is validated but never published."""
    extra: dict[str, Any] = kwargs.pop("json_schema_extra", None) or {}
    return Field(json_schema_extra={**extra, "x-internal": True}, **kwargs)


class Strict(BaseModel):
    """Base for every data model: unknown fields are errors and nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Location(Strict):
    """A WGS-84 position as GPS records it."""

    # the ranges are checked with the project's area (DJ130, DJ131), where a swap is explained
    lat: float = Field(description="纬度（WGS-84，北纬为正），如 45.54",
                       json_schema_extra={"minimum": -90, "maximum": 90})
    lon: float = Field(description="经度（WGS-84，东经为正），如 131.83",
                       json_schema_extra={"minimum": -180, "maximum": 180})
    approximate: bool = Field(
        default=False, description="位置是否为近似值（未经实地核实时必须为 true）"
    )


class Source(Strict):
    """Where a fact comes from."""

    title: ShortText = Field(description="来源名称")
    url: WebUrl | None = Field(default=None, description="来源网址（可选，以 http:// 或 https:// 开头）")
    note: FreeText | None = Field(default=None, description="说明（可选）")


PATH_ESCAPE = r"^[/\\]|^[A-Za-z]:|(?:^|[/\\])\.\.(?:[/\\]|$)"
"""A path that is absolute or has a ".." part (DJ124, DJ152). The loader still takes "a/../b",
which stays in its folder; the schema, that cannot follow the parts, refuses every "..". Links
that lead out are found on the disk, never in the text."""

ImagePath = Annotated[ShortText, SchemaOnly(**{"not": {"pattern": PATH_ESCAPE}})]
"""An image file, relative to the data/images/ folder."""


class Image(Strict):
    """A picture stored under data/images/: published resized, without its metadata."""

    src: ImagePath = Field(description="图片文件，相对于 data/images/，如 beidahuang/zhengmen.jpg")
    alt: ShortText = Field(
        description="必填：用一句话说清图上是什么，如“纪念馆正门，门楣上是馆名”（读屏软件朗读、图片打不开时显示）"
    )
    caption: FreeText | None = Field(default=None, description="图注（可选），显示在图片下方")
    credit: FreeText | None = Field(default=None, description="图片来源或摄影者（可选），如“纪念馆提供”")
    illustration: bool = Field(
        default=False, description="是否为示意图（不是实地拍摄的照片）；为 true 时页面标注“示意图”"
    )


class Contact(Strict):
    """An internal contact person: never published."""

    name: ShortText = Field(description="联系人姓名（内部）")
    mobile: FreeText | None = Field(default=None, description="手机号码（内部）")
    note: FreeText | None = Field(default=None, description="备注（内部）")


def _name_sample_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    # sample_fields lists fields of the entity's own kind: the schema names them
    schema["properties"]["sample_fields"]["items"] = {"enum": list(model.model_fields)}


class Provenance(Strict):
    """Fields every entity shares: visibility, honesty flags and sources."""

    model_config = ConfigDict(json_schema_extra=_name_sample_fields)

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
    internal_notes: FreeText | None = internal_field(default=None, description="内部备注（不发布）")
