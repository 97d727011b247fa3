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


VISIT_HEADER = ("brands", "page type", "page", "transferred", "requests", "interactive", "settled",
                "load", "first paint", "long tasks")


def first_visit_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per size and page type of the first visits; a size without them says why."""
    out: list[tuple[str, ...]] = []
    for size in result.get("sizes", []):
        visits = size.get("first_visits")
        if visits is None:
            continue
        if "skipped" in visits:
            out.append((f"{size['n']:,}", "skipped", visits["skipped"], *[""] * 7))
            continue
        for v in visits.get("pages", []):
            runs = v.get("runs_seconds") or []
            seconds = f"{v['interactive_seconds']:.2f} s"
            if len(runs) > 1:  # the median run counts; every run is shown
                seconds += " (" + ", ".join(f"{s:.2f}" for s in runs) + ")"
            status = "" if v["status"] == 200 else f" ({v['status']})"
            out.append((
                f"{size['n']:,}", v["kind"], "/" + v["page"] + status,
                _num(v["bytes"], KB, ",.1f", " KB"), str(v["requests"]), seconds,
                _num(v.get("settled_seconds"), 1, ".2f", " s"), _num(v["load_seconds"], 1, ".2f", " s"),
                _num(v["fcp_seconds"], 1, ".2f", " s"),
                str(v["long_tasks"]),
            ))
    return out


def first_visit_setup(result: dict[str, Any]) -> str | None:
    """How the first visits were made, from what the result recorded."""
    setup = next((s["first_visits"]["setup"] for s in result.get("sizes", [])
                  if "setup" in (s.get("first_visits") or {})), None)
    if setup is None:
        return None
    net = setup["network"]
    # `--only first-visit` adds them to earlier results: their own date, when they have one
    when = f" (measured {setup['date']})" if setup.get("date") else ""
    return (f"first visit to each page type{when}: Chromium, empty cache, {setup['viewport']}, CPU throttled "
            f"{setup['cpu_slowdown']:g}×, network {net['downloadThroughput'] * 8 / 1e6:g} Mbit/s with "
            f"{net['latency']:g} ms round trip; the server compresses as nginx does and counts every byte "
            f"it sends. {setup['interactive']}")


def a11y_line(result: dict[str, Any]) -> str | None:
    a11y = result.get("a11y_code") or {}
    if "gzip" not in a11y:
        return f"read-aloud and dark-mode code: skipped ({a11y['skipped']})" if a11y.get("skipped") else None
    return (f"read-aloud and dark-mode code: {a11y['gzip'] / KB:,.1f} KB gzip "
            f"({a11y['bytes'] / KB:,.1f} KB uncompressed): "
            + ", ".join(f"{p['what']} {p['gzip'] / KB:,.1f} KB" for p in a11y["parts"]))


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
    for line in (first_visit_setup(result), a11y_line(result)):
        if line:
            lines.append(line)
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
    visits = first_visit_rows(result)
    parts = [text_table(COLUMNS, rows(result)), "", *ratio_lines(result), "", *extras(result), "",
             *([text_table(VISIT_HEADER, visits), ""] if visits else []),
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
        *([markdown_table(VISIT_HEADER, first_visit_rows(result)), ""] if first_visit_rows(result) else []),
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
