"""Markup in the data and in a page's front matter reaches the published site as text, and never runs.

A small project carries payloads that prove it if they ever run: they set window.__pwned,
load an image named x (a request for /x) or send the browser to /pwned-marker/. Each test
asserts that none of that happened, and that the payload's text is on the page, as text, so
that it did reach the place it was tested in:

- an education site's and a brand's name: their pages, the map's tooltips and popups, the
  planner's schematic;
- a brand's town: the tags under a search result (Material writes them into the page as HTML);
- a hand-written page's front-matter title and description: the Open Graph tags of the theme
  override and the title of its search result.

The hand-written page itself still runs what its front matter carries: Material's own
templates print the title and description as they are. The test that says so is an expected
failure (strict) until that front matter is escaped where it is read, as generated pages' is.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.searchquality import open_search, search
from tests.browser.conftest import Recorder, open_recorded, quiet_live_reload
from tests.helpers import BRAND, REPO, SITE, write_project
from tests.sitebuild import build, serve
from tests.test_editor_preview import serving, wait_for

pytestmark = pytest.mark.browser

RUNS = "window.__pwned=1"
IMG = f'<img src=x onerror="{RUNS}">'
SCRIPT = f"<script>{RUNS}</script>"
REFRESH = '<meta http-equiv="refresh" content="0;url=/pwned-marker/">'
BREAK_OUT = f'"><script>{RUNS}</script>'

SITE_NAME = "测试纪念馆" + IMG + SCRIPT
BRAND_NAME = "红色引擎" + IMG
TOWN = "当壁镇" + REFRESH + IMG
PAGE_TITLE = "关于测试" + BREAK_OUT + IMG
PAGE_DESCRIPTION = "本页说明" + BREAK_OUT + IMG
# The theme takes a hand-written page's title for HTML, so its text is what is left without
# the tags; once front matter is escaped where it is read, its text is all of it.
PAGE_TITLE_TEXT = (f'关于测试">{RUNS}', PAGE_TITLE)
PAGE_DESCRIPTION_TEXT = (f'本页说明">{RUNS}', PAGE_DESCRIPTION)

MKDOCS_YML = """\
site_name: 测试站点
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: zh
  font: false
  custom_dir: overrides
  features:
    - navigation.instant
    - search.suggest
    - search.highlight
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-]+'
  - dangjian/content
  - dangjian/search
  - dangjian/maps
  - dangjian/planner
  # The publishing guard refuses pages with markup like these payloads in them and fails the
  # build; it is off here, so that this test sees what escaping alone does.
  - dangjian/guard:
      enabled: false
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: true
nav:
  - 首页: index.md
  - 关于: about.md
  - 红色教育基地: sites/index.md
  - 边境微党校: schools/index.md
  - 党建品牌: brands/index.md
  - 研学线路: routes/index.md
  - 研学规划: planner/index.md
"""

ABOUT_MD = f"""\
---
title: {json.dumps(PAGE_TITLE, ensure_ascii=False)}
description: {json.dumps(PAGE_DESCRIPTION, ensure_ascii=False)}
---

本页介绍转义测试。

## 资料来源

正文。
"""


PREVIEWS: set[str] = set()  # the addresses of the previews among the sites under test
GUARD_OFF = "  - dangjian/guard:\n      enabled: false\n"
assert GUARD_OFF in MKDOCS_YML


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is YAML, every character kept


def escaping_project(root: Path) -> Path:
    """The small test project with the payloads in a site's and a brand's name, a brand's town
    and a hand-written page's front matter."""
    site = SITE.replace("name: 测试纪念馆", f"name: {_q(SITE_NAME)}")
    brand = (BRAND.replace("name: 红色引擎", f"name: {_q(BRAND_NAME)}")
             .replace("town: 当壁镇", f"town: {_q(TOWN)}")
             + "location:\n  lat: 45.31\n  lon: 132.01\n  approximate: true\n")
    assert site != SITE and _q(TOWN) in brand and _q(BRAND_NAME) in brand
    project = write_project(root, {
        "data/sites/test-site.yml": site,
        "data/brands/农村/nc-test-01.yml": brand,
        "docs/index.md": "# 首页\n\n<!-- dangjian:home-sections -->\n",
        "docs/about.md": ABOUT_MD,
    })
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    # the site's theme overrides, as they are (main.html and the partials it includes)
    shutil.copytree(REPO / "docs" / "overrides", project / "overrides", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="module", params=["published", "preview"])
def escaping_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project built and served as a static site, and the same project in `mkdocs serve`
    with the publishing guard on, as an editor previews it: every test runs against both."""
    root = tmp_path_factory.mktemp("escaping")
    project = escaping_project(root / "project")
    if request.param == "published":
        done = build(project, root / "site")
        assert done.returncode == 0, done.stderr[-4000:]
        with serve(root / "site") as url:
            yield url
        return
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(GUARD_OFF, "  - dangjian/guard\n"),
                      encoding="utf-8")
    with serving(project, root / "serve.log") as (url, server):
        wait_for(url + "about/", lambda p: "本页介绍转义测试" in p, server, "the preview's first build")
        PREVIEWS.add(url)
        yield url


@pytest.fixture
def recorded(browser: object, escaping_url: str) -> Iterator[tuple[object, Recorder]]:
    context, page, log = open_recorded(browser, escaping_url, viewport={"width": 390, "height": 844})
    quiet_live_reload(page)
    yield page, log
    context.close()  # type: ignore[attr-defined]


def assert_nothing_ran(page, log: Recorder, url: str) -> None:  # type: ignore[no-untyped-def]
    """No payload ran: no flag, no request for the image x or the marker page, no navigation."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # an onerror or a refresh would have come by now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    proofs = [u for u in log.requests if "pwned-marker" in u or urlsplit(u).path.endswith("/x")]
    assert proofs == [] and log.dialogs == []
    assert urlsplit(page.url).path == urlsplit(url).path
    assert page.locator("img[src=x], meta[http-equiv=refresh]").count() == 0


