"""The benchmark's outputs: the terminal table, the JSON file, the README's 性能 section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.targets import KB, MB, Verdict, evaluate, show, summary

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

CONTENDERS: dict[str, str] = {
    "ours": "dangjian (our build)",
    "material": "Material, pages out of nav",
    "material_nav": "Material, every page in nav",
    "hugo": "Hugo",
}
COLUMNS = ("brands", "build", "wall", "peak mem", "site", "brand HTML max", "brand HTML median",
           "search index", "index gzip", "check")


def _num(value: Any, scale: float, fmt: str, unit: str) -> str:
    return "—" if value is None else format(value / scale, fmt) + unit


def rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per size and contender, as strings; skipped ones say why."""
    out: list[tuple[str, ...]] = []
    for size in result.get("sizes", []):
        for key, label in CONTENDERS.items():
            m = size.get(key)
            if m is None:
                continue
            if "skipped" in m:
                out.append((f"{size['n']:,}", label, "skipped", *[""] * 7))
                continue
            check = size.get("check", {}).get("seconds") if key == "ours" else None
            out.append((
                f"{size['n']:,}", label,
                _num(m.get("seconds"), 1, ".2f", " s"),
                _num(m.get("max_rss"), MB, ",.0f", " MB"),
                _num(m.get("site_bytes"), MB, ",.1f", " MB"),
                _num(m.get("brand_html_max"), KB, ",.1f", " KB"),
                _num(m.get("brand_html_median"), KB, ",.1f", " KB"),
                _num(m.get("search_index"), KB, ",.0f", " KB"),
                _num(m.get("search_index_gzip"), KB, ",.0f", " KB"),
                "" if check is None else f"{check:.2f} s",
            ))
    return out


