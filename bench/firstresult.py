"""Time and bytes to the first search result, in Chromium on a throttled phone-like setup.

The built site is served by the benchmark's compressing server (bench.firstvisit),
which counts every byte it writes and when. Each query gets a fresh browser context (an
empty cache): the home page is opened and left to settle, then the search box is opened
and the query typed at once. `seconds` is from the click on the search box to the first
result item Material renders (it includes the opening of the search dialog and the
browser automation's own steps, which take time of their own even unthrottled); `typed`
is from the key that ends the query (Material searches on keyup) to that first result.
The bytes are everything the server wrote from the click to the first result (the index
or its shards, the per-document records, anything else the search asked for).

The throttling is Chromium's own (DevTools protocol, bench.firstvisit.throttle): the CPU
slowed down 4x and a 4G-like network (WebPageTest's "4G" profile: 9 Mbit/s each way, 170 ms
round trip).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.firstvisit import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS, _settle, gzip_server, throttle

QUERIES = ("乡村振兴", "航空学校", "beidahuang")
SECONDS_TARGET = 1.0
BYTES_TARGET = 150 * 1024
"""The issue's targets for each query at 10,000 brands."""

_WATCH = """() => {
  const list = document.querySelector('.md-search-result__list');
  window.__djFirst = null;
  window.__djTyped = null;
  document.querySelector('input.md-search__input').addEventListener('keyup', () => {
    if (window.__djTyped === null) window.__djTyped = performance.now();
  });
  new MutationObserver((_, observer) => {
    if (list.querySelector('.md-search-result__item')) {
      window.__djFirst = performance.now();
      observer.disconnect();
    }
  }).observe(list, { childList: true });
  return performance.now();
}"""


@dataclass(frozen=True)
class FirstResult:
    """One query's first search in a fresh browser."""

    query: str
    seconds: float
    typed: float
    bytes: int
    requests: int
    largest: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def first_results(site: Path, queries: tuple[str, ...] = QUERIES, *,
                  throttled: bool = True) -> list[FirstResult]:
    """Each query's first result in a fresh, throttled Chromium context."""
    from playwright.sync_api import sync_playwright  # bench/test dependency only

    out: list[FirstResult] = []
    with gzip_server(site) as (base, counter), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                context = browser.new_context(service_workers="block", locale="zh-CN", viewport=PHONE)
                page = context.new_page()
                if throttled:
                    throttle(context, page)
                page.goto(base, wait_until="networkidle", timeout=TIMEOUT_MS)
                _settle(counter, 2.0)  # the page and its worker are loaded: nothing asked for 2 s
                before = len(counter.requests)
                started_page = page.evaluate(_WATCH)
                started = time.monotonic()
                page.locator("label[for='__search']").first.click()
                box = page.locator("input.md-search__input")
                box.fill(query)
                box.press("End")
                page.wait_for_function("() => window.__djFirst !== null", timeout=TIMEOUT_MS, polling=50)
                first, typed = page.evaluate("() => [window.__djFirst, window.__djTyped]")
                took = (first - started_page) / 1000
                until = started + took + 0.05  # the server's clock, at the first result
                with counter.lock:
                    sent = [(path, size) for path, size, at in counter.timed[before:] if at <= until]
                out.append(FirstResult(query, round(took, 3), round((first - typed) / 1000, 3),
                                       sum(s for _, s in sent), len(sent),
                                       tuple(sorted(sent, key=lambda r: -r[1])[:5])))
                context.close()
        finally:
            browser.close()
    return out


def report(results: list[FirstResult]) -> str:
    lines = []
    for r in results:
        biggest = ", ".join(f"{p} {s / 1024:.1f} KB" for p, s in r.largest[:3])
        verdict = "PASS" if r.seconds <= SECONDS_TARGET and r.bytes <= BYTES_TARGET else "MISS"
        lines.append(f"  {r.query:<12} {r.seconds:6.2f} s from the click, {r.typed:5.2f} s from the last key,"
                     f" {r.bytes / 1024:7.1f} KB in {r.requests} requests  {verdict} (largest: {biggest})")
    return "\n".join(lines)
