"""The project that content-facing tests run against, and the known entities they add to it.

Behaviour tests build small projects of their own (tests/helpers.py). The few that want a
realistic project copy the project under test into a temporary folder: this repository's,
or the one named by the DANGJIAN_TEST_PROJECT environment variable (how
tests/test_content_independence.py runs them against an edited copy). They add the known
entities below and take every other expected value from the catalog of that copy, never
from today's data: an editor's valid change to data/, routes/ or docs/ never fails a test.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.load import load_catalog
from dangjian.settings import load_settings
from tests.helpers import REPO

PROJECT_ENV = "DANGJIAN_TEST_PROJECT"


def project_under_test() -> Path:
    """The project whose content the realistic tests copy (this repository by default)."""
    named = os.environ.get(PROJECT_ENV)
    return Path(named).resolve() if named else REPO


def copy_project(dest: Path, source: Path | None = None, files: dict[str, str] | None = None) -> Path:
    """A copy of what a site is made of (mkdocs.yml, docs/, schemas/, the data and routes
    folders mkdocs.yml names), with files (path relative to the root -> text) added."""
    source = source or project_under_test()
    settings = load_settings(source)
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "schemas", settings.data_dir, settings.routes_dir):
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    for rel, text in (files or {}).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def catalog_of(root: Path) -> Catalog:
    """The catalog of a project that must pass `dangjian check`."""
    result = load_catalog(load_settings(root))
    assert result.catalog is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.catalog


def set_plugin_option(mkdocs_yml: str, plugin: str, option: str) -> str:
    """mkdocs.yml with one more option line ("workers: 0") under a plugin of the list."""
    bare = re.compile(rf"^([ \t]*)- {re.escape(plugin)}[ \t]*$", re.M)
    opened = re.compile(rf"^([ \t]*)- {re.escape(plugin)}:[ \t]*$", re.M)
    if m := opened.search(mkdocs_yml):
        after = re.compile(r"\n([ \t]*)[^\s#]").search(mkdocs_yml, m.end())
        indent = after[1] if after and len(after[1]) > len(m[1]) + 2 else m[1] + "    "
        return mkdocs_yml[:m.end()] + f"\n{indent}{option}" + mkdocs_yml[m.end():]
    if m := bare.search(mkdocs_yml):
        return mkdocs_yml[:m.start()] + f"{m[1]}- {plugin}:\n{m[1]}    {option}" + mkdocs_yml[m.end():]
    raise AssertionError(f"mkdocs.yml does not list the {plugin} plugin")


# Known entities added to the realistic copy. Their ids and names are the tests' own; the
# places lie in Mishan, away from the towns' centres.

TOUR = ["zz-tour-1", "zz-tour-2", "zz-tour-3", "zz-tour-4", "zz-tour-5"]
"""Five sites to plan a tour of: 1 and 2 close on Mondays; 1, 2 and 5 receive fewer than 250
people at once; 1 needs booking and is the only one with sample fields; 4 gives no hours."""

CLOSED_MONDAY = {"zz-tour-1", "zz-tour-2"}
SMALLER_THAN_250 = {"zz-tour-1", "zz-tour-2", "zz-tour-5"}

_WEEK = "\n".join(f"  {d}: \"{{h}}\"" for d in ("tue", "wed", "thu", "fri", "sat", "sun"))


def _site(n: int, name: str, kind: str, town: str, lat: float, lon: float, extra: str) -> str:
    return f"""\
id: zz-tour-{n}
name: {name}
kind: {kind}
town: {town}
location:
  lat: {lat}
  lon: {lon}
summary: 测试用的研学站点{name}。
visit_minutes: 60
{extra}visibility: public
"""


KNOWN: dict[str, str] = {
    "sites/zz-tour-1.yml": _site(1, "测试甲纪念馆", "纪念馆", "密山镇", 45.561, 131.901, f"""\
opening_hours:
  mon: 闭馆
{_WEEK.format(h='08:30-16:30')}
reservation:
  required: true
  days_ahead: 1
max_group: 120
bus_parking: true
sample: false
sample_fields: [opening_hours, max_group]
"""),
    "sites/zz-tour-2.yml": _site(2, "测试乙旧址", "旧址", "密山镇", 45.548, 131.874, f"""\
opening_hours:
  mon: 闭馆
{_WEEK.format(h='09:00-16:00')}
reservation:
  required: false
max_group: 80
"""),
    "sites/zz-tour-3.yml": _site(3, "测试丙博物馆", "博物馆", "当壁镇", 45.331, 132.061, """\
opening_hours:
  mon: "08:00-17:00"
""" + _WEEK.format(h="08:00-17:00") + """
max_group: 300
"""),
    "sites/zz-tour-4.yml": _site(4, "测试丁纪念碑", "纪念碑", "当壁镇", 45.312, 132.101, ""),
    "sites/zz-tour-5.yml": _site(5, "测试戊体验中心", "体验中心", "兴凯湖乡", 45.411, 131.981, """\
opening_hours:
  mon: "09:00-17:00"
""" + _WEEK.format(h="09:00-17:00") + """
max_group: 150
"""),
    "schools/zz-school.yml": """\
id: zz-school
name: 测试己微党校（示例）
town: 当壁镇
host: 测试村（示例）
host_org: 测试村党支部（示例）
location:
  lat: 45.352
  lon: 132.011
  approximate: true
summary: 测试用的微党校。
visibility: public
sample: true
""",
    "brands/农村/zz-brand-1.yml": """\
id: zz-brand-1
name: 测试庚先锋
org: 测试村党支部（示例）
field: 农村
town: 当壁镇
level: 省级示范点
summary: 测试用的品牌。
location:
  lat: 45.342
  lon: 132.021
visibility: public
sample: true
""",
    "brands/机关/zz-brand-2.yml": """\
id: zz-brand-2
name: 测试辛先锋
org: 测试机关党支部（示例）
field: 机关
town: 密山镇
level: 基层品牌
summary: 测试用的机关品牌。
visibility: public
sample: true
""",
    "brands/农村/zz-brand-3.yml": """\
id: zz-brand-3
name: 测试壬内部品牌
org: 测试村党支部（示例）
field: 农村
town: 当壁镇
level: 基层品牌
summary: 不发布的品牌。
visibility: internal
sample: true
""",
}
"""Known entities by path under the data folder."""

ROUTE_ID = "zz-route"
ROUTE_STOPS = ["zz-tour-2", "zz-tour-1", "zz-tour-3"]
KNOWN_ROUTE = f"""\
id: {ROUTE_ID}
name: 测试研学线
theme: 红色教育
summary: 测试用的线路。
stops:
{"".join(f"  - ref: {ref}{chr(10)}    minutes: 45{chr(10)}" for ref in ROUTE_STOPS)}visibility: public
sample: true
"""


def realistic_project(dest: Path, source: Path | None = None) -> Path:
    """A copy of the project under test with the known entities and route added."""
    source = source or project_under_test()
    settings = load_settings(source)
    files = {f"{settings.data_dir}/{rel}": text for rel, text in KNOWN.items()}
    files[f"{settings.routes_dir}/{ROUTE_ID}.yml"] = KNOWN_ROUTE
    return copy_project(dest, source, files)
