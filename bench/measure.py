"""Wall time and peak memory of a command in a fresh process; sizes of a built site."""

from __future__ import annotations

import gzip
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def interruptible() -> None:
    """preexec_fn of a `mkdocs serve` process: Ctrl-C (SIGINT) stops it even when this process
    ignores SIGINT (as a command started in the background by a shell does, and its children)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_server(proc: subprocess.Popen[Any], timeout: float = 20) -> None:
    """Stop `mkdocs serve` the way Ctrl-C does, so that it removes its temporary site folder
    (terminate() leaves it behind); terminate and then kill it if it does not stop."""
    if proc.poll() is not None:
        return
    for stop in (lambda: proc.send_signal(signal.SIGINT), proc.terminate, proc.kill):
        stop()
        try:
            proc.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class Run:
    """One run of a command: seconds, peak resident memory of the process tree, exit code."""

    seconds: float
    max_rss: int
    returncode: int
    output: str = ""


# Started by a small launcher of its own: on Linux a process's peak RSS starts from the
# high-water mark of the memory it was exec'd from, so a command started straight from a large
# parent (pytest, a benchmark holding results) would report that parent's peak as its own.
_LAUNCHER = """
import os, signal, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGKILL))
_, status, usage = os.wait4(pid, 0)
os.write(int(sys.argv[1]), b"%r %d %d" % (time.perf_counter() - start, usage.ru_maxrss,
                                          os.waitstatus_to_exitcode(status)))
"""


def timed_run(cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
              timeout: float = 3600) -> Run:
    """Run cmd once in a new process; its seconds and peak RSS come from wait4 on that very
    process, in a launcher whose own memory is small (see _LAUNCHER).

    ru_maxrss of wait4 is the largest resident set of the child or of any descendant it
    waited for, in KiB on Linux; it is reported in bytes.
    """
    started = time.perf_counter()
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(write_end), *cmd], cwd=cwd,
                                env={**os.environ, **(env or {})}, pass_fds=(write_end,),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        os.close(write_end)
    killer = threading.Timer(timeout, proc.terminate)  # the launcher kills the command
    killer.start()
    assert proc.stdout is not None
    output = proc.stdout.readlines()  # drained as it comes, so a chatty child never blocks
    proc.wait()
    killer.cancel()
    with os.fdopen(read_end, "rb") as report:
        fields = report.read().split()
    if len(fields) != 3:  # the launcher was killed, or the command could not be started
        return Run(time.perf_counter() - started, 0, proc.returncode or 1, "".join(output[-40:]))
    return Run(float(fields[0]), int(fields[1]) * 1024, int(fields[2]), "".join(output[-40:]))


@dataclass(frozen=True)
class Timing:
    """Runs of one command summarised: median seconds, peak memory over all runs."""

    seconds: float
    max_rss: int
    runs: tuple[float, ...]

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Timing:
        return cls(statistics.median(r.seconds for r in runs), max(r.max_rss for r in runs),
                   tuple(round(r.seconds, 3) for r in runs))


def tree_bytes(folder: Path) -> int:
    """Total size of every file under folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzip_bytes(data: bytes) -> int:
    """Size after gzip at level 6, what a web server typically sends."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class SiteSizes:
    """What a built site weighs: all of it, its brand pages, its search index."""

    site_bytes: int
    files: int
    brand_pages: int
    brand_html_max: int
    brand_html_median: int
    brand_html_max_page: str
    directory_html: int
    search_index: int
    search_index_gzip: int


def site_sizes(site: Path, brand_pages: Sequence[Path], directory: Path | None = None) -> SiteSizes:
    """Sizes of the site at site; brand_pages are the HTML files of the brand pages."""
    from bench.searchsize import index_sizes

    sizes = sorted((p.stat().st_size, p) for p in brand_pages)
    index = index_sizes(site)  # Material's single file, or the sharded index with it
    files = [p for p in site.rglob("*") if p.is_file()]
    return SiteSizes(
        site_bytes=sum(p.stat().st_size for p in files),
        files=len(files),
        brand_pages=len(sizes),
        brand_html_max=sizes[-1][0] if sizes else 0,
        brand_html_median=int(statistics.median(s for s, _ in sizes)) if sizes else 0,
        brand_html_max_page=sizes[-1][1].relative_to(site).as_posix() if sizes else "",
        directory_html=directory.stat().st_size if directory and directory.is_file() else 0,
        search_index=index.bytes,
        search_index_gzip=index.gzip,
    )


A11Y_FILES = ("assets/dangjian/javascripts/a11y.js", "assets/dangjian/stylesheets/a11y.css",
              "assets/dangjian/images/cursor-arrow.svg", "assets/dangjian/images/cursor-hand.svg")
"""The package's files that exist only for 长辈模式, 朗读 and the dark scheme, in a built site:
the script and its styles, and the large cursor of 长辈模式 (a11y.css asks for it)."""
A11Y_MARKUP: dict[str, str] = {
    "the tools row (长辈模式, 朗读)": r'<div class="dj-tools".*?</div>',
    "the tags loading a11y.js and a11y.css": r'<(?:script|link)\b[^>]*a11y\.(?:js|css)"[^>]*>(?:</script>)?',
    "the light / dark toggle": r'<form class="md-header__option" data-md-component="palette">.*?</form>',
    "the remembered scheme's script": r'<script>var palette=__md_get\("__palette"\).*?</script>',
}
"""What each page carries for them (docs/overrides/main.html, the tools row partial, and the
header's toggle that the theme's palette list in mkdocs.yml adds)."""


def a11y_code(site: Path) -> dict[str, Any]:
    """The gzip-compressed size of what the built site ships for 长辈模式, 朗读 and dark mode.

    Each file is counted as a server sends it (gzip at level 6, on its own); the markup is what
    it adds to the home page's gzip size (the page compressed with and without it), since it
    travels inside every page rather than on its own. Material's own code for its schemes (its
    bundle, palette.css) is there with or without them and is not counted."""
    import re

    parts = []
    for name in A11Y_FILES:
        path = site / name
        if path.is_file():
            data = path.read_bytes()
            parts.append({"what": name, "bytes": len(data), "gzip": gzip_bytes(data)})
    home = site / "index.html"
    if home.is_file():
        page = home.read_text(encoding="utf-8")
        for what, pattern in A11Y_MARKUP.items():
            found = re.findall(pattern, page, flags=re.S)
            if found:
                without = re.sub(pattern, "", page, flags=re.S)
                parts.append({"what": what, "bytes": sum(len(f.encode()) for f in found),
                              "gzip": gzip_bytes(page.encode()) - gzip_bytes(without.encode())})
    return {"gzip": sum(p["gzip"] for p in parts), "bytes": sum(p["bytes"] for p in parts), "parts": parts}
