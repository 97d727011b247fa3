"""Static SVG maps drawn at build time: routes, the overview of all places, and locators.

A schematic (示意图) on a plain background: no base map, no boundary of any kind. It has
the route line, numbered stops, Chinese labels placed so that they do not overlap or
leave the frame (a label that finds no free place gives way to a number, listed under the
map as the map's key), a scale bar, a north arrow, a legend and the note that it is a
schematic. Sizes are in
viewBox units (640 wide), chosen to stay legible when the drawing is 360 px wide, and the
SVG scales to its container on screen and in print. Styles are attributes, not <style>,
so that an inline map never styles the rest of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from dangjian.geo.projection import Frame, Projection, mercator, nice_length
from dangjian.geo.track import LonLat

WIDTH = 640.0
FOOTER = 112.0
MIN_MAP_H, MAX_MAP_H = 340.0, 600.0
LABEL_FS = 22.0
SMALL_FS = 18.0
FONT = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif"
NOTE = "示意图（不绘制国界线）"

RED = "#b71c1c"
BLUE = "#0d47a1"
GREY = "#6b6b6b"
INK = "#212121"
PAPER = "#f7f4ee"

# marker kind -> (radius, fill, stroke, shape)
STYLES: dict[str, tuple[float, str, str, str]] = {
    "stop": (16.0, RED, "#ffffff", "circle"),
    "site": (8.0, RED, "#ffffff", "circle"),
    "school": (8.0, BLUE, "#ffffff", "square"),
    "brand": (4.0, GREY, "#ffffff", "circle"),
    "focus": (12.0, RED, "#ffffff", "circle"),
    "context": (6.0, "#9e9e9e", "#ffffff", "circle"),
    "town": (7.0, "#ffffff", INK, "circle"),
    "area": (0.0, "none", "none", "none"),  # a name only: a town whose position is approximate
}


@dataclass(frozen=True)
class Marker:
    """A point on the map, its label (may be empty) and how it is drawn."""

    lon: float
    lat: float
    kind: str
    label: str = ""
    number: int | None = None


@dataclass
class MapSpec:
    """Everything one map shows."""

    map_id: str
    title: str
    desc: str
    markers: list[Marker]
    lines: list[list[LonLat]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (marker kind or "line"/"dash", text)
    fit: list[LonLat] | None = None  # what the frame must show (default: every marker and line)
    min_span_km: float = 4.0
    note: str = NOTE


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class KeyItem:
    """A marker whose name found no place on the map: the number shown for it, and the name."""

    number: int
    name: str


@dataclass(frozen=True)
class DrawnMap:
    """One map's SVG and its key: the names drawn as numbers, for a list under the map."""

    svg: str
    key: tuple[KeyItem, ...] = ()


def text_width(text: str, size: float) -> float:
    """An estimate of a label's width: CJK and full-width glyphs are square, others narrower."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.56 for ch in text)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: Box, frame: Frame) -> bool:
    return (a[0] >= frame.left + 2 and a[1] >= frame.top + 2
            and a[2] <= frame.left + frame.width - 2 and a[3] <= frame.top + frame.height - 2)


def short_label(text: str, limit: int = 11) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def map_height(points: list[LonLat], min_span_km: float) -> float:
    """The map's height in units: the data's aspect, within sensible bounds."""
    merc = [mercator(lon, lat) for lon, lat in points]
    xs, ys = [m[0] for m in merc], [m[1] for m in merc]
    span = min_span_km / 6371.0088
    aspect = max(max(ys) - min(ys), span) / max(max(xs) - min(xs), span)
    return max(MIN_MAP_H, min(MAX_MAP_H, WIDTH * aspect * 1.1))


def render_svg(spec: MapSpec, *, standalone: bool = False) -> str:
    """The SVG text of one map."""
    return render_map(spec, standalone=standalone).svg


def render_map(spec: MapSpec, *, standalone: bool = False) -> DrawnMap:
    """One map's SVG, and the key of the names that did not fit on it."""
    points = spec.fit or ([(m.lon, m.lat) for m in spec.markers] + [p for line in spec.lines for p in line])
    height = map_height(points, spec.min_span_km)
    frame = Frame(0, 0, WIDTH, height)
    proj = Projection.fit(points, frame, padding=0.1, min_span_km=spec.min_span_km)
    total_h = height + FOOTER
    out: list[str] = []
    size = f' width="{WIDTH:.0f}" height="{total_h:.0f}"' if standalone else ""
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {total_h:.0f}"{size} '
        f'role="img" aria-labelledby="{spec.map_id}-t {spec.map_id}-d" class="dj-map-svg" '
        f'font-family="{FONT}">'
    )
    out.append(f'<title id="{spec.map_id}-t">{escape(spec.title)}</title>')
    out.append(f'<desc id="{spec.map_id}-d">{escape(spec.desc)}</desc>')
    out.append(f'<rect x="0" y="0" width="{WIDTH:.0f}" height="{total_h:.0f}" fill="#ffffff"/>')
    out.append(f'<rect x="0.5" y="0.5" width="{WIDTH - 1:.0f}" height="{height - 1:.1f}" fill="{PAPER}" '
               f'stroke="#cfc8b8"/>')
    out.extend(_lines(spec.lines, proj))
    obstacles: list[Box] = []
    placed, leaders = _spread([(m, *proj.xy(m.lon, m.lat)) for m in spec.markers])
    out.extend(leaders)
    for m, x, y in placed:
        r = STYLES[m.kind][0]
        if r >= 6:  # brand dots are small enough for a haloed label to cross
            obstacles.append((x - r, y - r, x + r, y + r))
    # draw the less important first so that stops and the focus sit on top
    order = sorted(placed, key=lambda t: _rank(t[0]))
    for m, x, y in reversed(order):
        out.append(_marker(m, x, y))
    labels, key = _labels(order, frame, obstacles)
    out.extend(labels)
    out.extend(_footer(spec, proj, height))
    out.append("</svg>")
    return DrawnMap("".join(out), tuple(sorted(key, key=lambda k: k.number)))


