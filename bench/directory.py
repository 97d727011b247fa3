"""The brand directory's first view in a throttled Chromium: bytes transferred, DOM size, load.

`python -m bench.directory --sizes 10000,100000` makes a scale copy of the project
with the benchmark's sample brands (bench.projects), builds it with
`mkdocs build --strict`, and opens brands/ on a phone-sized, throttled Chromium (the CPU 4x
slower and WebPageTest's 4G network, bench.firstvisit.throttle) with an empty cache,
served compressed by the benchmark's server (bench.firstvisit). It reports what the
first view cost (every byte the server wrote until the page settled, headers included), its
DOM (elements, and all nodes with text), the time to the load event, and then the cost of a
shared filtered link (?field=…&town=…) and of a text query (?q=…), which read the directory's
JSON files. `--site` measures an already built site instead.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import projects
from bench.firstvisit import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS, gzip_server, throttle
from bench.measure import timed_run
from bench.synthetic import synthetic_brands

PAGE = "brands/"
TEXT_QUERY = "先锋"
_DOM = """() => {
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  let nodes = 0;
  while (walker.nextNode()) nodes++;
  const nav = performance.getEntriesByType("navigation")[0];
  return { elements: document.getElementsByTagName("*").length, nodes,
           load_ms: nav ? nav.loadEventEnd : null };
}"""


@dataclass(frozen=True)
class View:
    """One visit in a fresh, throttled browser context."""

    address: str
    bytes: int
    requests: int
    elements: int
    nodes: int
    load_seconds: float | None
    shown: str
    largest: tuple[tuple[str, int], ...]


def _settle(counter: Any, quiet: float = 1.0) -> None:
    seen, since = -1, time.monotonic()
    while time.monotonic() - since < quiet:
        if len(counter.requests) != seen:
            seen, since = len(counter.requests), time.monotonic()
        time.sleep(0.1)


def directory_views(site: Path, *, throttled: bool = True) -> dict[str, Any]:
    """The first view of brands/, a shared filtered link and a text query, each in a fresh context."""
    from playwright.sync_api import sync_playwright  # bench/test dependency only

    meta = json.loads((site / "assets/dangjian/directory/facets.json").read_text(encoding="utf-8"))
    field, town = (next(f for f in meta["facets"] if f["name"] == n)["values"][0] for n in ("field", "town"))
    addresses = {
        "first_view": PAGE,
        "filtered_link": f"{PAGE}?field={quote(field)}&town={quote(town)}",
        "text_query": f"{PAGE}?q={quote(TEXT_QUERY)}",
    }
    out: dict[str, Any] = {"brands": meta["total"], "json_files": json_sizes(site)}
    with gzip_server(site) as (base, counter), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, address in addresses.items():
                context = browser.new_context(service_workers="block", locale="zh-CN", viewport=PHONE)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                              else route.abort())
                page = context.new_page()
                if throttled:
                    throttle(context, page)
                before = len(counter.requests)
                page.goto(base + address, wait_until="load", timeout=TIMEOUT_MS)
                if name != "first_view":
                    page.wait_for_function("() => /符合条件|未能加载/.test(document.querySelector("
                                           "'[data-filter-count]').textContent)", timeout=TIMEOUT_MS)
                _settle(counter)
                dom = page.evaluate(_DOM)
                shown = page.locator("[data-filter-count]").inner_text()
                with counter.lock:
                    sent = counter.requests[before:]
                out[name] = asdict(View(
                    address, sum(s for _, s in sent), len(sent), dom["elements"], dom["nodes"],
                    round(dom["load_ms"] / 1000, 2) if dom["load_ms"] else None, shown,
                    tuple(sorted(sent, key=lambda r: -r[1])[:3])))
                context.close()
        finally:
            browser.close()
    return out


def json_sizes(site: Path) -> dict[str, Any]:
    import gzip

    files = sorted((site / "assets/dangjian/directory").glob("*.json"))
    raw = [f.read_bytes() for f in files]
    packed = [len(gzip.compress(b, compresslevel=6)) for b in raw]
    rows = [(len(b), p) for f, b, p in zip(files, raw, packed, strict=True) if f.name != "facets.json"]
    facets = next(len(b) for f, b in zip(files, raw, strict=True) if f.name == "facets.json")
    return {
        "files": len(files), "facets_bytes": facets,
        "largest_bytes": max(len(b) for b in raw), "largest_gzip": max(packed),
        "rows_total_bytes": sum(r for r, _ in rows), "rows_total_gzip": sum(p for _, p in rows),
    }


def build_scale_copy(root: Path, work: Path, n: int) -> Path:
    """A copy of the project at root with n entity pages (the bench's sample brands), built."""
    catalog = projects.shipped_catalog(root)
    extra = max(0, n - projects.entity_pages(catalog))
    project = projects.copy_project(root, work / f"project-{n}",
                                    synthetic_brands(projects.brand_templates(catalog), extra))
    site = work / f"site-{n}"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(project / "mkdocs.yml"),
           "-d", str(site)]
    run = timed_run(cmd, env={"NO_MKDOCS_2_WARNING": "1"})
    if run.returncode != 0:
        raise RuntimeError(f"the build of {n:,} failed:\n{run.output[-4000:]}")
    shutil.rmtree(project)
    return site


def report(result: dict[str, Any]) -> str:
    kb = 1024
    j = result["json_files"]
    lines = [f"{result['brands']:,} brands: {j['files']} JSON files, "
             f"facets.json {j['facets_bytes'] / kb:.1f} KB, "
             f"largest {j['largest_bytes'] / kb:.1f} KB ({j['largest_gzip'] / kb:.1f} KB gzip), "
             f"all rows {j['rows_total_bytes'] / kb:,.0f} KB ({j['rows_total_gzip'] / kb:,.0f} KB gzip)"]
    for name in ("first_view", "filtered_link", "text_query"):
        v = result[name]
        lines.append(f"  {name:<14} {v['bytes'] / kb:8.1f} KB in {v['requests']:>3} requests, "
                     f"{v['elements']:>5} elements ({v['nodes']:>5} nodes), load {v['load_seconds']} s"
                     f" — {v['shown']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.directory", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, default=Path("."), help="the project to copy")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[283, 10_000])
    p.add_argument("--site", type=Path, help="measure this built site instead of building copies")
    p.add_argument("--no-throttle", action="store_true")
    p.add_argument("--json", type=Path, help="write the results here")
    args = p.parse_args(argv)
    results = []
    if args.site:
        results.append(directory_views(args.site, throttled=not args.no_throttle))
    else:
        with tempfile.TemporaryDirectory(prefix="dangjian-directory-") as tmp:
            for n in args.sizes:
                site = build_scale_copy(args.root.resolve(), Path(tmp), n)
                results.append({"n": n, **directory_views(site, throttled=not args.no_throttle)})
                shutil.rmtree(site)
    for r in results:
        print(report(r))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
