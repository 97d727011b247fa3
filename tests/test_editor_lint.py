"""Pre-commit's yamllint rules: the project's data passes, and the YAML 1.1 traps are caught."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dangjian.settings import load_settings
from tests.helpers import REPO
from tests.project import project_under_test


def yamllint(*paths: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", str(REPO / ".yamllint"),
                           *map(str, paths)], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.realistic
def test_the_projects_data_passes_yamllint() -> None:
    # a check of the data, like `dangjian check`: zero findings, whatever the data holds
    root = project_under_test()
    settings = load_settings(root)
    done = yamllint(settings.data_dir, settings.routes_dir, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr


def test_yamllint_rejects_yes_no_and_implicit_octal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("id: x\nbus_parking: yes\nphone: 0467\nnote: \"yes\"\n", encoding="utf-8")
    done = yamllint(bad)
    assert done.returncode != 0
    assert "2:14" in done.stdout and "truthy" in done.stdout
    assert "3:12" in done.stdout and "octal" in done.stdout


def test_pre_commit_runs_check_and_yamllint() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert any(e.endswith("dangjian check") for e in entries)
    assert any("yamllint" in e for e in entries)
