"""The government-website footer, the 联系我们 page and editing links, built from mkdocs.yml.

Every test builds a small project (tests/guardproject.py: every plugin of the site, the
guard included, and the site's theme overrides) with its own extra.government.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from selectolax.lexbor import LexborHTMLParser

from dangjian.government import Government, government_problems, read_government
from dangjian.settings import read_config
from tests.guardproject import site_project
from tests.sitebuild import build

HOSTILE = '"><img src=x onerror=alert(1)>'

FULL = {
    "organizer": HOSTILE,
    "operator": "测试承办单位",
    "phone": "0467-1234567",
    "email": "contact@example.org",
    "address": "测试市测试路 1 号 <script>alert(2)</script>",
    "icp": "黑ICP备12345678号-1",
    "police_record": "黑公网安备23038202000001号",
    "site_code": "1234567890",
    "badge_url": "https://badge.example.org/show?id=1",
}


def built(root: Path, **kwargs: object) -> Path:
    out = root.parent / (root.name + "-site")
    done = build(root, out, **kwargs)  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def footer(html: str) -> LexborHTMLParser | None:
    node = LexborHTMLParser(html).css_first(".md-footer .dj-gov")
    return node  # type: ignore[return-value]


def theme_pages(site: Path) -> list[Path]:
    """Every page the theme rendered (posters and other standalone pages aside)."""
    return [p for p in site.rglob("*.html") if 'class="md-footer"' in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every item set (two of them hostile), published at a public address."""
    root = site_project(tmp_path_factory.mktemp("gov-full") / "p", FULL, site_url="https://dangjian.example.org/",
                   content=("publish: true",))
    return built(root)


@pytest.fixture(scope="module")
def organizer_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Only the organiser set, a preview (loopback site_url), with the build's info lines."""
    root = site_project(tmp_path_factory.mktemp("gov-one") / "p", {"organizer": "测试主办单位"},
                   top="repo_url: https://git.example.org/dangjian\n", features=("content.action.edit",))
    out = root.parent / "site"
    done = build(root, out, quiet=False)
    assert done.returncode == 0, done.stderr[-4000:]
    return out, done.stdout + done.stderr


# -- the footer --------------------------------------------------------------------------------

def test_every_item_is_on_every_page_escaped_and_linked(full_site: Path) -> None:
    pages = theme_pages(full_site)
    assert len(pages) > 10 and (full_site / "404.html") in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        node = footer(html)
        assert node is not None, page
        text = node.text(separator=" ")
        for key in ("organizer", "operator", "phone", "email", "address", "icp", "police_record", "site_code"):
            assert FULL[key] in text, (page, key)  # the hostile values as text, not markup
        assert "<img src=x" not in html and "<script>alert(2)" not in html
        links = {a.text(strip=True): a.attributes.get("href") for a in node.css("a")}
        assert links[FULL["icp"]] == "https://beian.miit.gov.cn/"
        assert links[FULL["police_record"]] == "https://beian.mps.gov.cn/#/query/webSearch?code=23038202000001"
        assert links[FULL["email"]] == "mailto:" + FULL["email"]
        badge = node.css_first(f'a[href="{FULL["badge_url"]}"] img')
        assert badge is not None and badge.attributes.get("alt") == "党政机关网站标识"
    # the badge is the package's own image, served by the site, and every link is relative
    home = footer((full_site / "index.html").read_text(encoding="utf-8"))
    src = home.css_first(".dj-gov__badge img").attributes["src"]  # type: ignore[union-attr]
    assert src == "./assets/dangjian/images/dangzheng-jiguan-biaoshi.svg"
    assert (full_site / src).is_file()
    brand = footer((full_site / "brands" / "nc-test-01" / "index.html").read_text(encoding="utf-8"))
    assert brand.css_first('a[href="../../contact/"]') is not None  # type: ignore[union-attr]


def test_only_the_items_set_are_shown(organizer_only: tuple[Path, str]) -> None:
    site, _ = organizer_only
    node = footer((site / "index.html").read_text(encoding="utf-8"))
    assert node is not None
    text = node.text(separator=" ")
    assert "主办单位：测试主办单位" in text
    for absent in ("承办单位", "联系电话", "联系邮箱", "地址", "ICP", "公网安备", "网站标识码"):
        assert absent not in text, absent
    assert node.css_first("img") is None  # no badge without badge_url


def test_without_government_details_there_is_no_footer_and_no_contact_page(tmp_path: Path) -> None:
    site = built(site_project(tmp_path / "p"))
    assert footer((site / "index.html").read_text(encoding="utf-8")) is None
    assert not (site / "contact").exists()


