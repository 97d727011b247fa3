"""What a phone downloads, and how soon the page is usable, on a first visit, in Chromium.

The built site is served by a small HTTP server that compresses text as a production web
server does (nginx with `gzip on`, level 6, the usual text types) and counts every byte it
writes, headers included; a missing address gets the site's 404.html with status 404 when
asked (nginx's `error_page 404`, as GitHub Pages and Gitee Pages do). Chromium starts with an
empty cache; requests to any other host are blocked and counted (there must be none).

`first_visits` opens one page of each page type (bench.pagetypes picks them), each in a
fresh browser context, on a phone-sized viewport with Chromium's own throttling (`throttle`:
the CPU 4x slower and WebPageTest's 4G network), and reports for each the bytes and requests
the server answered until the page fell quiet, and two times, both on the page's own clock
(performance.now(), from the start of the navigation), read once nothing has happened for
QUIET seconds (no request reached the server, no resource finished, no long task ran):

    interactive = Lighthouse's time to interactive: the end of the last long task (main
                  thread busy >= 50 ms) before the first five seconds with no long task and
                  at most two requests in flight, counted from the first contentful paint,
                  and no earlier than the end of DOMContentLoaded
    settled     = max(the load event's end, the end of the last long task,
                      the end of the last response the page received)

`settled` is the stricter one: it also waits for what the page fetches in the background
(Material's search worker and sitemap, the favicon), which keeps nothing from being used.
Long tasks come from a PerformanceObserver the browser installs before any of the page's
scripts run; requests from the Resource Timing entries (start and end of each).
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 170, "downloadThroughput": 9_000_000 / 8,
           "uploadThroughput": 9_000_000 / 8}
"""WebPageTest's 4G profile, in the units of Network.emulateNetworkConditions (ms, bytes/s)."""
TIMEOUT_MS = 120_000
PHONE: ViewportSize = {"width": 390, "height": 844}
QUIET = 2.0
"""Seconds with no request, no finished resource and no long task before a visit is read."""
# Every host but the benchmark's server is unresolvable: requests to other hosts fail at once
# in the browser itself, so that none needs intercepting (interception costs each request a
# round trip to the automation, which would show in the timings).
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
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
    not_found_page: bool
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            page = self.root / "404.html"
            if self.not_found_page and page.is_file():
                body, status, ctype = page.read_bytes(), 404, "text/html"
            else:
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
        # counted before it is written: a client that reads the answer and asks again at once
        # would otherwise have its next request counted first, by another thread
        self.counter.add(path, len(raw))
        self.wfile.write(raw)


@contextmanager
def gzip_server(root: Path, *, not_found_page: bool = False) -> Iterator[tuple[str, Counter]]:
    """Serve root on a free loopback port; yields (base URL, byte counter).

    With not_found_page, a missing address is answered with root/404.html (status 404)."""
    counter = Counter()
    handler = type("Handler", (_GzipHandler,), {"root": root.resolve(), "counter": counter,
                                                 "not_found_page": not_found_page})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


def _settle(counter: Counter, quiet: float) -> None:
    """Wait until nothing more has been requested for `quiet` seconds (lazy loads, workers)."""
    seen, since = -1, time.perf_counter()
    while time.perf_counter() - since < quiet:
        if len(counter.requests) != seen:
            seen, since = len(counter.requests), time.perf_counter()
        time.sleep(0.1)


