"""`dangjian check` finds broken links and anchors in docs/ pages where they are written."""

from __future__ import annotations

from pathlib import Path

from tests.guardproject import ABOUT_MD, guard_project
from tests.test_guard_sources import check


def test_broken_links_and_anchors_in_a_page_are_located_and_good_ones_pass(tmp_path: Path) -> None:
    links = ("\n## 资料 来源\n\n[好](index.md) [好锚点](#资料-来源) [条目](../brands/nc-test-01/) "
             "[章节](../brands/) [章节页](brands/index.md#任意)\n\n"
             "[坏页](no-such.md) [坏锚点](index.md#没有这个标题)\n"
             '<a href="../brands/nc-none-99/">坏条目</a>\n\n'
             "```\n[示例，不检查](nowhere.md)\n```\n")
    project = guard_project(tmp_path / "p", {"docs/about.md": ABOUT_MD + links})
    done = check(project)
    first = ABOUT_MD.count("\n") + 6
    lines = [line.split(": ", 1)[0] + ": " + line.split(": ", 1)[1].split(" ", 1)[0]
             for line in done.stderr.splitlines() if line.startswith("docs/")]
    assert lines == [f"docs/about.md:{first}:6: DJ210", f"docs/about.md:{first}:24: DJ211",
                     f"docs/about.md:{first + 1}:10: DJ210"], done.stderr
    assert done.returncode == 1 and "Traceback" not in done.stderr
