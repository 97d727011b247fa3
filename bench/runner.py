"""`scripts/bench`: build ours, plain Material and Hugo side by side at several sizes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import firstvisit, projects, report
from bench.directory import build_scale_copy
from bench.maps import maps_overhead
from bench.measure import Run, Timing, a11y_code, site_sizes, timed_run
from bench.pagetypes import missing_types, pick_pages
from bench.planner import places_json_size, planner_sources, planner_time
from bench.rebuild import rebuild_latency
from bench.synthetic import bare_pages, synthetic_brands
from bench.targets import PLANNER_THROTTLE

DEFAULT_SIZES = (283, 2830, 10_000)
# Every page in the navigation makes Material's build quadratic in the number of pages, so
# that reference is measured only up to this size, once, as the newcomer's reference.
DEFAULT_NAV_LIMIT = 2830
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def mkdocs_build(project: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(project / "mkdocs.yml"),
            "-d", str(out)]


def _run_fresh(cmd: list[str], out: Path | None, cwd: Path | None = None) -> Run:
    if out is not None and out.exists():
        shutil.rmtree(out)
    run = timed_run(cmd, cwd=cwd, env=ENV)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.output}")
    return run


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "mkdocs-material": metadata.version("mkdocs-material"),
        # a busy machine makes every figure slower: the load when the run started
        "load_average": round(os.getloadavg()[0], 2),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        info["memory_gb"] = round(kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    hugo = shutil.which("hugo")
    if hugo:
        info["hugo"] = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    if Path("/usr/bin/chromium").exists():
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout
        info["chromium"] = out.split()[1] if len(out.split()) > 1 else out.strip()
    return info


def measure_size(root: Path, work: Path, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every contender at n entity pages; the work folder is emptied afterwards."""
    catalog = projects.shipped_catalog(root)
    shipped = projects.entity_pages(catalog)
    templates = projects.brand_templates(catalog)
    extra = max(0, n - shipped)
    log(f"{n:,} pages: preparing (shipped {shipped} + {extra:,} sample brands)")
    ours = projects.copy_project(root, work / "ours", synthetic_brands(templates, extra))
    pages = list(bare_pages(templates, n))
    plain = projects.material_project(work / "material", pages, in_nav=False)
    nav = projects.material_project(work / "material-nav", pages, in_nav=True)
    hugo_bin = shutil.which("hugo")
    hugo = projects.hugo_project(work / "hugo", pages) if hugo_bin else None
    outs = {k: work / f"site-{k}" for k in report.CONTENDERS}

    runs: dict[str, list[Run]] = {"ours": [], "material": [], "hugo": [], "check": []}
    for i in range(args.runs):
        # interleaved, so that a busy moment on the machine hits every contender alike
        log(f"{n:,} pages: run {i + 1}/{args.runs}")
        runs["ours"].append(_run_fresh(mkdocs_build(ours, outs["ours"]), outs["ours"]))
        runs["material"].append(_run_fresh(mkdocs_build(plain, outs["material"]), outs["material"]))
        if hugo is not None and hugo_bin:
            runs["hugo"].append(_run_fresh([hugo_bin, "--quiet", "-s", str(hugo), "-d",
                                            str(outs["hugo"])], outs["hugo"]))
        runs["check"].append(_run_fresh([sys.executable, "-m", "dangjian.cli", "check", "--root",
                                         str(ours)], None))
    row: dict[str, Any] = {"n": n, "brands": len(templates) + extra, "sample_brands": extra}
    row["ours"] = _summary(runs["ours"], outs["ours"], _our_brand_pages(outs["ours"]))
    row["material"] = _summary(runs["material"], outs["material"], _bare_pages(outs["material"]))
    row["check"] = asdict(Timing.of(runs["check"]))
    if n <= args.nav_limit:
        log(f"{n:,} pages: Material with every page in the navigation ({args.nav_runs} run)")
        nav_runs = [_run_fresh(mkdocs_build(nav, outs["material_nav"]), outs["material_nav"])
                    for _ in range(args.nav_runs)]
        row["material_nav"] = _summary(nav_runs, outs["material_nav"], _bare_pages(outs["material_nav"]))
    else:
        row["material_nav"] = {"skipped": f"above --nav-limit {args.nav_limit:,} (quadratic: ~1 h)"}
    if hugo is not None:
        row["hugo"] = _summary(runs["hugo"], outs["hugo"], _bare_pages(outs["hugo"]), index=False)
    else:
        row["hugo"] = {"skipped": "hugo is not installed"}
    row["first_visits"] = _first_visits(outs["ours"], n, args)
    row["planner_data"] = places_json_size(outs["ours"])
    row["a11y_code"] = a11y_code(outs["ours"])  # main() keeps one: it does not depend on the size
    shutil.rmtree(work)
    return row


