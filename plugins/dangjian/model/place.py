"""Places that can be visited: Party-member education sites and border micro Party-schools."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from dangjian.model.common import (
    FreeText,
    Id,
    Image,
    Location,
    OfficePhone,
    Provenance,
    SchemaOnly,
    ShortText,
    Strict,
    Text,
    ascii_digits,
)

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES: dict[str, str] = {
    "mon": "周一",
    "tue": "周二",
    "wed": "周三",
    "thu": "周四",
    "fri": "周五",
    "sat": "周六",
    "sun": "周日",
}
CLOSED = "闭馆"
_RANGE_BODY = r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)"
_RANGE = re.compile(f"^{_RANGE_BODY}$")
_PART = rf"\s*{ascii_digits(_RANGE_BODY)}\s*"
DAY_PATTERN = f"^(?:{CLOSED}|{_PART}(?:,{_PART})*)$"
"""A day's hours as the schema gives them to editors' YAML plugins: the format parse_day reads.
That each range ends after it starts, and after the one before, no pattern can say."""


def parse_day(value: str) -> list[tuple[int, int]]:
    """Parse "09:00-11:30,13:30-16:30" into minute ranges; "闭馆" gives no range."""
    if value == CLOSED:
        return []
    ranges: list[tuple[int, int]] = []
    for part in value.split(","):
        m = _RANGE.match(part.strip())
        if not m:
            raise ValueError("hours_format")
        start = int(m[1]) * 60 + int(m[2])
        end = int(m[3]) * 60 + int(m[4])
        if end <= start or (ranges and start < ranges[-1][1]):
            raise ValueError("hours_order")
        ranges.append((start, end))
    return ranges


def _check_day(value: str) -> str:
    parse_day(value)
    return value


DayHours = Annotated[FreeText, AfterValidator(_check_day), SchemaOnly(pattern=DAY_PATTERN)]

CourseFormat = Literal["讲解", "现场教学", "情景体验", "专题党课", "互动研讨", "观看影片", "重温誓词"]
SiteKind = Literal["纪念馆", "旧址", "遗址", "纪念碑", "博物馆", "体验中心", "展馆"]


class Course(Strict):
    """A course the place offers to visiting groups."""

    title: ShortText = Field(description="课程名称")
    minutes: int = Field(ge=5, le=480, description="课程时长（分钟）")
    format: CourseFormat = Field(
        description="形式：讲解/现场教学/情景体验/专题党课/互动研讨/观看影片/重温誓词"
    )


_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _day_key(value: str) -> tuple[int, int, int]:
    """(year or 0, month, day) of "MM-DD" (every year) or "YYYY-MM-DD"; ValueError when neither."""
    if m := _MONTH_DAY.match(value):
        year, month, day = 2000, int(m[1]), int(m[2])  # a leap year: "02-29" is a day
    elif m := _DATE.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise ValueError("period_date")
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise ValueError("period_date") from None
    return (year if _DATE.match(value) else 0, month, day)


class Period(Strict):
    """Dates with other opening hours, or closed: a seasonal closure, a holiday, winter hours."""

    start: str = Field(description='起始日期："12-01"（每年的这一天）或 "2026-02-16"（仅这一年）')
    end: str = Field(description='结束日期（含当天），写法同起始日期；每年的时段可跨年，如 "02-28"')
    hours: DayHours = Field(default=CLOSED, description='这段时间每天的开放时间，如 "09:00-15:30"；默认闭馆')
    note: FreeText | None = Field(default=None, description='说明，规划和页面会显示，如 "冬季暂停接待"')

    @model_validator(mode="after")
    def _dates(self) -> Period:
        a, b = _day_key(self.start), _day_key(self.end)
        if (a[0] == 0) != (b[0] == 0):
            raise ValueError("period_kind")
        if a[0] and b < a:
            raise ValueError("period_order")
        return self


class OpeningHours(Strict):
    """Opening hours by weekday; a day that is not given is unknown."""

    mon: DayHours | None = Field(default=None, description='周一，如 "09:00-16:30" 或 "闭馆"')
    tue: DayHours | None = Field(default=None, description="周二")
    wed: DayHours | None = Field(default=None, description="周三")
    thu: DayHours | None = Field(default=None, description="周四")
    fri: DayHours | None = Field(default=None, description="周五")
    sat: DayHours | None = Field(default=None, description="周六")
    sun: DayHours | None = Field(default=None, description="周日")
    closed_dates: list[FreeText] = Field(
        default_factory=list, description='另行闭馆的日期或时段说明，如 "春节期间"'
    )
    seasonal_note: FreeText | None = Field(default=None, description="季节性安排，如冬季开放时间")
    periods: list[Period] = Field(
        default_factory=list,
        description="按日期另定的开放时间或闭馆（季节性闭馆、节假日），研学规划据此核对每一天",
    )
    note: FreeText | None = Field(default=None, description="其他说明")

    def day(self, weekday: str) -> list[tuple[int, int]] | None:
        """Minute ranges for a weekday key, [] when closed, None when unknown."""
        value = getattr(self, weekday)
        return None if value is None else parse_day(value)


class Reservation(Strict):
    """Whether a group must book, and the published office to call."""

    required: bool = Field(description="团队参观是否需要预约")
    phone: OfficePhone | None = Field(default=None, description="预约电话（办公座机，如 0467-5220000）")
    days_ahead: int | None = Field(default=None, ge=0, le=60, description="需提前几天预约")
    note: FreeText | None = Field(default=None, description="预约说明")


class PlaceBase(Provenance):
    """Fields shared by every place that groups visit."""

    id: Id = Field(description="编号：小写字母、数字和连字符，与文件名相同，是页面地址的一部分")
    name: ShortText = Field(description="全称")
    short_name: ShortText | None = Field(default=None, description="简称")
    town: ShortText = Field(description="所在乡镇（街道）")
    address: ShortText | None = Field(default=None, description="地址")
    location: Location | None = Field(default=None, description="坐标（WGS-84）")
    summary: Text = Field(description="简介（一两句话）")
    history: Text | None = Field(default=None, description="历史沿革（可用 Markdown）")
    courses: list[Course] = Field(default_factory=list, description="可提供的课程")
    visit_minutes: int | None = Field(default=None, ge=10, le=600, description="建议参观时长（分钟）")
    opening_hours: OpeningHours | None = Field(default=None, description="开放时间")
    reservation: Reservation | None = Field(default=None, description="预约")
    max_group: int | None = Field(default=None, ge=1, le=2000, description="单批最大接待人数")
    bus_parking: bool | None = Field(default=None, description="是否可停放大客车")
    parking_note: FreeText | None = Field(default=None, description="停车说明")
    lunch: FreeText | None = Field(default=None, description="附近就餐")
    accessibility: FreeText | None = Field(default=None, description="无障碍说明")
    images: list[Image] = Field(default_factory=list, description="图片")

    @model_validator(mode="after")
    def _sample_fields_exist(self) -> PlaceBase:
        _check_sample_fields(self)
        return self


class Site(PlaceBase):
    """A Party-member education on-site teaching point (党员教育现场教学点)."""

    kind: SiteKind = Field(description="类型：纪念馆/旧址/遗址/纪念碑/博物馆/体验中心/展馆")


class School(PlaceBase):
    """A border micro Party-school teaching point (边境微党校教学点)."""

    host: ShortText = Field(description="所在村（社区）")
    host_org: ShortText = Field(description="承办党组织")
    themes: list[ShortText] = Field(default_factory=list, description="讲授的边境主题")


def _check_sample_fields(model: Strict) -> None:
    unknown = [f for f in getattr(model, "sample_fields", []) if f not in type(model).model_fields]
    if unknown:
        raise ValueError("sample_fields:" + ",".join(unknown))