def _og(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'meta[property="og:{name}"]').get_attribute("content") or ""


def test_names_show_as_text_on_their_pages_and_in_their_open_graph_tags(recorded: tuple, escaping_url: str) -> None:
    page, log = recorded
    for path, name in (("sites/test-site/", SITE_NAME), ("brands/nc-test-01/", BRAND_NAME)):
        page.goto(escaping_url + path)
        assert page.locator("article h1").first.inner_text().startswith(name)
        assert name in page.locator(".md-header__topic").last.inner_text()
        assert page.title().startswith(name)
        assert _og(page, "title") == name  # escaped once: neither lost nor shown as &lt;
        assert_nothing_ran(page, log, escaping_url + path)
    assert TOWN in page.locator("article").inner_text()


def test_the_front_matter_reaches_the_open_graph_tags_as_text(browser: object, escaping_url: str) -> None:
    # without scripts: the theme's own <title> and header print the front matter as it is (below)
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(escaping_url + "about/")
    assert _og(page, "title") in PAGE_TITLE_TEXT
    assert _og(page, "description") in PAGE_DESCRIPTION_TEXT
    # the preview writes its own address as the site's (mkdocs serve replaces site_url)
    site = escaping_url if escaping_url in PREVIEWS else "http://127.0.0.1:8000/"
    assert _og(page, "site_name") == "测试站点" and _og(page, "url") == site + "about/"
    assert page.locator('meta[property^="og:"]').count() == 6  # none broken open, none added
    context.close()


def test_a_hand_written_page_runs_none_of_the_markup_in_its_front_matter(recorded: tuple, escaping_url: str) -> None:
    page, log = recorded
    page.goto(escaping_url + "about/")
    assert_nothing_ran(page, log, escaping_url + "about/")
    assert page.locator(".md-header__topic").last.inner_text().strip() in PAGE_TITLE_TEXT


def test_the_map_shows_names_as_text_in_tooltips_and_popups(recorded: tuple, escaping_url: str) -> None:
    page, log = recorded
    page.goto(escaping_url + "routes/test-route/")
    page.locator(".dj-map--route").scroll_into_view_if_needed()
    page.get_by_role("button", name="打开交互地图").click()
    page.wait_for_selector(".dj-map--route .dj-map-live[data-state=ready]", timeout=15000)
    # the text of the labels (one too long for the frame is hidden, but is text all the same)
    labels = page.locator(".dj-map--route .leaflet-tooltip").all_text_contents()
    assert SITE_NAME in labels  # the first stop's permanent label
    assert page.locator(".leaflet-marker-icon span").all_inner_texts()[:2] == ["1", "2"]
    page.locator(".dj-map--route .leaflet-marker-icon").first.dispatch_event("click")
    assert page.locator(".leaflet-popup-content a").inner_text(timeout=5000) == f"1. {SITE_NAME}"
    assert_nothing_ran(page, log, escaping_url + "routes/test-route/")

    page.goto(escaping_url + "brands/nc-test-01/")
    page.get_by_role("button", name="打开交互地图").click()
    page.wait_for_selector(".dj-map--place .dj-map-live[data-state=ready]", timeout=15000)
    assert page.locator(".dj-map--place .leaflet-tooltip").all_text_contents() == [BRAND_NAME]
    page.locator(".dj-map--place .dj-live-focus").dispatch_event("click")
    assert page.locator(".leaflet-popup-content a").inner_text(timeout=5000) == BRAND_NAME
    assert_nothing_ran(page, log, escaping_url + "brands/nc-test-01/")


def test_the_planner_schematic_shows_names_as_text(recorded: tuple, escaping_url: str) -> None:
    page, log = recorded
    page.goto(escaping_url + "planner/")
    page.wait_for_selector("[data-dj-pick]")
    data = json.loads(page.evaluate("url => fetch(url).then(r => r.text())",
                                    escaping_url + "assets/dangjian/planner/places.json"))
    index = next(i for i, p in enumerate(data["places"]) if p["id"] == "test-site")
    page.check(f"[data-dj-pick][value='{index}']")
    page.click("[data-dj-plan]")
    page.wait_for_selector("[data-dj-result]:not([hidden])")
    labels = page.locator("[data-dj-map] svg text").all_text_contents()
    assert SITE_NAME in labels
    assert page.locator("[data-dj-map] svg img, [data-dj-map] svg script, [data-dj-map] img").count() == 0
    assert page.locator("[data-dj-map] figcaption").inner_text().startswith("行程示意图")
    assert_nothing_ran(page, log, escaping_url + "planner/")


def test_search_results_show_the_town_tag_and_the_page_title_as_text(recorded: tuple, escaping_url: str) -> None:
    page, log = recorded
    open_search(page, escaping_url)
    assert search(page, "红色引擎")[:1] == ["nc-test-01"]
    brand = page.locator(".md-search-result__item", has=page.locator("a[href*='brands/nc-test-01/']")).first
    assert brand.locator(".md-tag").all_inner_texts() == ["品牌", "农村", TOWN]
    assert_nothing_ran(page, log, escaping_url)

    search(page, "转义")
    about = page.locator(".md-search-result__item", has=page.locator("a[href*='about/']")).first
    title = about.locator("h1, h2").first.inner_text().replace("\u200b", "")
    assert title in PAGE_TITLE_TEXT
    assert_nothing_ran(page, log, escaping_url)
