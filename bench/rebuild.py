"""Rebuild latency in `mkdocs serve`: edit one brand file, wait until its page shows the edit."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.measure import interruptible, stop_server


@dataclass(frozen=True)
class Rebuild:
    """Seconds from saving the file to the new name being served; startup for reference."""

    seconds: float
    startup_seconds: float
    page: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, deadline: float, proc: subprocess.Popen[bytes]) -> bool:
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            return False
        body = _get(url)
        if body is not None and text in body:
            return True
        time.sleep(0.02)
    return False


def rename_in_yaml(text: str, new_name: str) -> str:
    """The brand's YAML with its top-level name: replaced (nothing else touched)."""
    changed, n = re.subn(r"(?m)^name:.*$", f"name: {new_name}", text, count=1)
    if n != 1:
        raise ValueError("no top-level name: line")
    return changed


def rebuild_latency(project: Path, brand_file: Path, brand_id: str, *, timeout: float = 600) -> Rebuild:
    """Start `mkdocs serve` on a free port, rename one brand, time until the page shows it."""
    port = free_port()
    page = f"http://127.0.0.1:{port}/brands/{brand_id}/"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
           "-a", f"127.0.0.1:{port}"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=interruptible)
    try:
        original = brand_file.read_text(encoding="utf-8")
        if not _wait_for(page, "<html", start + timeout, proc):
            raise RuntimeError("mkdocs serve did not serve the brand page")
        startup = time.perf_counter() - start
        marker = f"改名测试{int(time.time())}"
        edited = time.perf_counter()
        brand_file.write_text(rename_in_yaml(original, marker), encoding="utf-8")
        if not _wait_for(page, marker, edited + timeout, proc):
            raise RuntimeError("the edit never showed on the served page")
        return Rebuild(time.perf_counter() - edited, startup, f"brands/{brand_id}/")
    finally:
        stop_server(proc, timeout=10)
