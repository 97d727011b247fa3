"""最后更新: the day each data file last changed in git, with honest fallbacks."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dangjian.gitdates import LastChange, last_changes
from dangjian.render.environment import render
from tests.helpers import write_project

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True, check=False).returncode,
                                reason="git is not installed")


def git(root: Path, *args: str, when: str = "2024-05-03T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "repo", {})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", when="2024-05-03T10:00:00+08:00")
    brand = root / "data/brands/农村/nc-test-01.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("示例品牌的简介。", "改过的简介。"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", when="2024-06-01T23:30:00+08:00")
    return root


def test_each_file_gets_the_day_of_its_last_commit(repo: Path) -> None:
    found = last_changes(repo, ["data", "routes"])
    assert found["data/brands/农村/nc-test-01.yml"] == LastChange(date(2024, 6, 1))
    assert found["data/sites/test-site.yml"] == LastChange(date(2024, 5, 3))
    assert found["routes/test-route.yml"].day == date(2024, 5, 3)


def test_shallow_clone_marks_dates_it_cannot_know(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True,
                   capture_output=True)
    found = last_changes(clone, ["data", "routes"])
    assert found["data/sites/test-site.yml"] == LastChange(date(2024, 6, 1), approximate=True)
    assert found["data/sites/test-site.yml"].label == "不晚于 2024 年 6 月 1 日"


def test_outside_git_nothing_is_claimed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plain", {})
    assert last_changes(root, ["data", "routes"]) == {}
    assert render("last_updated.html", updated=None).strip() == ""


def test_page_line_shows_the_date() -> None:
    html = render("last_updated.html", updated=LastChange(date(2024, 6, 1)))
    assert '最后更新：<time datetime="2024-06-01">2024 年 6 月 1 日</time>' in html
