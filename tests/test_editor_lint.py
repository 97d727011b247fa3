"""The check before each commit, as the editor guide sets it up: a real pre-commit run in a git
checkout, reporting each problem once, in Chinese, with the same verdict as `dangjian check`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.helpers import BRAND, REPO, write_project

PRE_COMMIT = REPO / ".venv" / "bin" / "pre-commit"


def _checkout(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "repo", {"data/brands/农村/nc-test-01.yml": BRAND})
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-test.lock",
                 ".pre-commit-config.yaml", "README.md"):
        shutil.copy2(REPO / name, root / name)
    # the project's installed environment, as a checkout that ran `make site` has it
    (root / ".venv").symlink_to(REPO / ".venv")
    stamp = (REPO / ".venv" / ".installed").stat().st_mtime
    for name in ("pyproject.toml", "requirements.lock", "requirements-test.lock"):
        os.utime(root / name, (stamp - 1, stamp - 1))
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.cn",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.cn"}
    for cmd in (["git", "init", "-q"], ["git", "config", "core.quotepath", "false"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    return root


def _pre_commit(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"], cwd=root,
                          capture_output=True, text=True, timeout=300, check=False, env=env)


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="the project's install step installs pre-commit")
def test_the_hook_stops_a_bad_file_once_in_chinese_and_passes_a_good_one(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    brand = root / "data/brands/农村/nc-test-01.yml"
    brand.write_text(BRAND.replace("level: 基层品牌", "level: 省级").replace("slogan: 党建引领促振兴",
                                                                           "slogan: no"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    done = _pre_commit(root)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert out.count("nc-test-01.yml:6:8: DJ104") == 1 and out.count("nc-test-01.yml:7:9: DJ003") == 1, out
    assert "truthy" not in out and "Traceback" not in out and "not found" not in out

    brand.write_text(BRAND, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    done = _pre_commit(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "检查通过" in done.stdout or "Passed" in done.stdout


def _pinned(lock: str) -> dict[str, str]:
    found = {}
    for line in (REPO / lock).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_the_project_installs_the_hook_itself_from_its_lock_file() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pre-commit install" in makefile and "-r requirements.lock" in makefile
    assert "pre-commit" in _pinned("requirements.lock")
    assert "yamllint" not in (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")


def test_every_dependency_is_pinned_in_the_lock_files() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    def names(requirements: list[str]) -> set[str]:
        return {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]).lower() for r in requirements}
    site = names(project["dependencies"]) | names(project["optional-dependencies"]["editor"])
    test = site | names(project["optional-dependencies"]["test"])
    assert site <= set(_pinned("requirements.lock")), site - set(_pinned("requirements.lock"))
    assert test <= set(_pinned("requirements-test.lock")), test - set(_pinned("requirements-test.lock"))
    # the two agree on every package they share
    shared = set(_pinned("requirements.lock")) & set(_pinned("requirements-test.lock"))
    assert {n for n in shared if _pinned("requirements.lock")[n] != _pinned("requirements-test.lock")[n]} == set()