def _summary(runs: list[Run], site: Path, pages: list[Path], index: bool = True) -> dict[str, Any]:
    sizes = site_sizes(site, pages, site / "brands" / "index.html")
    out = {**asdict(Timing.of(runs)), **asdict(sizes)}
    if not index:
        out.pop("search_index"), out.pop("search_index_gzip")
    return out


def _our_brand_pages(site: Path) -> list[Path]:
    return [p for p in (site / "brands").glob("*/index.html")]


def _bare_pages(site: Path) -> list[Path]:
    return sorted((site / "brands").glob("p*/index.html"))


def _first_visits(site: Path, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """The first visit to one page of every page type the built site has, throttled."""
    if args.no_browser:
        return {"skipped": "--no-browser"}
    if not Path(firstvisit.CHROMIUM).exists():
        return {"skipped": f"no {firstvisit.CHROMIUM}"}
    pages = pick_pages(site)
    log(f"{n:,} pages: first visit to {len(pages)} page types in a throttled Chromium"
        f" ({args.visit_runs} run{'s' if args.visit_runs != 1 else ''} each)")
    visits = firstvisit.first_visits(site, pages, runs=args.visit_runs)
    return {"setup": {**firstvisit.setup(), "date": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z}"},
            "pages": [v.as_dict() for v in visits], "missing_types": missing_types(site)}


def first_visits_only(root: Path, work: Path, args: argparse.Namespace, json_path: Path) -> dict[str, Any]:
    """`--only first-visit`: build our site at each size and measure only its first visits.

    The figures go into the results at json_path when it exists (each size's first visits and
    the a11y code replaced, everything else kept), so that `--report` shows them beside the
    rest; otherwise into a new file holding only them."""
    measured: list[dict[str, Any]] = []
    a11y: dict[str, Any] | None = None
    for n in sorted(args.sizes):
        log(f"{n:,} pages: building our site")
        site = build_scale_copy(root, work, n)
        measured.append({"n": n, "first_visits": _first_visits(site, n, args)})
        a11y = a11y or a11y_code(site)
        shutil.rmtree(site)
    result: dict[str, Any] = (json.loads(json_path.read_text(encoding="utf-8")) if json_path.is_file()
                              else {"date": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
                                    "machine": machine(), "options": {"sizes": args.sizes}, "sizes": []})
    return merge_first_visits(result, measured, a11y)


def merge_first_visits(result: dict[str, Any], measured: list[dict[str, Any]],
                       a11y: dict[str, Any] | None) -> dict[str, Any]:
    """result with each measured size's first visits in place of what it had (a size it lacks
    is added), and the a11y code's size."""
    out = {**result, "sizes": [dict(s) for s in result.get("sizes", [])]}
    by_n = {s["n"]: s for s in out["sizes"]}
    for row in measured:
        if row["n"] in by_n:
            by_n[row["n"]].pop("first_visit", None)  # the older brand-page-only measurement
            by_n[row["n"]]["first_visits"] = row["first_visits"]
        else:
            out["sizes"].append(dict(row))
    out["sizes"].sort(key=lambda s: s["n"])
    if a11y is not None:
        out["a11y_code"] = a11y
    return out


def _rebuild(root: Path, work: Path, n: int) -> dict[str, Any]:
    catalog = projects.shipped_catalog(root)
    extra = max(0, n - projects.entity_pages(catalog))
    project = projects.copy_project(root, work / "serve",
                                    synthetic_brands(projects.brand_templates(catalog), extra))
    brand = catalog.public("brand")[0]
    path = project / brand.rel
    log(f"{n:,} pages: rebuild latency in mkdocs serve (editing {brand.rel})")
    result = rebuild_latency(project, path, brand.id)
    shutil.rmtree(work / "serve")
    return {"n": n, **asdict(result)}


def _planner(root: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    if args.no_browser:
        return {"skipped": "--no-browser"}
    if planner_sources() is None:
        return planner_time(work)  # says why it is skipped
    site = work / "planner-site"
    log("planner: building the shipped site and timing 12 stops in Chromium")
    _run_fresh(mkdocs_build(root, site), site)
    result = planner_time(site, throttle=PLANNER_THROTTLE)
    shutil.rmtree(site)
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=list(DEFAULT_SIZES),
                   help="entity pages per build, comma-separated (default 283,2830,10000)")
    p.add_argument("--runs", type=int, default=3, help="builds per contender and size; the median counts")
    p.add_argument("--nav-limit", type=int, default=DEFAULT_NAV_LIMIT,
                   help="largest size for Material with every page in the navigation")
    p.add_argument("--nav-runs", type=int, default=1, help="runs of the every-page-in-nav reference")
    p.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    p.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild latency")
    p.add_argument("--only", choices=["first-visit"],
                   help="measure only this part: first-visit builds our site at each size and opens one "
                        "page of every page type (merged into --json when it exists)")
    p.add_argument("--visit-runs", type=int, default=1,
                   help="first visits per page type; the median time to interactive counts")
    p.add_argument("--json", type=Path, default=Path("bench/results.json"), help="where to write the results")
    p.add_argument("--report", action="store_true",
                   help="only rewrite the README's 性能 section from the JSON (no measuring)")
    p.add_argument("--readme", type=Path, default=Path("README.md"))
    p.add_argument("--root", type=Path, default=Path("."), help="the project to measure")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root.resolve()
    json_path = args.json if args.json.is_absolute() else root / args.json
    readme = args.readme if args.readme.is_absolute() else root / args.readme
    if args.report:
        report.update_readme(json_path, readme)
        print(f"rewrote the 性能 section of {args.readme} from {args.json}")
        return 0
    if args.only == "first-visit":
        with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as tmp:
            merged = first_visits_only(root, Path(tmp), args, json_path)
        report.write_json(merged, json_path)
        print(report.terminal(merged))
        print(f"\nwrote {json_path}; `scripts/bench --report` rewrites the README's 性能 section")
        return 0
    started = dt.datetime.now().astimezone()
    result: dict[str, Any] = {
        "date": started.strftime("%Y-%m-%d %H:%M %z"),
        "machine": machine(),
        "options": {"sizes": args.sizes, "runs": args.runs, "nav_limit": args.nav_limit,
                    "nav_runs": args.nav_runs},
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as tmp:
        work = Path(tmp)
        for n in sorted(args.sizes):
            row = measure_size(root, work / f"n{n}", n, args)
            result.setdefault("a11y_code", row.pop("a11y_code"))
            result["sizes"].append(row)
            report.write_json(result, json_path)  # a long run keeps what it has measured
        result["rebuild"] = ({"skipped": "--no-serve"} if args.no_serve
                             else _rebuild(root, work, min(args.sizes)))
        result["planner"] = _planner(root, work, args)
        log("maps: the shipped site built with and without dangjian/maps, alternately")
        result["maps"] = maps_overhead(root, work, args.runs)
    result["seconds"] = round((dt.datetime.now().astimezone() - started).total_seconds(), 1)
    report.write_json(result, json_path)
    print(report.terminal(result))
    print(f"\nwrote {json_path}; `scripts/bench --report` rewrites the README's 性能 section")
    return 0
