"""`dangjian check` and the other commands on hostile or broken input: a located Chinese
message and exit 1, never a traceback, never "检查通过"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.settings import CONTENT_OPTIONS
from tests.helpers import BRAND, write_project
from tests.test_load_hardening import BOMB

B = "data/brands/农村/nc-test-01.yml"

MKDOCS = """\
site_name: test
theme:
  name: material
  language: zh
  font: false
plugins:
  - dangjian/content:
      data_dir: data
      routes_dir: routes
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dangjian.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def refused(done: subprocess.CompletedProcess[str]) -> str:
    """stderr of a command that must have failed as a person should see it fail."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert "检查通过" not in done.stdout
    return done.stderr


def project(tmp_path: Path, mkdocs: str = MKDOCS, files: dict[str, str] | None = None) -> Path:
    root = write_project(tmp_path / "p", files or {})
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return root


def test_check_answers_an_alias_bomb_at_once(tmp_path: Path) -> None:
    root = project(tmp_path, files={B: BOMB})
    err = refused(run("check", "--root", str(root)))  # within run()'s timeout: never expanded
    assert f"{B}:2:4: DJ012 使用了锚点“&a”" in err
    assert f"{B}:10:8: DJ012 使用了别名“*h”（本行共 9 处）" in err
    # proof that nothing was expanded, not a stopwatch: the reader builds no value at all
    from dangjian.load.yamlsource import parse

    assert parse(BOMB).value is None


def test_a_control_character_in_data_is_located_and_printed_escaped(tmp_path: Path) -> None:
    root = project(tmp_path, files={B: BRAND.replace("slogan: 党建引领促振兴", "slogan: 党建\u202e引领促振兴")})
    err = refused(run("check", "--root", str(root)))
    assert f"{B}:7:11: DJ011 有文字方向控制符 U+202E（\\u202e）" in err
    assert "\u202e" not in err


def test_a_yaml_syntax_error_in_mkdocs_yml_is_located(tmp_path: Path) -> None:
    root = project(tmp_path, MKDOCS.replace("      routes_dir: routes", "      routes_dir: [routes"))
    err = refused(run("check", "--root", str(root)))
    assert "mkdocs.yml:" in err and ": DJ001 YAML 语法错误：" in err
    assert "方括号列表没有闭合" in err


@pytest.mark.parametrize(("text", "found"), [
    ("- site_name\n", "mkdocs.yml:1:1: DJ015 mkdocs.yml 最外层应是“设置名: 值”的映射"),
    (MKDOCS.replace("data_dir: data", "data_dri: data"),
     "mkdocs.yml:8:7: DJ015 dangjian/content 没有选项“data_dri”\n    提示：是不是想写“data_dir”？"),
    (MKDOCS.replace("data_dir: data", "data_dir: ../.."),
     "mkdocs.yml:8:17: DJ015 dangjian/content 的选项“data_dir”（../..）不能用“..”跳出项目文件夹"),
    (MKDOCS.replace("data_dir: data", "data_dir: /etc"), "mkdocs.yml:8:17: DJ015 dangjian/content 的选项“data_dir”（/etc）不能是绝对路径"),
    (MKDOCS.replace("data_dir: data", "data_dir: 5"), "mkdocs.yml:8:17: DJ015 dangjian/content 的选项“data_dir”应为文字"),
    (MKDOCS.replace("data_dir: data", "area: {south: abc}"), "mkdocs.yml:8:21: DJ015 dangjian/content 的 area.south 应为度数"),
    (MKDOCS.replace("data_dir: data", "area: {south: 46, north: 45}"),
     "mkdocs.yml:8:21: DJ015 dangjian/content 的 area.south 应小于 area.north"),
    (MKDOCS.replace("data_dir: data", "enabled: maybe"), "mkdocs.yml:8:16: DJ015 dangjian/content 的选项“enabled”应为true 或 false"),
    (MKDOCS + "  - dangjian/mpas\n", "mkdocs.yml:10:5: DJ015 没有名为“dangjian/mpas”的插件\n    提示：是不是想写“dangjian/maps”？"),
    (MKDOCS + "  - dangjian/planner:\n      speed_kmh: fast\n",
     "mkdocs.yml:11:18: DJ015 dangjian/planner 的选项“speed_kmh”应为数字"),
    (MKDOCS + "  - dangjian/planner:\n      speed_kmhh: 40.0\n",
     "mkdocs.yml:11:7: DJ015 dangjian/planner 没有选项“speed_kmhh”\n    提示：是不是想写“speed_kmh”？"),
    (MKDOCS + "  - dangjian/planner: 5\n", "mkdocs.yml:10:23: DJ015 dangjian/planner 的选项应是“选项名: 值”的映射"),
    (MKDOCS.replace("site_name: test", "site_name: test\ndocs_dir: [x]"), "mkdocs.yml:2:11: DJ015 docs_dir 应为文件夹名"),
])
def test_wrong_dangjian_options_in_mkdocs_yml_are_located(tmp_path: Path, text: str, found: str) -> None:
    err = refused(run("check", "--root", str(project(tmp_path, text))))
    assert found in err, err


def test_mkdocs_yml_not_in_utf8_is_located(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "mkdocs.yml").write_bytes("site_name: 测试\n".encode("gbk"))
    assert "mkdocs.yml:1:12: DJ010" in refused(run("check", "--root", str(root)))


def test_every_content_option_the_check_knows_is_one_the_plugin_has() -> None:
    from dangjian.mkdocs.content import ContentConfig

    assert set(CONTENT_OPTIONS) == {name for name, _ in ContentConfig._schema}


@pytest.mark.parametrize("command", [
    ["check"], ["stats"], ["new", "brand", "nc-test-09", "--field", "农村"],
    ["export", "brands", "out.csv"], ["import", "brands", "in.csv"],
])
def test_a_missing_or_wrong_root_is_a_message(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "in.csv").write_text("编号\n", encoding="utf-8")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for root, words in ((tmp_path / "nowhere", "不存在"), (tmp_path / "file.txt", "不是文件夹"),
                        (tmp_path / "empty", "中没有 mkdocs.yml")):
        err = refused(run(*command, "--root", str(root), cwd=tmp_path))
        assert err.startswith("错误：") and words in err, err


def test_check_on_a_clean_small_project_passes(tmp_path: Path) -> None:
    done = run("check", "--root", str(project(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert "检查通过" in done.stdout


def test_the_build_fails_with_a_located_message_for_a_docs_page_linked_outside(tmp_path: Path) -> None:
    root = project(tmp_path, files={"docs/index.md": "# 首页\n"})
    (tmp_path / "secret.txt").write_text("机密\n", encoding="utf-8")
    (root / "docs/leak.md").symlink_to(tmp_path / "secret.txt")
    err = refused(run("check", "--root", str(root)))
    assert "docs/leak.md:1:1: DJ014 文档页“docs/leak.md”是指向项目文件夹之外" in err
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                          check=False, env={"NO_MKDOCS_2_WARNING": "1", **__import__("os").environ})
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "docs/leak.md:1:1: DJ014" in done.stdout + done.stderr
    assert not (tmp_path / "site" / "leak" / "index.html").exists()