def _spread(
    placed: list[tuple[Marker, float, float]],
) -> tuple[list[tuple[Marker, float, float]], list[str]]:
    """Move numbered markers that would hide one another apart, with a leader to the true spot."""
    out: list[tuple[Marker, float, float]] = []
    leaders: list[str] = []
    numbered: list[tuple[float, float]] = []
    for m, x, y in placed:
        if m.number is None:
            out.append((m, x, y))
            continue
        r = STYLES[m.kind][0]
        nx, ny = x, y
        step = 0
        while any(math.hypot(nx - ox, ny - oy) < 2 * r + 2 for ox, oy in numbered) and step < 24:
            angle = math.radians(-45 + 45 * (step % 8))
            dist = (2 * r + 4) * (1 + step // 8)
            nx, ny = x + dist * math.cos(angle), y + dist * math.sin(angle)
            step += 1
        if (nx, ny) != (x, y):
            leaders.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{nx:.1f}" y2="{ny:.1f}" stroke="{INK}" '
                           f'stroke-width="2"/><circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{INK}"/>')
        numbered.append((nx, ny))
        out.append((m, nx, ny))
    return out, leaders


def _rank(m: Marker) -> int:
    return {"focus": 0, "stop": 1, "town": 2, "site": 3, "school": 4, "area": 5, "context": 6,
            "brand": 7}[m.kind]


def _lines(lines: list[list[LonLat]], proj: Projection) -> list[str]:
    out = []
    for line in lines:
        pts = " ".join(f"{x:.0f},{y:.0f}" for x, y in (proj.xy(lon, lat) for lon, lat in line))
        out.append(f'<polyline points="{pts}" fill="none" stroke="#ffffff" stroke-width="10" '
                   'stroke-linejoin="round" stroke-linecap="round"/>')
        out.append(f'<polyline points="{pts}" fill="none" stroke="{RED}" stroke-width="5" '
                   'stroke-linejoin="round" stroke-linecap="round"/>')
    return out


