"""The issue's targets, evaluated on one benchmark result: PASS, MISS, or SKIP with a reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

KB = 1024
MB = 1024 * 1024

BUILD_RATIO = 1.0  # our build / plain Material out of the navigation, at every size
GROWTH = 40.0  # 10,000-brand build / 283-brand build
GROWTH_FROM, GROWTH_TO = 283, 10_000
PEAK_MEMORY = 1536 * MB  # at 10,000 brands
BRAND_HTML = 60 * KB
FIRST_VISIT = 350 * KB  # transferred on a first visit, every page type
INTERACTIVE_SECONDS = 2.0  # first visit, every page type, CPU throttled 4x on a 4G-like network
A11Y_CODE = 10 * KB  # gzip: what the site ships for 长辈模式, 朗读 and dark mode
REBUILD_SECONDS = 3.0  # at 283 brands
CHECK_SECONDS = 1.0  # at 283 brands
PLANNER_MS = 200.0  # 12 stops with opening windows and lunch, Chromium's CPU throttled PLANNER_THROTTLE times
PLANNER_THROTTLE = 4.0


@dataclass(frozen=True)
class Verdict:
    """One target at one size."""

    target: str
    size: int | None
    value: float | None
    limit: float
    unit: str
    status: str  # PASS | MISS | SKIP
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _judge(target: str, size: int | None, value: float | None, limit: float, unit: str,
           note: str = "") -> Verdict:
    if value is None:
        return Verdict(target, size, None, limit, unit, "SKIP", note or "not measured")
    return Verdict(target, size, value, limit, unit, "PASS" if value <= limit else "MISS", note)


def growth_limit(small: int, large: int) -> float:
    """The allowed build-time growth from small to large brands.

    The issue allows 40x from 283 to 10,000 (35.3x more brands): linear growth with some
    slack. Other pairs of sizes get the same allowance in proportion.
    """
    return GROWTH * (large / small) / (GROWTH_TO / GROWTH_FROM)


def _get(d: dict[str, Any] | None, *keys: str) -> Any:
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def evaluate(result: dict[str, Any]) -> list[Verdict]:
    """Every target the result can answer; what it cannot answer is SKIP with the reason."""
    verdicts: list[Verdict] = []
    sizes: list[dict[str, Any]] = result.get("sizes", [])
    for row in sizes:
        n = row["n"]
        ours, plain = _get(row, "ours", "seconds"), _get(row, "material", "seconds")
        ratio = ours / plain if ours and plain else None
        verdicts.append(_judge("build time / plain Material out of nav", n, ratio, BUILD_RATIO, "x"))
        verdicts.append(_judge("brand page HTML (largest)", n, _get(row, "ours", "brand_html_max"),
                               BRAND_HTML, "bytes"))
        if "first_visit" in row:  # results from before every page type was measured
            visit = row["first_visit"] or {}
            verdicts.append(_judge("first visit to a brand page", n, visit.get("bytes"), FIRST_VISIT,
                                   "bytes", visit.get("skipped", "")))
            if "outside_requests" in visit:
                verdicts.append(_judge("requests to other hosts", n, visit["outside_requests"], 0,
                                       "requests"))
        else:
            verdicts.extend(first_visit_verdicts(n, row.get("first_visits")))
    if sizes:
        largest = max(sizes, key=lambda r: r["n"])
        note = "" if largest["n"] >= GROWTH_TO else f"measured at {largest['n']}, target is at {GROWTH_TO}"
        verdicts.append(_judge("peak memory", largest["n"], _get(largest, "ours", "max_rss"),
                               PEAK_MEMORY, "bytes", note))
    verdicts.append(_growth(sizes))
    smallest = min(sizes, key=lambda r: r["n"]) if sizes else None
    n0 = smallest["n"] if smallest else None
    note = "" if n0 == GROWTH_FROM else f"target is at {GROWTH_FROM}"
    verdicts.append(_judge("rebuild after one brand edit", n0,
                           _get(result, "rebuild", "seconds"), REBUILD_SECONDS, "s",
                           _get(result, "rebuild", "skipped") or note))
    verdicts.append(_judge("dangjian check (cold process)", n0, _get(smallest, "check", "seconds"),
                           CHECK_SECONDS, "s", note))
    a11y = result.get("a11y_code") or {}
    verdicts.append(_judge("read-aloud and dark-mode code (gzip)", None, a11y.get("gzip"), A11Y_CODE,
                           "bytes", a11y.get("skipped", "")))
    planner = result.get("planner") or {}
    verdicts.append(_judge(f"planner, 12 stops, CPU throttled {PLANNER_THROTTLE:g}x", None,
                           planner.get("milliseconds"), PLANNER_MS, "ms", planner.get("skipped", "")))
    return verdicts


def first_visit_verdicts(n: int, visits: dict[str, Any] | None) -> list[Verdict]:
    """The first-visit targets at one size: the worst page type's bytes and time to interactive
    (the note names it), and requests to other hosts (none on any page)."""
    visits = visits or {}
    pages: list[dict[str, Any]] = visits.get("pages") or []
    bytes_name = "first visit, every page type: transferred"
    time_name = "first visit, every page type: interactive"
    if not pages:
        note = visits.get("skipped", "")
        return [_judge(bytes_name, n, None, FIRST_VISIT, "bytes", note),
                _judge(time_name, n, None, INTERACTIVE_SECONDS, "s", note)]
    heaviest = max(pages, key=lambda p: p["bytes"])
    slowest = max(pages, key=lambda p: p["interactive_seconds"])
    missing = visits.get("missing_types") or []
    absent = f"; no {', '.join(missing)} in this site" if missing else ""
    return [
        _judge(bytes_name, n, heaviest["bytes"], FIRST_VISIT, "bytes",
               f"worst of {len(pages)}: {heaviest['kind']} (/{heaviest['page']}){absent}"),
        _judge(time_name, n, slowest["interactive_seconds"], INTERACTIVE_SECONDS, "s",
               f"worst of {len(pages)}: {slowest['kind']} (/{slowest['page']}){absent}"),
        _judge("requests to other hosts", n, max(p["outside_requests"] for p in pages), 0, "requests"),
    ]


def _growth(sizes: list[dict[str, Any]]) -> Verdict:
    timed = [r for r in sizes if _get(r, "ours", "seconds")]
    if len(timed) < 2:
        return _judge("build growth (largest / smallest)", None, None, GROWTH, "x",
                      "needs two sizes")
    small = min(timed, key=lambda r: r["n"])
    large = max(timed, key=lambda r: r["n"])
    limit = growth_limit(small["n"], large["n"])
    ratio = large["ours"]["seconds"] / small["ours"]["seconds"]
    return _judge(f"build growth {small['n']} → {large['n']}", large["n"], ratio, round(limit, 2), "x")


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    counts = {"PASS": 0, "MISS": 0, "SKIP": 0}
    for v in verdicts:
        counts[v.status] += 1
    return counts


FORMATTERS: dict[str, Callable[[float], str]] = {
    "x": lambda v: f"{v:.2f}×",
    "s": lambda v: f"{v:.2f} s",
    "ms": lambda v: f"{v:.0f} ms",
    "bytes": lambda v: f"{v / KB:,.1f} KB" if v < 10 * MB else f"{v / MB:,.0f} MB",
    "requests": lambda v: f"{int(v)}",
}


def show(value: float | None, unit: str) -> str:
    return "—" if value is None else FORMATTERS[unit](value)
