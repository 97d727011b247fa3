"""What the maps plugin adds to a build: the shipped site built with it and without it.

Both variants are built from one copy of the project, alternately (with, without, with, …)
so that a busy machine slows both alike; the medians and their ratio are reported. The
target is that maps add at most 10% to the build.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from bench.measure import timed_run

TARGET_RATIO = 1.10
MIN_RUNS = 7
"""Builds of each variant at least: the difference measured is a tenth of a build of a few
seconds, smaller than what a shared machine varies from one build to the next."""
_ENTRY = re.compile(r"^(?P<indent>\s*)- dangjian/maps(?P<colon>:?)[ \t]*$", re.MULTILINE)


def without_maps(config_text: str) -> str | None:
    """mkdocs.yml with the maps plugin switched off (None when it is not enabled there)."""
    match = _ENTRY.search(config_text)
    if match is None:
        return None
    off = f"{match['indent']}- dangjian/maps:\n{match['indent']}    enabled: false"
    return config_text[: match.start()] + off + config_text[match.end():]


def maps_overhead(root: Path, work: Path, runs: int) -> dict[str, Any]:
    """{"with", "without", "ratio", "target", "runs"} in seconds, or {"skipped": why}."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    variant = without_maps(text)
    if variant is None:
        return {"skipped": "mkdocs.yml does not enable dangjian/maps"}
    project = work / "maps-project"
    for name in ("mkdocs.yml", "docs", "data", "routes", "schemas"):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.is_file():
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, project / name)
    (project / "mkdocs-nomaps.yml").write_text(variant, encoding="utf-8")
    seconds: dict[str, list[float]] = {"mkdocs.yml": [], "mkdocs-nomaps.yml": []}
    for _ in range(max(runs, MIN_RUNS)):
        for config in seconds:
            out = work / f"maps-site-{config}"
            if out.exists():
                shutil.rmtree(out)
            run = timed_run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f",
                             str(project / config), "-d", str(out)], env={"NO_MKDOCS_2_WARNING": "1"})
            if run.returncode != 0:
                raise RuntimeError(f"mkdocs build -f {config} failed:\n{run.output}")
            seconds[config].append(run.seconds)
    with_maps = statistics.median(seconds["mkdocs.yml"])
    without = statistics.median(seconds["mkdocs-nomaps.yml"])
    shutil.rmtree(project)
    return {"with": round(with_maps, 3), "without": round(without, 3), "ratio": round(with_maps / without, 3),
            "target": TARGET_RATIO, "runs": {k: [round(s, 3) for s in v] for k, v in seconds.items()}}