def _marker(m: Marker, x: float, y: float) -> str:
    r, fill, stroke, shape = STYLES[m.kind]
    if shape == "none":
        return ""
    if shape == "square":
        body = (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
    else:
        body = (f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:g}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="{3 if m.kind in ("stop", "focus", "town") else 1.5}"/>')
    if m.kind == "focus":
        body += f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#ffffff"/>'
    if m.number is not None:
        body += (f'<text x="{x:.1f}" y="{y:.1f}" dy="0.36em" text-anchor="middle" font-size="19" '
                 f'font-weight="700" fill="#ffffff">{m.number}</text>')
    return body


_CANDIDATES = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def _labels(order: list[tuple[Marker, float, float]], frame: Frame,
            obstacles: list[Box]) -> tuple[list[str], list[KeyItem]]:
    """Greedy placement: the most important label first, at the first free spot around its marker.

    A name with no free spot gives way to a number: a stop's own number (already in its
    circle), or the next free one, placed like a label. Either way it goes into the key. An
    area's name (a town placed approximately, drawn without a point) gives way to nothing."""
    out: list[str] = []
    key: list[KeyItem] = []
    taken: list[Box] = list(obstacles)
    numbers = {m.number for m, _, _ in order if m.number is not None}
    next_number = max(numbers, default=0) + 1
    for m, x, y in order:
        if not m.label:
            continue
        r = STYLES[m.kind][0]
        own = (x - r, y - r, x + r, y + r)
        sizes = (LABEL_FS, SMALL_FS) if m.kind in ("stop", "focus") else (SMALL_FS,)
        spot = _free_spot(m.label, sizes, x, y, r, frame, taken, own)
        text = m.label
        if spot is None and m.number is not None:
            key.append(KeyItem(m.number, m.label))
            continue
        if spot is None and m.kind == "area":
            continue  # a name without a point: a number in its place would mark nothing
        if spot is None:
            text = str(next_number)
            spot = _free_spot(text, (SMALL_FS,), x, y, r, frame, taken, own, rings=3)
            key.append(KeyItem(next_number, m.label))
            next_number += 1
            if spot is None:
                continue  # not even a number fits: the name is in the key all the same
        box, fs = spot
        taken.append(box)
        out.append(
            f'<text x="{box[0]:.1f}" y="{box[1] + fs * 0.96:.1f}" font-size="{fs:.0f}" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">'
            f"{escape(text)}</text>"
        )
    return out, key


def _free_spot(label: str, sizes: tuple[float, ...], x: float, y: float, r: float, frame: Frame,
               taken: list[Box], own: Box, rings: int = 2) -> tuple[Box, float] | None:
    """The first candidate box inside the frame that overlaps nothing placed before."""
    return next((s for fs in sizes for ring in range(rings) for s in _spots(label, fs, x, y, r, ring)
                 if _inside(s[0], frame) and not any(_overlaps(s[0], t) for t in taken if t != own)),
                None)


def _spots(label: str, fs: float, x: float, y: float, r: float, ring: int) -> list[tuple[Box, float]]:
    """Candidate label boxes around a marker: right, left, above, below, then the diagonals."""
    w, h = text_width(label, fs), fs * 1.2
    gap = r + 5 + ring * h
    spots = []
    for dx, dy in _CANDIDATES:
        cx = x + dx * gap + (0 if dx >= 0 else -w) - (w / 2 if dx == 0 else 0)
        cy = y + dy * (gap + h / 2) - h / 2
        spots.append(((cx, cy, cx + w, cy + h), fs))
    return spots


def _north_arrow(x: float, top: float) -> str:
    return (
        f'<g aria-hidden="true"><path d="M{x:.1f} {top:.1f} L{x + 13:.1f} {top + 42:.1f} '
        f'L{x:.1f} {top + 33:.1f} L{x - 13:.1f} {top + 42:.1f} Z" fill="{INK}"/>'
        f'<text x="{x:.1f}" y="{top + 64:.1f}" text-anchor="middle" font-size="18" font-weight="700" '
        f'fill="{INK}">北</text></g>'
    )


def _legend_symbol(kind: str, x: float, y: float) -> str:
    if kind == "line":
        return (f'<line x1="{x - 14:.1f}" y1="{y:.1f}" x2="{x + 14:.1f}" y2="{y:.1f}" stroke="{RED}" '
                'stroke-width="5" stroke-linecap="round"/>')
    return _marker(Marker(0, 0, kind, number=1 if kind == "stop" else None), x, y).replace(
        'r="16"', 'r="13"').replace('font-size="19"', 'font-size="18"')


def _footer(spec: MapSpec, proj: Projection, top: float) -> list[str]:
    out: list[str] = []
    x, y = 24.0, top + 28
    for kind, text in spec.legend:
        w = 36 + text_width(text, SMALL_FS) + 22
        if x + w > WIDTH - 70:
            x, y = 24.0, y + 28
        out.append(_legend_symbol(kind, x, y))
        out.append(f'<text x="{x + 20:.1f}" y="{y:.1f}" dy="0.35em" font-size="{SMALL_FS:.0f}" '
                   f'fill="{INK}">{escape(text)}</text>')
        x += w
    # scale bar: a round length no longer than a quarter of the width
    km = nice_length(WIDTH * 0.25 * proj.km_per_unit)
    bar = km / proj.km_per_unit
    by = top + FOOTER - 24
    bx = WIDTH - 70 - bar
    label = f"{km:g} 公里"
    out.append(
        f'<g aria-hidden="true"><path d="M{bx:.1f} {by - 8:.1f} V{by:.1f} H{bx + bar:.1f} V{by - 8:.1f}" '
        f'fill="none" stroke="{INK}" stroke-width="3"/>'
        f'<text x="{bx:.1f}" y="{by - 14:.1f}" font-size="{SMALL_FS:.0f}" fill="{INK}">0</text>'
        f'<text x="{bx + bar:.1f}" y="{by - 14:.1f}" text-anchor="end" font-size="{SMALL_FS:.0f}" '
        f'fill="{INK}">{escape(label)}</text></g>'
    )
    out.append(_north_arrow(WIDTH - 32, top + 16))
    out.append(f'<text x="24" y="{by:.1f}" font-size="{SMALL_FS:.0f}" fill="{GREY}">'
               f"{escape(spec.note)}</text>")
    return out