def text_table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    """A plain aligned table for the terminal (CJK-unaware widths are fine for ASCII cells)."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, body)])


def markdown_table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    cells = lambda r: "| " + " | ".join(c.replace("|", "\\|") for c in r) + " |"  # noqa: E731
    return "\n".join([cells(header), "|" + "---|" * len(header), *map(cells, body)])


def verdict_rows(verdicts: list[Verdict]) -> list[tuple[str, ...]]:
    return [(v.target, "" if v.size is None else f"{v.size:,}", show(v.value, v.unit),
             "≤ " + show(v.limit, v.unit), v.status, v.note) for v in verdicts]


VERDICT_HEADER = ("target", "brands", "measured", "limit", "status", "note")


def extras(result: dict[str, Any]) -> list[str]:
    """The single measurements: rebuild latency, first visits, maps, planner."""
    lines = []
    rebuild = result.get("rebuild") or {}
    if "seconds" in rebuild:
        lines.append(f"rebuild in `mkdocs serve` after editing one brand ({rebuild['n']:,} brands): "
                     f"{rebuild['seconds']:.2f} s (serve start-up {rebuild['startup_seconds']:.1f} s)")
    elif rebuild.get("skipped"):
        lines.append(f"rebuild in `mkdocs serve`: skipped ({rebuild['skipped']})")
    for size in result.get("sizes", []):
        visit = size.get("first_visit") or {}
        if "bytes" in visit:
            lines.append(f"first visit to {visit['page']} ({size['n']:,} brands): "
                         f"{visit['bytes'] / KB:,.1f} KB in {visit['requests']} requests, "
                         f"{visit['outside_requests']} to other hosts; largest: "
                         + ", ".join(f"{p} {b / KB:,.1f} KB" for p, b in visit["largest"][:3]))
        elif visit.get("skipped"):
            lines.append(f"first visit ({size['n']:,} brands): skipped ({visit['skipped']})")
    for size in result.get("sizes", []):
        data = size.get("planner_data") or {}
        if "bytes" in data:
            lines.append(f"planner data (places.json, {size['n']:,} brands, {data['places']:,} places): "
                         f"{data['bytes'] / KB:,.1f} KB, {data['gzip'] / KB:,.1f} KB gzip")
    for size in result.get("sizes", []):
        for key, label in CONTENDERS.items():
            if "skipped" in (size.get(key) or {}):
                lines.append(f"{label} at {size['n']:,} brands: skipped ({size[key]['skipped']})")
    maps = result.get("maps") or {}
    if "ratio" in maps:
        verdict = "PASS" if maps["ratio"] <= maps["target"] else "MISS"
        lines.append(f"maps: build {maps['with']:.2f} s with dangjian/maps, {maps['without']:.2f} s without "
                     f"(×{maps['ratio']:.3f}, target ≤ ×{maps['target']:.2f}) {verdict}")
    elif maps.get("skipped"):
        lines.append(f"maps: skipped ({maps['skipped']})")
    planner = result.get("planner") or {}
    if "milliseconds" in planner:
        slower = f", CPU throttled {planner['throttle']:g}x" if planner.get("throttle", 1) != 1 else ""
        lines.append(f"planner, {planner['stops']} stops, in Chromium ({planner.get('how', '')}{slower}): "
                     f"{planner['milliseconds']:.1f} ms")
    elif planner.get("skipped"):
        lines.append(f"planner: skipped ({planner['skipped']})")
    return lines


def ratio_lines(result: dict[str, Any]) -> list[str]:
    """Our build against each baseline, size by size."""
    out = []
    for size in result.get("sizes", []):
        ours = (size.get("ours") or {}).get("seconds")
        parts = []
        for key in ("material", "material_nav", "hugo"):
            other = (size.get(key) or {}).get("seconds")
            if ours and other:
                parts.append(f"{ours / other:.2f}× {CONTENDERS[key]}")
        if parts:
            out.append(f"{size['n']:,} brands: ours = " + ", ".join(parts))
    return out


def terminal(result: dict[str, Any]) -> str:
    verdicts = evaluate(result)
    counts = summary(verdicts)
    parts = [text_table(COLUMNS, rows(result)), "", *ratio_lines(result), "", *extras(result), "",
             text_table(VERDICT_HEADER, verdict_rows(verdicts)), "",
             f"targets: {counts['PASS']} PASS, {counts['MISS']} MISS, {counts['SKIP']} SKIP"]
    return "\n".join(parts)


def machine_line(machine: dict[str, Any]) -> str:
    keys = ("cpu", "cores", "memory_gb", "os", "python", "mkdocs", "mkdocs-material", "hugo", "chromium",
            "load_average")
    return "; ".join(f"{k} {machine[k]}" for k in keys if machine.get(k))


def readme_section(result: dict[str, Any]) -> str:
    """The 性能 section, generated from the JSON (Chinese headings, measured figures)."""
    verdicts = evaluate(result)
    counts = summary(verdicts)
    opts = result.get("options", {})
    return "\n".join([
        "## 性能",
        "",
        f"由 `scripts/bench` 于 {result.get('date', '?')} 测得"
        f"（每项构建取 {opts.get('runs', '?')} 次的中位数；"
        "同一次运行中与原版 Material、Hugo 并排比较）。请勿手改本节：运行 `make bench`，"
        "再用 `scripts/bench --report` 重新生成。",
        "",
        f"机器：{machine_line(result.get('machine', {}))}",
        "",
        markdown_table(COLUMNS, rows(result)),
        "",
        *(f"- {line}" for line in [*ratio_lines(result), *extras(result)]),
        "",
        markdown_table(VERDICT_HEADER, verdict_rows(verdicts)),
        "",
        f"目标：{counts['PASS']} 项达到（PASS），{counts['MISS']} 项未达到（MISS），"
        f"{counts['SKIP']} 项未测（SKIP）。",
    ])


def replace_between_markers(text: str, section: str) -> str:
    """text with what lies between the bench markers replaced; markers appended when absent."""
    block = f"{START}\n{section.strip()}\n{END}"
    start, end = text.find(START), text.find(END)
    if start == -1 or end == -1 or end < start:
        return text.rstrip("\n") + "\n\n" + block + "\n"
    return text[:start] + block + text[end + len(END):]


def write_json(result: dict[str, Any], path: Path) -> None:
    result = {**result, "targets": [v.as_dict() for v in evaluate(result)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def update_readme(json_path: Path, readme: Path) -> None:
    result = json.loads(json_path.read_text(encoding="utf-8"))
    readme.write_text(replace_between_markers(readme.read_text(encoding="utf-8"), readme_section(result)),
                      encoding="utf-8")
