"""Planner timing for 12 stops in Chromium, through the planner's own bench hook.

The planner (plugins/dangjian/assets/javascripts/planner/) is built in its own issue. When
its page exposes `window.dangjianPlannerBench(stops)` (plan a tour of that many stops,
resolve to the milliseconds it took), that is what is measured. Otherwise the planner's
exact solver is timed directly: its `optimise.js` module is imported in the page and
`optimiseTour` plans 12 stops placed around Mishan, with opening windows and a lunch
(median of several runs, after one warm-up). Until the planner exists the measurement is
skipped with a note, never faked.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from bench.firstvisit import CHROMIUM, CHROMIUM_ARGS, gzip_server
from bench.measure import gzip_bytes

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


PLACES_JSON = "assets/dangjian/planner/places.json"


def places_json_size(site: Path) -> dict[str, Any]:
    """{"places", "bytes", "gzip"} of the planner's data in a built site, or {"skipped": why}.

    It must grow linearly with the places (no travel matrix in it): the page downloads it.
    """
    path = site / PLACES_JSON
    if not path.is_file():
        return {"skipped": f"no {PLACES_JSON} in the built site"}
    raw = path.read_bytes()
    places = len(json.loads(raw).get("places", []))
    return {"places": places, "bytes": len(raw), "gzip": gzip_bytes(raw)}


def planner_time(site: Path, stops: int = STOPS, throttle: float = 1.0) -> dict[str, Any]:
    """{"stops", "milliseconds"} or {"skipped": why}. throttle: Chromium's CPU slowdown factor
    (4: the phone-class target of the planner, 12 stops with opening windows and lunch in 200 ms)."""
    sources = planner_sources()
    if sources is None:
        return {"skipped": "no planner yet (assets/javascripts/planner/ is absent)"}
    page = planner_page(site)
    if page is None:
        return {"skipped": "no page of the built site loads the planner"}
    from playwright.sync_api import sync_playwright

    with gzip_server(site) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(base + page, wait_until="networkidle")
            if throttle != 1.0:
                cdp = tab.context.new_cdp_session(tab)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            if tab.evaluate(f"typeof window.{HOOK} === 'function'"):
                ms = tab.evaluate(f"async (n) => await window.{HOOK}(n)", stops)
                how = f"window.{HOOK}"
            else:
                ms = tab.evaluate(SOLVER_TIMING, {"module": base + TOUR_MODULE, "stops": stops})
                how = "optimise.js optimiseTour"
        finally:
            browser.close()
    if ms is None:
        return {"skipped": "the planner has neither a bench hook nor optimise.js optimiseTour"}
    return {"stops": stops, "milliseconds": float(ms), "page": page, "how": how, "throttle": throttle}


TOUR_MODULE = "assets/dangjian/javascripts/planner/optimise.js"

# Stops on a ring around Mishan; minutes by straight-line km at 40 km/h, start at 0; each stop
# open 08:30-11:30 and 13:00-16:30 (some from 09:00 or to 16:00), 30 to 75 minutes' visits,
# lunch starting between 11:30 and 13:00 for 60 minutes, the day over by 18:00.
SOLVER_TIMING = """async ({module, stops}) => {
  const tour = await import(module);
  if (typeof tour.optimiseTour !== "function") return null;
  const pts = [[45.54, 131.87]];
  for (let i = 0; i < stops; i++) {
    const a = (2 * Math.PI * i) / stops, r = 0.1 + 0.25 * ((i * 7) % stops) / stops;
    pts.push([45.54 + r * Math.sin(a), 131.87 + 1.4 * r * Math.cos(a)]);
  }
  const km = (p, q) => Math.hypot((p[0] - q[0]) * 111, (p[1] - q[1]) * 78);
  const minutes = pts.map((p) => pts.map((q) => Math.round((km(p, q) / 40) * 60)));
  const open = pts.slice(1).map((_, i) => [[i % 3 ? 510 : 540, 690], [780, i % 4 ? 990 : 960]]);
  const visit = pts.slice(1).map((_, i) => 30 + 15 * (i % 4));
  const day = { minutes, visit, open, start: 480, latest: 1080, lunch: { from: 690, to: 780, minutes: 60 } };
  const plan = () => tour.optimiseTour({ stops, days: 1, back: true, day: () => day });
  plan();
  const times = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    plan();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[2];
}"""
