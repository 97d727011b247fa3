"""Real-browser fixtures: Debian's Chromium driven by Playwright against the built site.

The realistic project (a copy of the project under test with the known entities of
tests/project.py) is built once per session into a temporary folder and served over HTTP
on 127.0.0.1; what a test expects of it comes from the known entities or the copy's catalog.
Every request a page makes is recorded, so a test can assert that nothing left the site.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import REPO
from tests.sitebuild import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def built_site(realistic_site: Path) -> Path:
    """The realistic project built with --strict into a temporary folder."""
    return realistic_site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Recorder:
    """Every request a page made, and every console error and dialog it raised."""

    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        host = urlsplit(self.base).netloc
        return [
            u for u in self.requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host
        ]


def quiet_live_reload(page: object) -> None:
    """Answer the preview's live-reload poll with "nothing new" (its script then asks again in a
    few seconds) instead of holding it open, so that a page of `mkdocs serve` becomes idle
    when it is done, as a published page does."""
    page.route("**/livereload/**",  # type: ignore[attr-defined]
               lambda route: route.fulfill(status=204, body=""))


def open_recorded(
    browser: object, base: str, *, init_script: str | None = None, **options: object
) -> tuple[object, object, Recorder]:
    """A new context and page whose requests, console errors and dialogs are recorded.

    Any request to a host other than base's is blocked (and recorded).
    """
    context = browser.new_context(locale="zh-CN", service_workers="block", **options)  # type: ignore[attr-defined]
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    log = Recorder(base)
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)

    def on_dialog(d: object) -> None:
        log.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    host = urlsplit(base).netloc
    page.route(
        "**/*",
        lambda route: route.continue_() if urlsplit(route.request.url).netloc in (host, "")
        else route.abort(),
    )
    return context, page, log


@pytest.fixture
def page_and_log(browser: object, site_url: str) -> Iterator[tuple[object, Recorder]]:
    """A fresh page (phone-sized by default) and the log of what it did."""
    context, page, log = open_recorded(browser, site_url, viewport={"width": 390, "height": 844})
    yield page, log
    context.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = REPO / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        if shutil.which("npm") is None:
            pytest.fail("axe-core is missing and npm is not installed")
        pytest.fail("axe-core is missing: run `make test` (it runs npm ci in tests/js)")
    return path.read_text(encoding="utf-8")
