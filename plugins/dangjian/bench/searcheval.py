"""`scripts/searcheval`: search quality (recall@5, MRR) and index weight, measured.

- the query set typed into the built site's search box in Chromium, per kind and misses;
- optionally the same with Material's search alone (our plugin left out) as a baseline;
- the index a phone downloads before its first result (search_index.json, raw and gzip),
  for the shipped site and for scale copies with N synthetic sample brands.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from dangjian.bench.measure import gzip_bytes
from dangjian.bench.projects import brand_templates, copy_project, shipped_catalog
from dangjian.bench.searchquality import Scores, load_queries, report, run_queries, score
from dangjian.bench.synthetic import synthetic_brands

CHROMIUM = "/usr/bin/chromium"
WORKER_FILES = ("search.*.min.js", "dangjian-search.js")


def build(project: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
           "-d", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stderr[-3000:]}")


def without_our_search(project: Path) -> None:
    """Leave dangjian/search out of a project copy's mkdocs.yml (the Material-only baseline)."""
    config = project / "mkdocs.yml"
    text = re.sub(r"^\s*- dangjian/search\s*$\n", "", config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text, encoding="utf-8")


def first_result_bytes(site: Path) -> dict[str, int]:
    """What the search downloads before its first result: the index and the worker scripts."""
    index = (site / "search" / "search_index.json").read_bytes()
    scripts = b"".join(
        p.read_bytes()
        for pattern in WORKER_FILES
        for p in (site / "assets" / "javascripts" / "workers").glob(pattern)
    ) + b"".join(
        (site / "assets" / "javascripts" / "lunr" / "min" / name).read_bytes()
        for name in ("lunr.stemmer.support.min.js", "lunr.zh.min.js")
    )
    return {"index": len(index), "index_gzip": gzip_bytes(index), "scripts_gzip": gzip_bytes(scripts)}


def quality(site: Path, queries_path: Path) -> Scores:
    from playwright.sync_api import sync_playwright

    from tests.sitebuild import serve

    queries = load_queries(queries_path)
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
        results = run_queries(page, url, queries)
        browser.close()
    return score(queries, results, k=5)


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="searcheval", description=__doc__)
    ap.add_argument("--root", type=Path, default=Path.cwd())
    ap.add_argument("--queries", type=Path, default=None, help="query set (default tests/search_queries.yml)")
    ap.add_argument("--baseline", action="store_true", help="also measure Material's search alone")
    ap.add_argument("--brands", type=int, nargs="*", default=[],
                    help="also measure the index at these numbers of brands (e.g. 10000)")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    queries = args.queries or root / "tests" / "search_queries.yml"
    with tempfile.TemporaryDirectory(prefix="searcheval-") as tmp:
        work = Path(tmp)
        variants = [("dangjian/search", False)] + ([("Material alone", True)] if args.baseline else [])
        for label, baseline in variants:
            project = copy_project(root, work / f"p-{int(baseline)}")
            if baseline:
                without_our_search(project)
            site = work / f"site-{int(baseline)}"
            build(project, site)
            size = first_result_bytes(site)
            print(f"== {label}: index {_kb(size['index'])} ({_kb(size['index_gzip'])} gzip), "
                  f"worker scripts {_kb(size['scripts_gzip'])} gzip")
            print(report(quality(site, queries)))
        templates = brand_templates(shipped_catalog(root))
        for n in args.brands:
            extra = max(0, n - len(templates))
            project = copy_project(root, work / f"scale-{n}", synthetic_brands(templates, extra))
            site = work / f"scale-site-{n}"
            build(project, site)
            size = first_result_bytes(site)
            total = size["index_gzip"] + size["scripts_gzip"]
            print(f"== {n} brands: index {_kb(size['index'])} ({_kb(size['index_gzip'])} gzip); "
                  f"before the first result a phone downloads {_kb(total)} (gzip); "
                  f"{'PASS' if total <= 1.5 * 1024 * 1024 else 'MISS'} against 1.5 MB")
    return 0
