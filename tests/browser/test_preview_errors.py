"""Every kind of mistake, made while a page is open in the preview: the open page reloads by
itself into the styled Chinese error page that names the problem, every other page answers at
once with the same page, and the site comes back by itself when the file is fixed."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import open_recorded
from tests.guardproject import ABOUT_MD, guard_project
from tests.helpers import BRAND
from tests.test_editor_preview import serving, wait_for

BRAND_FILE = "data/brands/农村/nc-test-01.yml"
ABOUT_FILE = "docs/about.md"


@dataclass(frozen=True)
class Mistake:
    name: str
    file: str
    good: str
    bad: str
    code: str  # what the error page must name
    page: str  # the page left open while the mistake is made
    marker: str  # a text of that page when it is well


MISTAKES = [
    Mistake("syntax error in the page being viewed", BRAND_FILE, BRAND,
            BRAND.replace("name: 红色引擎", "name: [红色引擎"), "DJ001", "brands/nc-test-01/", "党建引领促振兴"),
    Mistake("validation error", BRAND_FILE, BRAND, BRAND.replace("level: 基层品牌", "level: 省级"),
            "DJ104", "brands/nc-test-01/", "党建引领促振兴"),
    Mistake("personal data found by the guard", BRAND_FILE, BRAND,
            BRAND.replace("summary: 示例品牌的简介。", "summary: 联系电话 139 1234 5678，欢迎来访。"),
            "DJ2", "brands/nc-test-01/", "党建引领促振兴"),
    Mistake("broken link in a page", ABOUT_FILE, ABOUT_MD,
            ABOUT_MD.replace("[回到首页](index.md)", "[回到首页](no-such-page.md)"), "DJ21", "about/", "本站介绍测试数据"),
]

# polled from Python: Playwright's wait_for_function evaluates a string, which the policy forbids
POLL = 0.5
TIMEOUT = 90


def _wait_text(page: object, present: str, absent: str = "") -> str:
    deadline = time.monotonic() + TIMEOUT
    text = ""
    while time.monotonic() < deadline:
        try:
            text = page.inner_text("body")  # type: ignore[attr-defined]
        except Exception:  # the page is between two loads
            text = ""
        if present in text and not (absent and absent in text):
            return text
        time.sleep(POLL)
    raise AssertionError(f"the open page never showed {present!r}; it shows:\n{text[:1500]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    project = guard_project(tmp_path / "p")
    with serving(project, tmp_path / "serve.log") as (base, server):
        wait_for(base + "about/", lambda p: "关于本站" in p, server, "the first build")
        yield base, project, server


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_a_mistake_shows_the_error_page_on_the_open_page_and_the_site_comes_back(
        browser: object, served: tuple[str, Path, subprocess.Popen[str]], mistake: Mistake) -> None:
    base, project, _server = served
    context, page, log = open_recorded(browser, base, viewport={"width": 360, "height": 740})
    page.goto(base + mistake.page)  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert mistake.marker in page.inner_text("body")  # type: ignore[attr-defined]

    (project / mistake.file).write_text(mistake.bad, encoding="utf-8")
    text = _wait_text(page, mistake.code)  # the open page reloaded itself
    assert mistake.file in text and "提示" in text
    assert "Traceback" not in text and "404" not in text
    # styled as the site: the theme's and the project's own stylesheets loaded (a sheet whose
    # file is missing has no rules), and the live-reload script is there to bring the page back
    loaded = page.evaluate(  # type: ignore[attr-defined]
        "[...document.styleSheets].filter(s => s.href && s.cssRules.length).map(s => s.href)")
    assert any("/assets/stylesheets/main." in h for h in loaded), loaded
    assert any(h.endswith("/dangjian.css") for h in loaded), loaded
    # every other page answers (a hung server fails the request's timeout) with the same explanation
    for other in ("", "about/", "brands/", "planner/"):
        with urllib.request.urlopen(base + other, timeout=30) as response:
            assert mistake.code in response.read().decode("utf-8"), other

    (project / mistake.file).write_text(mistake.good, encoding="utf-8")
    _wait_text(page, mistake.marker, absent=mistake.code)  # back by itself
    assert not log.console_errors, log.console_errors
    assert not [u for u in log.requests if not u.startswith(base)]
    context.close()  # type: ignore[attr-defined]
