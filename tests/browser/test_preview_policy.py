"""`mkdocs serve` behaves as the published site: the same Content-Security-Policy, live
reload still working under it, and a script smuggled into a page refused by the preview too."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import open_recorded
from tests.guardproject import ABOUT_MD, guard_project
from tests.test_editor_preview import serving, wait_for

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    project = guard_project(tmp_path / "p")
    with serving(project, tmp_path / "serve.log") as (base, server):
        yield base, project, server


def test_the_preview_runs_under_the_published_policy_and_still_reloads(
        browser: object, served: tuple[str, Path, subprocess.Popen[str]]) -> None:
    base, project, server = served
    wait_for(base + "about/", lambda p: "Content-Security-Policy" in p, server, "the first build")
    context, page, log = open_recorded(browser, base, init_script=WATCH_CSP)
    page.goto(base + "about/")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    html = page.content()  # type: ignore[attr-defined]
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "livereload.js" in html and "livereload(" not in html  # no inline script to allow

    # an edit reloads the open page by itself, through the script file the policy allows
    about = project / "docs" / "about.md"
    about.write_text(ABOUT_MD + "\n新增的一段文字：预览自动刷新。\n", encoding="utf-8")
    # polled from here: Playwright's wait_for_function evaluates a string, which the policy forbids
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "预览自动刷新" not in page.inner_text("body"):  # type: ignore[attr-defined]
        time.sleep(0.5)
    assert "预览自动刷新" in page.inner_text("body")  # type: ignore[attr-defined]
    assert page.evaluate("window.__csp") == []  # type: ignore[attr-defined]

    # a script written into a page is refused by the preview as by the publishing build
    about.write_text(ABOUT_MD + "\n<script>window.__pwned = 1; fetch('/pwned-marker/')</script>\n",
                     encoding="utf-8")
    wait_for(base + "about/", lambda p: "预览已将其撤下" in p, server, "the withdrawn page")
    page.goto(base + "about/")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert not [u for u in log.requests if "pwned-marker" in u]
    assert "DJ220" in page.content()  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]