def test_contact_page_shows_the_details_and_is_not_in_the_nav(full_site: Path) -> None:
    html = (full_site / "contact" / "index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    body = tree.css_first(".dj-contact")
    assert body is not None and body.css_first("h1").text() == "联系我们"  # type: ignore[union-attr]
    facts = {dt.text(strip=True): dt.next.text(strip=True) for dt in body.css("dt")
             if dt.next is not None}
    assert facts["主办单位"] == FULL["organizer"] and facts["地址"] == FULL["address"]
    assert facts["承办单位"] == FULL["operator"] and facts["政府网站标识码"] == FULL["site_code"]
    assert body.css_first('a[href="tel:04671234567"]') is not None
    assert "<img src=x" not in html
    nav = tree.css_first("nav.md-nav--primary")
    assert nav is not None and "联系我们" not in nav.text()
    assert "<title>联系我们" in html


# -- validation ------------------------------------------------------------------------------

def test_problems_are_reported_at_their_place_in_chinese(tmp_path: Path) -> None:
    root = site_project(tmp_path / "p", {
        "organizer": "测试主办单位",
        "icp": "黑ICP备XXXXXXXX号",
        "police_record": "黑公网安备123号",
        "site_code": "12345",
        "email": "not-an-address",
        "badge_url": "badge.example.org",
        "oganizer": "x",
    })
    config = read_config(root / "mkdocs.yml")
    lines = config.file.read_text(encoding="utf-8").splitlines()
    found = {d.message.split("（")[0].split("”")[0]: d for d in government_problems(config)}
    assert len(found) == 6, [d.format() for d in found.values()]
    for key in ("icp", "police_record", "site_code", "email", "badge_url"):
        d = found[f"extra.government.{key}"]
        assert d.code == "DJ015" and lines[d.line - 1].lstrip().startswith(f"{key}:"), d.format()
        assert d.hint
    typo = found["extra.government 没有“oganizer"]
    assert "organizer" in typo.hint and lines[typo.line - 1].lstrip().startswith("oganizer:")
    # dangjian check lists them, and the build stops on them before any page is written
    checked = subprocess.run([sys.executable, "-m", "dangjian.cli", "check", "--root", str(root)],
                             capture_output=True, text=True, timeout=120, check=False)
    done = build(root, tmp_path / "out")
    for result in (checked, done):
        assert result.returncode == 1 and "Traceback" not in result.stderr
        for d in found.values():
            assert f"mkdocs.yml:{d.line}:{d.col}: DJ015" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_number_where_text_belongs_and_a_list_instead_of_a_mapping() -> None:
    found, problems = read_government({"site_code": 1234567890, "phone": None})
    assert found == Government() and "加英文引号" in problems[0].hint
    _, problems = read_government(["organizer"])
    assert "映射" in problems[0].message


def test_values_are_read_as_written() -> None:
    found, problems = read_government({"organizer": " 测试主办单位 ", "phone": "0467-1234567、1234568",
                                       "police_record": "黑公网安备 23038202000001号", "email": ""})
    assert problems == []
    assert found.organizer == "测试主办单位" and found.email == ""
    assert found.phone_href == ""  # two numbers: shown as text
    assert found.police_url.endswith("code=23038202000001")


# -- editing links ------------------------------------------------------------------------------

def test_editing_links_are_off_by_default(organizer_only: tuple[Path, str]) -> None:
    site, _ = organizer_only
    for rel in ("index.html", "sites/test-site/index.html", "contact/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "md-content__button" not in html and "git.example.org" not in html, rel
        assert 'class="md-source"' not in html, rel


def test_edit_links_option_shows_them_pointing_at_the_source(tmp_path: Path) -> None:
    root = site_project(tmp_path / "p", {"organizer": "测试主办单位"}, content=("edit_links: true",),
                   top="repo_url: https://git.example.org/dangjian\nedit_uri: edit/main/\n",
                   features=("content.action.edit",))
    site = built(root)
    edit = "https://git.example.org/dangjian/edit/main/"
    assert f'href="{edit}data/sites/test-site.yml"' in (site / "sites/test-site/index.html").read_text("utf-8")
    brand = unquote((site / "brands/nc-test-01/index.html").read_text(encoding="utf-8"))
    assert f'href="{edit}data/brands/农村/nc-test-01.yml"' in brand  # the field's folder
    assert f'href="{edit}docs/index.md"' in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{edit}mkdocs.yml"' in (site / "contact/index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in (site / "index.html").read_text(encoding="utf-8")
