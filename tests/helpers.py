"""Small builders for test projects: a folder with data files, as an editor would keep it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from dangjian.load import LoadResult, load_catalog
from dangjian.settings import load_settings

REPO = Path(__file__).resolve().parent.parent

BRAND = """\
id: nc-test-01
name: 红色引擎
org: 当壁镇某村党支部（示例）
field: 农村
town: 当壁镇
level: 基层品牌
slogan: 党建引领促振兴
summary: 示例品牌的简介。
practices:
  - 做法一
results:
  - 成效一
visibility: public
sample: true
"""

SITE = """\
id: test-site
name: 测试纪念馆
kind: 纪念馆
town: 密山镇
location:
  lat: 45.54
  lon: 131.83
  approximate: true
summary: 测试用的教育基地。
visit_minutes: 60
opening_hours:
  mon: 闭馆
  tue: "09:00-16:30"
reservation:
  required: true
  phone: "0467-0000001"
max_group: 40
visibility: public
sample: true
"""

SCHOOL = """\
id: test-school
name: 测试微党校（示例）
town: 当壁镇
host: 某村（示例）
host_org: 某村党支部（示例）
location:
  lat: 45.3
  lon: 132.0
  approximate: true
summary: 测试用的微党校。
visibility: public
sample: true
"""

ROUTE = """\
id: test-route
name: 测试线路
theme: 红色教育
summary: 测试用的线路。
stops:
  - ref: test-site
    minutes: 60
  - ref: test-school
    minutes: 45
visibility: public
sample: true
"""


def write_project(root: Path, files: dict[str, str], *, base: bool = True) -> Path:
    """A project folder with the given files (relative path -> text) and a minimal mkdocs.yml."""
    all_files = {}
    if base:
        all_files.update({
            "data/sites/test-site.yml": SITE,
            "data/schools/test-school.yml": SCHOOL,
            "data/brands/农村/nc-test-01.yml": BRAND,
            "routes/test-route.yml": ROUTE,
        })
    all_files.update(files)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    for rel, text in all_files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def load(root: Path) -> LoadResult:
    return load_catalog(load_settings(root))


def lines(result: LoadResult) -> list[str]:
    """`path:line:col: CODE message` for each diagnostic, without hints."""
    return [d.format().splitlines()[0] for d in result.diagnostics]
