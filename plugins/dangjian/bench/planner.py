"""Planner timing for 12 stops in Chromium, through the planner's own bench hook.

The planner (plugins/dangjian/assets/javascripts/planner/) is built in its own issue. Its
page exposes `window.dangjianPlannerBench(stops)`, which plans a tour of that many stops
and resolves to the milliseconds it took; this module opens the planner page of a built
site and calls it. Until the planner and its hook exist the measurement is skipped with a
note, never faked.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from dangjian.bench.firstvisit import CHROMIUM, CHROMIUM_ARGS, gzip_server

HOOK = "dangjianPlannerBench"
STOPS = 12


def planner_sources() -> Path | None:
    folder = resources.files("dangjian") / "assets" / "javascripts" / "planner"
    return Path(str(folder)) if folder.is_dir() else None


def planner_page(site: Path) -> str | None:
    """The page of the built site that loads the planner and names the hook."""
    for html in sorted(site.rglob("index.html")):
        text = html.read_text(encoding="utf-8", errors="replace")
        if "javascripts/planner/" in text:
            return html.parent.relative_to(site).as_posix() + "/"
    return None


def planner_time(site: Path, stops: int = STOPS) -> dict[str, Any]:
    """{"stops", "milliseconds"} or {"skipped": why}."""
    sources = planner_sources()
    if sources is None:
        return {"skipped": "no planner yet (assets/javascripts/planner/ is absent)"}
    if not any(HOOK in p.read_text(encoding="utf-8", errors="replace") for p in sources.rglob("*.js")):
        return {"skipped": f"the planner exposes no bench hook (window.{HOOK})"}
    page = planner_page(site)
    if page is None:
        return {"skipped": "no page of the built site loads the planner"}
    from playwright.sync_api import sync_playwright

    with gzip_server(site) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(base + page, wait_until="networkidle")
            tab.wait_for_function(f"typeof window.{HOOK} === 'function'", timeout=15000)
            ms = tab.evaluate(f"async (n) => await window.{HOOK}(n)", stops)
        finally:
            browser.close()
    return {"stops": stops, "milliseconds": float(ms), "page": page}
