"""Bytes a phone would download on a first visit to a brand page, measured in Chromium.

The built site is served by a small HTTP server that compresses text as a production web
server does (nginx with `gzip on`, level 6, the usual text types) and counts every byte it
writes, headers included. Chromium starts with an empty cache; requests to any other host
are blocked and counted (there must be none).
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/manifest+json")


def compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE)


@dataclass
class Counter:
    """Bytes and requests the server answered, by path (and when each was written, on the
    monotonic clock)."""

    bytes: int = 0
    requests: list[tuple[str, int]] = field(default_factory=list)
    timed: list[tuple[str, int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, sent: int) -> None:
        with self.lock:
            self.bytes += sent
            self.requests.append((path, sent))
            self.timed.append((path, sent, time.monotonic()))


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    root: Path
    counter: Counter
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            body, status, ctype = b"not found", 404, "text/plain"
        else:
            body, status = target.read_bytes(), 200
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers = {"Content-Type": ctype + ("; charset=utf-8" if ctype.startswith("text/") else "")}
        if compressible(ctype) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        headers["Content-Length"] = str(len(body))
        head = f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        raw = head.encode("latin-1") + body
        self.wfile.write(raw)
        self.counter.add(path, len(raw))


@contextmanager
def gzip_server(root: Path) -> Iterator[tuple[str, Counter]]:
    """Serve root on a free loopback port; yields (base URL, byte counter)."""
    counter = Counter()
    handler = type("Handler", (_GzipHandler,), {"root": root.resolve(), "counter": counter})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class FirstVisit:
    """What the first visit to one page cost."""

    page: str
    bytes: int
    requests: int
    outside_requests: int
    largest: tuple[tuple[str, int], ...]


def first_visit(site: Path, page: str, *, settle: float = 1.5) -> FirstVisit:
    """Open page (relative to the site root) in a fresh Chromium; count what is transferred."""
    from playwright.sync_api import sync_playwright  # test/bench dependency only

    outside: list[str] = []
    with gzip_server(site) as (base, counter), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(service_workers="block")

            def guard(route):  # type: ignore[no-untyped-def]
                if route.request.url.startswith(base) or route.request.url.startswith("data:"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            tab = context.new_page()
            tab.goto(base + page, wait_until="networkidle")
            _settle(counter, settle)
        finally:
            browser.close()
    largest = tuple(sorted(counter.requests, key=lambda r: -r[1])[:5])
    return FirstVisit(page, counter.bytes, len(counter.requests), len(outside), largest)


def _settle(counter: Counter, quiet: float) -> None:
    """Wait until nothing more has been requested for `quiet` seconds (lazy loads, workers)."""
    seen, since = -1, time.perf_counter()
    while time.perf_counter() - since < quiet:
        if len(counter.requests) != seen:
            seen, since = len(counter.requests), time.perf_counter()
        time.sleep(0.1)
