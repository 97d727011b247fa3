"""`scripts/searcheval`: search quality (recall@5, MRR), index weight and first results, measured.

- the query set typed into the built site's search box in Chromium, per kind and misses;
- optionally the same with Material's search alone (our plugin left out) as a baseline;
- the index's files (raw and gzip; the largest one a query may fetch), and for the queries
  of bench.firstresult the time and bytes to the first result in a throttled
  Chromium, for the shipped site and for scale copies with N synthetic sample brands (whose
  query set is measured too: the shipped entities are all in a scale copy).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.firstresult import first_results
from bench.firstresult import report as first_report
from bench.projects import brand_templates, copy_project, shipped_catalog
from bench.searchquality import Scores, load_queries, report, run_queries, score
from bench.searchsize import IndexSizes, index_sizes
from bench.synthetic import synthetic_brands

CHROMIUM = "/usr/bin/chromium"


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


def describe(size: IndexSizes) -> str:
    return (f"index {size.files:,} files, {_kb(size.bytes)} ({_kb(size.gzip)} gzip); largest "
            f"{size.largest} {_kb(size.largest_gzip)} gzip; Material's search_index.json "
            f"{_kb(size.material_gzip)} gzip")


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
                    help="also measure at these numbers of brands (e.g. 10000)")
    ap.add_argument("--no-first-result", action="store_true",
                    help="skip the throttled time and bytes to the first result")
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
            print(f"== {label}: {describe(index_sizes(site))}")
            print(report(quality(site, queries)))
            if not args.no_first_result:
                print(first_report(first_results(site)))
        templates = brand_templates(shipped_catalog(root))
        for n in args.brands:
            extra = max(0, n - len(templates))
            project = copy_project(root, work / f"scale-{n}", synthetic_brands(templates, extra))
            site = work / f"scale-site-{n}"
            build(project, site)
            print(f"== {n} brands: {describe(index_sizes(site))}")
            print(report(quality(site, queries)))
            if not args.no_first_result:
                print(first_report(first_results(site)))
    return 0
