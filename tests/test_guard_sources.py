"""Source checks and the final verification, as an editor and an attacker meet them.

Each test builds its own small project (tests/guardproject.py) and reads what `dangjian
check` or the build says, as a person would.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.guardproject import ABOUT_MD, guard_project
from tests.helpers import BRAND
from tests.sitebuild import build

ARTICLE = ("统筹调度军警民执勤、执法和巡防力量，加大日常边境沿线水路、陆路巡逻力度，在边境一线设置执勤点26个，"
           "由383人组成的护边员巡边队伍，对陆界采取“分段负责、错峰执勤”方式，水界采取“岸线巡查、潜伏蹲守”方式，"
           "实行常态化24小时巡逻执勤。")


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dangjian.cli", "check", "--root", str(project)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_border_positions_and_patrol_times_are_found_in_any_spelling_at_their_line(tmp_path: Path) -> None:
    about = ABOUT_MD + (
        "\n3号执勤点位于北纬45.3312°、东经132.4410°，每日6时、18时各巡逻一次。\n\n"
        "3號執勤點位於北緯45.3312°、東經132.4410°，每日6時、18時各巡邏一次。\n\n"
        "哨所在湖岸东侧200米处。\n\n夜间二十二时至次日二时潜伏蹲守。\n\n护边员名单见附件。\n"
    )
    project = guard_project(tmp_path / "p", {"docs/about.md": about})
    done = check(project)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    first = ABOUT_MD.count("\n") + 2
    found = re.findall(r"docs/about\.md:(\d+):\d+: DJ205", done.stderr)
    assert [int(n) for n in found] == [first, first + 2, first + 4, first + 6, first + 8], done.stderr
    assert "检查通过" not in done.stdout


def test_what_the_article_says_about_the_border_stays_publishable(tmp_path: Path) -> None:
    text = BRAND.replace("summary: 示例品牌的简介。", f"summary: {ARTICLE}")
    project = guard_project(tmp_path / "p", {"data/brands/农村/nc-test-01.yml": text,
                                             "docs/about.md": ABOUT_MD + "\n" + ARTICLE + "\n"})
    done = check(project)
    assert done.returncode == 0, done.stderr


def test_a_coordinate_in_prose_is_a_finding_unless_it_is_the_entitys_own(tmp_path: Path) -> None:
    own = BRAND.replace("summary: 示例品牌的简介。", "summary: 位于北纬45.54°。").replace(
        "visibility: public", "location:\n  lat: 45.54\n  lon: 131.83\nvisibility: public")
    other = BRAND.replace("id: nc-test-01", "id: nc-test-02").replace(
        "summary: 示例品牌的简介。", "summary: 湖边一处在 N45.3312 E132.4410。")
    project = guard_project(tmp_path / "p", {"data/brands/农村/nc-test-01.yml": own,
                                             "data/brands/农村/nc-test-02.yml": other})
    done = check(project)
    assert done.returncode == 1
    assert "nc-test-01.yml" not in done.stderr
    assert len(re.findall(r"data/brands/农村/nc-test-02\.yml:8:\d+: DJ206", done.stderr)) == 2, done.stderr


def test_personal_data_in_docs_front_matter_and_an_internal_name_in_a_page_are_found(tmp_path: Path) -> None:
    secret = BRAND.replace("id: nc-test-01", "id: nc-secret-09").replace("name: 红色引擎", "name: 内部品牌甲乙丙").replace(
        "visibility: public", "visibility: internal")
    page = "---\ntitle: 联系\ndescription: 书记 １３８－００１３－８０００\n---\n\n# 联系\n\n见内部品牌甲乙丙的材料。\n"
    project = guard_project(tmp_path / "p", {"data/brands/农村/nc-secret-09.yml": secret,
                                             "docs/contact.md": page})
    done = check(project)
    assert done.returncode == 1
    assert re.search(r"docs/contact\.md:3:17: DJ203 发现手机号码“138\*\*\*\*8000”", done.stderr), done.stderr
    assert re.search(r"docs/contact\.md:8:2: DJ201 .*内部品牌甲乙丙", done.stderr), done.stderr


@pytest.mark.parametrize("workers", [0, 1])  # checked in the build process, or beside it in a worker
def test_a_script_in_a_page_body_fails_the_build_naming_the_page(tmp_path: Path, workers: int) -> None:
    about = ABOUT_MD + "\n<script>window.__pwned = 1</script>\n"
    project = guard_project(tmp_path / "p", {"docs/about.md": about}, guard=f"workers: {workers}")
    done = build(project, tmp_path / "site")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert re.search(r"site/about/index\.html: DJ220 发现不是本站模板自带的内联脚本.*（来源：docs/about\.md）",
                     done.stderr), done.stderr[-2000:]
    assert not (tmp_path / "site" / "about" / "index.html").exists()


def test_a_linked_spreadsheet_with_a_mobile_and_an_unknown_binary_are_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["品牌", "联系人手机"])
    book.active.append(["某品牌", "13800138000"])
    data = io.BytesIO()
    book.save(data)
    project = guard_project(tmp_path / "p", {"docs/about.md": ABOUT_MD + "\n[名单](list.xlsx) [文件](x.bin)\n"})
    (project / "docs" / "list.xlsx").write_bytes(data.getvalue())
    (project / "docs" / "x.bin").write_bytes(b"\x00\x01\x02binary")
    done = build(project, tmp_path / "site")
    assert done.returncode != 0
    assert re.search(r"site/list\.xlsx: DJ203 发现手机号码“138\*\*\*\*8000”", done.stderr), done.stderr[-2000:]
    assert "site/x.bin: DJ221" in done.stderr
    assert not (tmp_path / "site" / "list.xlsx").exists()


def test_a_data_file_is_checked_again_when_it_changes_and_its_findings_kept_while_not(tmp_path: Path) -> None:
    from dangjian.guard.sourcecheck import SourceOptions, check_data
    from dangjian.load.loader import load_file

    path = tmp_path / "b.yml"
    path.write_text("id: b\nvisibility: public\nname: 示例品牌\nsummary: 平安无事\n", encoding="utf-8")
    first = check_data({"b.yml": load_file(path, "brand")}, tmp_path, SourceOptions())
    assert first == []
    path.write_text("id: b\nvisibility: public\nname: 示例品牌\nsummary: 联系人电话13945671234\n", encoding="utf-8")
    again = check_data({"b.yml": load_file(path, "brand")}, tmp_path, SourceOptions())
    assert [(d.line, d.code) for d in again] and all(d.line == 4 for d in again)
    assert check_data({"b.yml": load_file(path, "brand")}, tmp_path, SourceOptions()) == again
