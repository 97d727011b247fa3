"""Small formatting helpers for Chinese pages: durations, hours, escaping for meta tags."""

from __future__ import annotations

import html
from collections.abc import MutableMapping
from typing import Any

from dangjian.model import CLOSED, WEEKDAY_NAMES, WEEKDAYS, OpeningHours


def minutes(value: int | float | None) -> str:
    """90 → "1 小时 30 分钟"."""
    if value is None:
        return "—"
    total = round(value)
    hours, rest = divmod(total, 60)
    if hours and rest:
        return f"{hours} 小时 {rest} 分钟"
    if hours:
        return f"{hours} 小时"
    return f"{rest} 分钟"


def km(value: float | None) -> str:
    """12.345 → "12.3 公里"."""
    if value is None:
        return "—"
    return f"{value:.1f} 公里" if value < 100 else f"{value:.0f} 公里"


def week_rows(hours: OpeningHours | None) -> list[tuple[str, str]]:
    """(周一, 09:00–16:30) rows; unknown days say so."""
    if hours is None:
        return []
    rows = []
    for day in WEEKDAYS:
        value = getattr(hours, day)
        if value is None:
            shown = "未知"
        elif value == CLOSED:
            shown = "闭馆"
        else:
            shown = "、".join(part.replace("-", "–") for part in value.split(","))
        rows.append((WEEKDAY_NAMES[day], shown))
    return rows


def hours_summary(hours: OpeningHours | None) -> str:
    """A one-line summary: "周二至周日 09:00–11:30、13:30–16:30；周一闭馆"."""
    rows = week_rows(hours)
    if not rows:
        return "开放时间未知"
    groups: list[tuple[list[str], str]] = []
    for day, shown in rows:
        if groups and groups[-1][1] == shown:
            groups[-1][0].append(day)
        else:
            groups.append(([day], shown))
    parts = []
    for days, shown in groups:
        label = days[0] if len(days) == 1 else f"{days[0]}至{days[-1]}"
        parts.append(f"{label}{shown}" if shown in ("闭馆", "未知") else f"{label} {shown}")
    return "；".join(parts)


def meta_text(value: str, limit: int = 160) -> str:
    """Text for a <meta> attribute or <title>: shortened, one line, HTML-escaped.

    Material writes page.meta values into the page without escaping, so they are
    escaped here, once, before they reach it.
    """
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return html.escape(flat, quote=True)


def escape_page_meta(meta: MutableMapping[str, Any]) -> None:
    """A hand-written page's title and description, HTML-escaped in place, once.

    Material writes page.meta["title"] and ["description"] into <title>, the header and
    <meta name="description"> without escaping; generated pages get meta_text already."""
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)
