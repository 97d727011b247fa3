"""What the search carries: a page's own text, once, whether Material or dangjian/search indexes it."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.helpers import BRAND, write_project

MKDOCS = """\
site_name: test
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-]+'
  - dangjian/content
"""


def test_brand_pages_index_their_own_text_not_neighbours_sources_or_breadcrumbs(tmp_path: Path) -> None:
    other = BRAND.replace("nc-test-01", "nc-test-02").replace("红色引擎", "黑土先锋")
    project = write_project(tmp_path / "p", {"data/brands/农村/nc-test-02.yml": other})
    (project / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    docs = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    page = [d for d in docs if d["location"].startswith("brands/nc-test-01/")]
    locations = {d["location"] for d in page}
    assert "brands/nc-test-01/#practices" in locations
    assert not {"brands/nc-test-01/#nearby", "brands/nc-test-01/#sources"} & locations
    text = "".join(d["title"] + d["text"] for d in page).replace("\u200b", "")
    assert "示例品牌的简介" in text
    assert "黑土先锋" not in text  # the neighbour is found on its own page, not on this one
    assert "本页内容为示例数据" not in text
    html = (tmp_path / "site" / "brands" / "nc-test-01" / "index.html").read_text(encoding="utf-8")
    assert "黑土先锋" in html and "本页内容为示例数据" in html  # still shown to readers


def test_a_brand_record_holds_its_own_text_not_its_neighbours(tmp_path: Path) -> None:
    from dangjian.render.pages import SECTION_TITLES
    from dangjian.search.records import catalog_records
    from tests.helpers import load

    other = BRAND.replace("nc-test-01", "nc-test-02").replace("红色引擎", "黑土先锋")
    result = load(write_project(tmp_path / "p", {"data/brands/农村/nc-test-02.yml": other}, base=True))
    assert result.catalog is not None
    records = {r.location: r for r in catalog_records(result.catalog, SECTION_TITLES)}
    text = " ".join([records["brands/nc-test-01/"].title, *records["brands/nc-test-01/"].texts])
    assert "示例品牌的简介" in text
    assert "黑土先锋" not in text and "本页内容为示例数据" not in text


def test_a_brand_lists_eight_neighbours_of_its_town_and_links_to_all_of_them(tmp_path: Path) -> None:
    from dangjian.render.pages import SiteIndex, entity_page
    from tests.helpers import load

    brands = {f"data/brands/农村/nc-town-{i:02d}.yml": BRAND.replace("nc-test-01", f"nc-town-{i:02d}")
              .replace("红色引擎", f"邻居品牌{i:02d}") for i in range(12)}
    result = load(write_project(tmp_path, brands, base=True))
    assert result.catalog is not None
    index = SiteIndex.build(result.catalog, "")
    town = index.brands_by_town["当壁镇"]
    assert len(town) == 13
    for entry in (town[0], town[-1]):
        html = entity_page(entry, index)
        listed = [b.name for b in town if b is not entry and f">{b.name}</a>" in html]
        assert len(listed) == 8
        assert "查看当壁镇全部 13 个品牌" in html
        assert f">{entry.name}</a>" not in html
