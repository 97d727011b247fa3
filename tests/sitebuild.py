"""Build a project's site once and serve it over HTTP on 127.0.0.1, as the tests need."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def build(project: Path, out: Path, *, strict: bool = True, quiet: bool = True,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of project into out, as a separate process (as an editor runs it);
    quiet=False keeps MkDocs' info lines in the output, env adds environment variables."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if quiet:
        cmd.append("-q")
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve folder on loopback (a free port unless given); yields the base URL ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A loopback port that is free now (to build a site whose site_url names it, then serve it)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
