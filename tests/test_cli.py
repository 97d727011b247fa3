"""The `dangjian` command as an editor runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dangjian.schema import stale_schemas
from tests.helpers import BRAND, REPO, write_project


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dangjian.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_passes_on_the_shipped_data() -> None:
    done = run("check")
    assert done.returncode == 0, done.stderr
    assert "检查通过" in done.stdout


def test_stats_json_reports_the_counts_of_the_catalog(tmp_path: Path) -> None:
    internal = BRAND.replace("id: nc-test-01", "id: nc-test-02").replace("visibility: public", "visibility: internal")
    organ = BRAND.replace("id: nc-test-01", "id: jg-test-01").replace("field: 农村", "field: 机关")
    write_project(tmp_path, {"data/brands/农村/nc-test-01.yml": BRAND, "data/brands/农村/nc-test-02.yml": internal,
                             "data/brands/机关/jg-test-01.yml": organ})
    done = run("stats", "--json", "--root", str(tmp_path))
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["brands"] == 3
    assert stats["brands_by_field"] == {"农村": 2, "机关": 1}
    assert stats["by_visibility"]["brands"] == {"public": 2, "internal": 1}
    assert stats["brands_by_level"]["基层品牌"] == 3


def test_check_with_root_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "data/brands/农村/nc-test-01.yml": BRAND.replace("slogan:", "slogen:").replace("field: 农村", "field: 农业"),
        "data/brands/农村/bad.yml": "id: bad\nname: [unclosed\n",
    })
    done = run("check", "--root", str(tmp_path), cwd=tmp_path.parent)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    err = done.stderr
    assert "data/brands/农村/nc-test-01.yml:7:1: DJ101" in err
    assert "data/brands/农村/nc-test-01.yml:4:8: DJ104" in err
    assert "data/brands/农村/bad.yml:3:1: DJ001" in err
    assert "提示：" in err
    assert "共 3 个问题，涉及 2 个文件" in err


def test_check_on_a_missing_folder_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    done = run("check", "--root", str(tmp_path / "nowhere"))
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 1
    assert "不存在" in done.stderr and "检查通过" not in done.stdout


def test_committed_schemas_match_the_models() -> None:
    assert stale_schemas(REPO / "schemas") == [], "run `dangjian schema` and commit schemas/"


def test_schema_check_fails_when_a_schema_is_stale(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "brand.schema.json").write_text("{}", encoding="utf-8")
    done = run("schema", "--check", "--root", str(tmp_path))
    assert done.returncode == 1
    assert "brand" in done.stderr


def test_every_data_file_points_editors_at_its_schema() -> None:
    files = sorted((REPO / "data").rglob("*.yml")) + sorted((REPO / "routes").rglob("*.yml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target}"
