"""A small project for the Chinese search tests: known names, towns and words, and the queries
people type with the entity each must find.

The shipped data's query set (tests/search_queries.yml) is the benchmark's (`scripts/searcheval`):
it names today's entities, so no test runs it.
"""

from __future__ import annotations

from pathlib import Path

from bench.searchquality import SearchQuery
from tests.helpers import write_project

MKDOCS_YML = """\
site_name: 搜索测试
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: zh
  font: false
  features:
    - search.suggest
    - search.highlight
plugins:
  - search:
      lang: zh
      separator: '{separator}'
  - dangjian/content
  - dangjian/search
"""

SEPARATOR = "[\\s\\u200b\\-]+"


def _site(eid: str, name: str, kind: str, town: str, summary: str, short: str = "") -> str:
    short_line = f"short_name: {short}\n" if short else ""
    return (f"id: {eid}\nname: {name}\n{short_line}kind: {kind}\ntown: {town}\n"
            f"location: {{lat: 45.5, lon: 131.9, approximate: true}}\nsummary: {summary}\n"
            "visibility: public\nsample: true\n")


def _brand(eid: str, name: str, field: str, town: str, summary: str, practice: str) -> str:
    return (f"id: {eid}\nname: {name}\norg: {town}某党支部（示例）\nfield: {field}\ntown: {town}\n"
            f"level: 基层品牌\nsummary: {summary}\npractices:\n  - {practice}\nvisibility: public\nsample: true\n")


FILES: dict[str, str] = {
    "data/sites/hangxiao-jiuzhi.yml": _site(
        "hangxiao-jiuzhi", "东北民主联军航空学校旧址", "旧址", "密山镇", "人民空军的摇篮所在地。", short="航校旧址"),
    "data/sites/laohangxiao.yml": _site(
        "laohangxiao", "东北老航校纪念馆", "纪念馆", "密山镇", "展陈老航校的历史。"),
    "data/sites/beidahuang.yml": _site(
        "beidahuang", "北大荒开发建设纪念馆", "纪念馆", "当壁镇", "讲述十万官兵开发建设的历程。",
        short="北大荒纪念馆"),
    "data/sites/xingkaihu.yml": _site(
        "xingkaihu", "兴凯湖博物馆", "博物馆", "当壁镇", "介绍湖区的自然与人文。"),
    "data/schools/dangbi-school.yml": """\
id: dangbi-school
name: 当壁镇边境微党校教学点（示例）
town: 当壁镇
host: 某村（示例）
host_org: 某村党支部（示例）
location: {lat: 45.3, lon: 132.0, approximate: true}
summary: 围绕守边主题开展理论学习。
visibility: public
sample: true
""",
    "data/schools/chengzihe-school.yml": """\
id: chengzihe-school
name: 承紫河乡微党校（示例）
town: 承紫河乡
host: 某村（示例）
host_org: 某村党支部（示例）
location: {lat: 45.6, lon: 131.6, approximate: true}
summary: 依托抵边村开展国防教育。
visibility: public
sample: true
""",
    "data/brands/农村/nc-hupan.yml": _brand(
        "nc-hupan", "湖畔红帆", "农村", "白鱼湾镇", "该村党组织参加乡村振兴主题擂台比武。", "组织党员种植优质稻米"),
    "data/brands/城市社区/sq-milin.yml": _brand(
        "sq-milin", "邻里守望", "城市社区", "中心街道", "社区党组织推行网格化服务。", "开展楼栋议事会"),
    "data/brands/国企/gq-zhubao.yml": _brand(
        "gq-zhubao", "铁军先锋", "国企", "密山镇", "企业党委把党建与生产经营结合。", "设立党员先锋岗"),
    "routes/meili-xiangcun.yml": """\
id: meili-xiangcun
name: 美丽乡村行
theme: 乡村振兴
summary: 走进抵边村屯。
stops:
  - {ref: dangbi-school, minutes: 45}
  - {ref: chengzihe-school, minutes: 45}
visibility: public
sample: true
""",
    "routes/hongse.yml": """\
id: hongse
name: 红色密山行
theme: 红色教育
summary: 从城区出发的红色教育线路。
stops:
  - {ref: laohangxiao, minutes: 60}
  - {ref: hangxiao-jiuzhi, minutes: 30}
  - {ref: beidahuang, minutes: 60}
visibility: public
sample: true
""",
}
"""Entity files by path."""

QUERIES: list[SearchQuery] = [SearchQuery(q, e, k) for q, e, k in [
    ("民主联军", "hangxiao-jiuzhi", "sub-word"),
    ("航空学校", "hangxiao-jiuzhi", "sub-word"),
    ("航校旧址", "hangxiao-jiuzhi", "short name"),
    ("老航校", "laohangxiao", "sub-word"),
    ("航校", "laohangxiao", "sub-word"),
    ("航校", "hangxiao-jiuzhi", "sub-word"),
    ("北大荒", "beidahuang", "place"),
    ("北大荒纪念馆", "beidahuang", "short name"),
    ("开发建设", "beidahuang", "sub-word"),
    ("兴凯湖", "xingkaihu", "place"),
    ("兴凯湖博物馆", "xingkaihu", "name"),
    ("湖畔红帆", "nc-hupan", "name"),
    ("hupanhongfan", "nc-hupan", "pinyin"),
    ("beidahuang", "beidahuang", "pinyin"),
    ("hphf", "nc-hupan", "initials"),
    ("白鱼湾镇", "nc-hupan", "town"),
    ("承紫河乡", "chengzihe-school", "town"),
    ("擂台比武", "nc-hupan", "programme"),
    ("密邻", "sq-milin", "programme"),
    ("稻米", "nc-hupan", "content"),
    ("乡村行", "meili-xiangcun", "route"),
    ("红色密山行", "hongse", "route"),
]]
"""What people type, and the entity each query must find among the first five results."""


def search_project(root: Path, separator: str = SEPARATOR) -> Path:
    """The small search project, with Material's search and ours, under root."""
    project = write_project(root, {**FILES, "docs/index.md": "# 首页\n"}, base=False)
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(separator=separator), encoding="utf-8")
    return project
