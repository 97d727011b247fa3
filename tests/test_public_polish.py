"""The public site's finish, read from the realistic build: titles that do not repeat the
site's name, the places listed verified first, opening hours and courses as tables whose
day, time and duration stay whole, and a Chinese 404 page with the way home."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from dangjian.catalog import Catalog

SITE_NAME = re.compile(r"^site_name:\s*(.+?)\s*$", re.M)


def _html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _site_name(project: Path) -> str:
    found = SITE_NAME.search((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert found
    return found[1].strip("\"'")


def test_no_title_repeats_the_site_name(realistic: Path, realistic_site: Path) -> None:
    name = _site_name(realistic)
    pages = [p for p in realistic_site.rglob("index.html") if "assets" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        title = _html(page).css_first("title").text()
        assert title.count(name) == 1, (page, title)
    assert _html(realistic_site / "index.html").css_first("title").text() == name
    entity = _html(realistic_site / "sites" / "zz-tour-1" / "index.html").css_first("title").text()
    assert entity == f"测试甲纪念馆 - {name}"


def test_verified_places_come_before_sample_ones(realistic_site: Path, realistic_catalog: Catalog) -> None:
    for kind, section in (("site", "sites"), ("school", "schools")):
        sample = {e.id: bool(e.model.sample) for e in realistic_catalog.public(kind)}  # type: ignore[attr-defined]
        cards = _html(realistic_site / section / "index.html").css(".dj-card[data-id]")
        order = [sample[c.attributes["data-id"] or ""] for c in cards]
        assert len(order) == len(sample)
        assert order == sorted(order), f"{section}: a sample entry before a verified one"
    assert False in [bool(e.model.sample) for e in realistic_catalog.public("site")]  # type: ignore[attr-defined]


def test_hours_and_courses_are_tables_whose_parts_stay_whole(realistic_site: Path) -> None:
    page = _html(realistic_site / "sites" / "zz-tour-1" / "index.html")
    rows = page.css("table.dj-hours tbody tr")
    assert len(rows) == 7
    monday, tuesday = rows[0], rows[1]
    assert monday.css_first("th").text() == "周一" and monday.css_first("td").text() == "闭馆"
    assert tuesday.css_first("th").text() == "周二"
    ranges = tuesday.css("td .dj-nowrap")
    assert [r.text() for r in ranges] == ["08:30–16:30"]
    shipped = [p for p in realistic_site.glob("sites/*/index.html") if _html(p).css_first("table.dj-courses")]
    for path in shipped:
        for row in _html(path).css("table.dj-courses tbody tr"):
            duration = row.css("td")[-1]
            assert "dj-duration" in (duration.attributes.get("class") or ""), path


def test_the_404_page_is_chinese_and_leads_home(realistic_site: Path) -> None:
    page = _html(realistic_site / "404.html")
    assert page.css_first("h1").text() == "页面未找到"
    assert page.css_first("title").text().startswith("页面未找到 - ")
    text = page.css_first("article").text()
    assert "搜索" in text and "Not found" not in text
    links = {a.text().strip(): a.attributes.get("href") or "" for a in page.css("article a")}
    assert "返回首页" in links and links["返回首页"].startswith("/")
    assert any(href.endswith("/sites/") for href in links.values())
    assert all(href.startswith("/") for href in links.values()), links
    assert page.css_first('meta[http-equiv="Content-Security-Policy"]') is not None
