"""The live preview survives a bad data file: it shows the problems and recovers when fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.measure import interruptible, stop_server
from tests.helpers import BRAND, write_project
from tests.project import project_under_test

BAD_BRAND = BRAND.replace("level: 基层品牌", "level: 省级")
TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, ok: Callable[[str], bool], server: subprocess.Popen[str], what: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    page = ""
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the preview server stopped ({what})"
        page = fetch(url)
        if ok(page):
            return page
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; last page:\n{page[:2000]}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The test project's data with the configuration and hand-written pages of the project under test.

    News posts are left out: they name the entities of the project's own data (related:),
    which this project does not have."""
    root = write_project(tmp_path / "p", {"data/brands/农村/nc-test-01.yml": BAD_BRAND})
    source = project_under_test()
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(source / "docs", root / "docs", ignore=shutil.ignore_patterns("posts"))
    return root


@contextmanager
def serving(project: Path, log_file: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`mkdocs serve` of project on a free port, stopped as Ctrl-C stops it."""
    port = free_port()
    log = log_file.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, preexec_fn=interruptible,
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        stop_server(server)
        log.close()


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with serving(project, tmp_path / "serve.log") as served:
        yield served


@pytest.mark.realistic
def test_preview_shows_the_problem_and_recovers_when_the_file_is_fixed(
    project: Path, preview: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, server = preview
    brand_url = base + "brands/nc-test-01/"
    brand_file = project / "data/brands/农村/nc-test-01.yml"

    # the very first build fails: the server still starts and every page explains why
    page = wait_for(brand_url, lambda p: "数据有误" in p, server, "the first error page")
    assert "data/brands/农村/nc-test-01.yml:6:8" in page and "DJ104" in page and "提示" in page
    assert "数据有误" in fetch(base)

    brand_file.write_text(BRAND, encoding="utf-8")
    page = wait_for(brand_url, lambda p: "红色引擎" in p and "数据有误" not in p, server, "the fixed page")
    assert "党建引领促振兴" in page

    brand_file.write_text(BRAND.replace("name: 红色引擎", "name: <script>alert(1)</script>\nname: 重复"),
                          encoding="utf-8")
    page = wait_for(brand_url, lambda p: "数据有误" in p, server, "the error page after a rebuild")
    assert "DJ002" in page and "<script>alert(1)</script>" not in page

    brand_file.write_text(BRAND, encoding="utf-8")
    wait_for(brand_url, lambda p: "红色引擎" in p and "数据有误" not in p, server, "recovery")
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "DJ104" in log and "Traceback" not in log


def test_a_syntax_error_in_the_page_being_viewed_shows_the_error_page_not_404(
    project: Path, preview: tuple[str, subprocess.Popen[str]]
) -> None:
    base, server = preview
    brand_url = base + "brands/nc-test-01/"
    brand_file = project / "data/brands/农村/nc-test-01.yml"
    brand_file.write_text(BRAND, encoding="utf-8")
    wait_for(brand_url, lambda p: "红色引擎" in p, server, "the page")
    brand_file.write_text(BRAND.replace("name: 红色引擎", "name: [红色引擎"), encoding="utf-8")
    page = wait_for(brand_url, lambda p: "数据有误" in p, server, "the error page at the same address")
    assert "DJ001" in page and "nc-test-01.yml" in page
    assert 'http-equiv="Content-Security-Policy"' in page  # the published policy, as on every page
    brand_file.write_text(BRAND, encoding="utf-8")
    wait_for(brand_url, lambda p: "红色引擎" in p and "数据有误" not in p, server, "recovery")


def test_the_editor_guide_is_in_the_preview_and_never_in_the_published_site(
    project: Path, preview: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, server = preview
    guide = wait_for(base + "editor/", lambda p: "编辑指南" in p and "<h1" in p, server, "the guide")
    assert "问题代码" in fetch(base + "editor/codes/")
    assert "提交前自动检查" in guide
    from tests.sitebuild import build

    (project / "data/brands/农村/nc-test-01.yml").write_text(BRAND, encoding="utf-8")
    done = build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (tmp_path / "site" / "editor").exists()
    assert "编辑指南" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