def throttle(context: Any, page: Any) -> None:
    """Chromium's own throttling of page (DevTools protocol): the CPU CPU_SLOWDOWN times slower
    and the NETWORK profile. Set before the page navigates."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


_LONG_TASKS = """(() => {
  window.__djLong = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__djLong.push([e.startTime, e.startTime + e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { /* no Long Tasks API: none are counted */ }
})();"""
_STATE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return { now: performance.now(), load: nav ? nav.loadEventEnd : 0,
           fcp: fcp ? fcp.startTime : null, long: window.__djLong || [],
           dcl: nav ? nav.domContentLoadedEventEnd : 0,
           responses: performance.getEntriesByType("resource").map((r) => r.responseEnd),
           requests: performance.getEntriesByType("resource").map((r) => [r.startTime, r.responseEnd]) };
}"""


INTERACTIVE = ("interactive = Lighthouse's time to interactive: the end of the last long task (main "
               "thread busy ≥ 50 ms) before 5 s with no long task and at most 2 requests in flight, "
               "from the first paint and no earlier than DOMContentLoaded; settled = the latest of the "
               "load event's end, the last long task and the last response (background fetches "
               f"included), read after {QUIET:g} s with none of them; all from the start of the navigation.")
QUIET_WINDOW_MS = 5000.0
"""Lighthouse's quiet window: no long task, at most MAX_IN_FLIGHT requests."""
MAX_IN_FLIGHT = 2


def setup() -> dict[str, Any]:
    """How first_visits measures, for the results (the report states it beside the figures)."""
    return {"viewport": f"{PHONE['width']}×{PHONE['height']}", "cpu_slowdown": CPU_SLOWDOWN,
            "network": NETWORK, "quiet_seconds": QUIET, "interactive": INTERACTIVE}


def settled_ms(load: float, long_tasks: Sequence[Sequence[float]], responses: Sequence[float]) -> float:
    """When the page settled, on its clock: the latest of the load event's end, the end of
    the last long task and the end of the last response (see the module's docstring)."""
    return max([load, *(end for _, end in long_tasks), *responses])


def _in_flight(requests: Sequence[Sequence[float]], start: float, end: float) -> int:
    """The most requests in flight at once between start and end."""
    events = sorted([(max(a, start), 1) for a, b in requests if a < end and b > start]
                    + [(b, -1) for a, b in requests if a < end and start < b < end])
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most


def interactive_ms(fcp: float, dcl: float, long_tasks: Sequence[Sequence[float]],
                   requests: Sequence[Sequence[float]], window: float = QUIET_WINDOW_MS) -> float:
    """Lighthouse's time to interactive on the page's clock (see the module's docstring):
    from the first contentful paint, the end of the last long task before a quiet window."""
    candidates = [fcp, *sorted(end for _, end in long_tasks if end > fcp)]
    tti = candidates[-1]
    for at in candidates:
        if any(at <= start < at + window for start, _ in long_tasks):
            continue
        if _in_flight(requests, at, at + window) <= MAX_IN_FLIGHT:
            tti = at
            break
    return max(tti, dcl)


@dataclass(frozen=True)
class PageVisit:
    """The first visit to one page of one type, throttled; seconds from the navigation's start.

    With several runs, the figures are the run with the median time to interactive, and
    `runs_seconds` lists every run's."""

    kind: str
    page: str
    status: int
    bytes: int
    requests: int
    outside_requests: int
    interactive_seconds: float
    settled_seconds: float
    load_seconds: float
    fcp_seconds: float | None
    long_tasks: int
    runs_seconds: tuple[float, ...]
    largest: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def first_visits(site: Path, pages: Sequence[tuple[str, str]], *, runs: int = 1,
                 throttled: bool = True) -> list[PageVisit]:
    """The first visit to each (kind, page) of pages, each run in a fresh browser context."""
    from playwright.sync_api import sync_playwright  # bench/test dependency only

    out: list[PageVisit] = []
    with gzip_server(site, not_found_page=True) as (base, counter), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, BLOCK_OTHER_HOSTS])
        try:
            if pages:
                # unmeasured: the browser's own start-up (its network service, the first
                # renderer) would otherwise fall on whichever page is measured first
                _visit(browser, base, counter, *pages[0], throttled=False, quiet=0.5)
            for kind, page in pages:
                visits = [_visit(browser, base, counter, kind, page, throttled) for _ in range(max(1, runs))]
                middle = sorted(visits, key=lambda v: v.interactive_seconds)[(len(visits) - 1) // 2]
                out.append(replace(middle, runs_seconds=tuple(v.interactive_seconds for v in visits)))
        finally:
            browser.close()
    return out


def _visit(browser: Any, base: str, counter: Counter, kind: str, page: str, throttled: bool,
           quiet: float = QUIET) -> PageVisit:
    context = browser.new_context(service_workers="block", locale="zh-CN", viewport=PHONE)
    try:
        context.add_init_script(_LONG_TASKS)
        outside: list[str] = []
        context.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:"))
                   else outside.append(r.url))
        tab = context.new_page()
        if throttled:
            throttle(context, tab)
        before = len(counter.requests)
        response = tab.goto(base + page, wait_until="load", timeout=TIMEOUT_MS)
        state = _quiet(tab, counter, before, quiet=quiet)
    finally:
        context.close()
    with counter.lock:
        sent = counter.requests[before:]
    return PageVisit(
        kind, page, response.status if response else 0, sum(s for _, s in sent), len(sent), len(outside),
        round(interactive_ms(state["fcp"] or 0.0, state["dcl"], state["long"], state["requests"]) / 1000, 3),
        round(settled_ms(state["load"], state["long"], state["responses"]) / 1000, 3),
        round(state["load"] / 1000, 3), None if state["fcp"] is None else round(state["fcp"] / 1000, 3),
        len(state["long"]), (), tuple(sorted(sent, key=lambda r: -r[1])[:5]))


def _quiet(tab: Any, counter: Counter, before: int, *, quiet: float = QUIET,
           limit: float = TIMEOUT_MS / 1000) -> dict[str, Any]:
    """The page's timing state once nothing has happened for `quiet` seconds (or at `limit`)."""
    seen: tuple[int, int, int] | None = None
    since = started = time.monotonic()
    while True:
        state: dict[str, Any] = tab.evaluate(_STATE)
        now = (len(counter.requests) - before, len(state["responses"]), len(state["long"]))
        if time.monotonic() - started >= limit:
            return state
        if now != seen or not state["load"]:
            seen, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return state
        time.sleep(0.2)
