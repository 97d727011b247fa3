"""Publishing safety on real builds of the small project: what must never reach site/ does not,
and what would leak or break fails the build naming the file, the match and the source."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.guardproject import ABOUT_MD, MARKERS, build_safe_site, every_text, guard_project
from tests.helpers import BRAND
from tests.sitebuild import build
from tests.xss import VECTORS


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with XSS vectors everywhere, internal entities and internal fields."""
    return build_safe_site(tmp_path_factory.mktemp("guard-safe"))


class _Markup(HTMLParser):
    """Independent of the guard: what the browser's parser would see as elements and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and value.startswith(
                    ("javascript:", "vbscript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name == "style" and ("expression(" in value or "javascript:" in value):
                self.problems.append(f"<{tag} style={value[:30]}>")
        if tag in ("iframe", "object", "embed", "math", "mglyph"):
            self.problems.append(f"<{tag}>")
        self._script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._script and "xss" in data:
            self.problems.append(f"script: {data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def test_xss_vectors_never_reach_a_page_as_markup(safe_site: Path) -> None:
    pages = sorted(safe_site.rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.problems == [], page.relative_to(safe_site)


def test_xss_vectors_show_as_text_where_they_were_written(safe_site: Path) -> None:
    brand = (safe_site / "brands" / "xss-01" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1,fetch(`/pwned-marker/1`)&lt;/script&gt;" in brand
    title = re.search(r"<title>(.*?)</title>", brand, re.S)
    assert title and "&lt;/title&gt;" not in title[1] and "&lt;script&gt;" in title[1]
    nine = (safe_site / "brands" / "xss-09" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>品牌9&lt;/title&gt;&lt;script&gt;", nine)
    template = (safe_site / "brands" / "xss-10" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*191 }}{% raw %}" in template
    for path, text in every_text(safe_site).items():
        assert "1337" not in text or path.startswith("assets/"), path
    history = (safe_site / "sites" / "test-site" / "index.html").read_text(encoding="utf-8")
    assert "第1段" in history and "第14段" in history
    assert "&lt;script&gt;window.__pwned=13" in history


def test_internal_entities_and_internal_fields_are_absent_from_every_file(safe_site: Path) -> None:
    texts = every_text(safe_site)
    assert "search/search_index.json" in texts and "sitemap.xml.gz" in texts
    assert any(p.endswith(".geojson") for p in texts)
    for path, text in texts.items():
        for marker in MARKERS:
            assert marker not in text, f"{marker} in {path}"
    assert not (safe_site / "brands" / "nc-secret-01").exists()
    assert not (safe_site / "sites" / "secret-site").exists()


def test_home_counts_and_directories_count_only_public_entities(safe_site: Path) -> None:
    home = (safe_site / "index.html").read_text(encoding="utf-8")
    counts = re.findall(r'<p class="dj-big">(\d+) <small>', home)
    assert counts[:3] == ["1", "1", str(1 + len(VECTORS))]
    directory = (safe_site / "brands" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{1 + len(VECTORS)}</strong>" in directory


def test_chinese_headings_get_unicode_anchors_and_links_reach_them(safe_site: Path) -> None:
    about = (safe_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="资料来源"' in about
    assert 'id="mixed-标题-case"' in about
    assert 'href="#资料来源"' in about


def test_every_page_carries_the_policy_with_the_theme_script_hashes(safe_site: Path) -> None:
    for page in safe_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        script_src = html_unescape(meta[1]).split("script-src", 1)[1].split(";", 1)[0]
        if page.name == "poster.html":
            assert script_src.strip() == "'none'"  # a poster runs no script at all
            continue
        assert "'sha256-" in script_src and "unsafe-inline" not in script_src
        assert html.index("Content-Security-Policy") < html.find("<script") or "<script" not in html


PERSONAL = BRAND.replace("summary: 示例品牌的简介。", "summary: 书记手机 138 0013 8000，欢迎来电。").replace(
    "  - 做法一", "  - 做法一：登记身份证 11010519491231002X\n  - 沿巡逻路线开展宣讲")


def test_mobile_id_number_and_border_phrase_fail_the_build_at_their_source_line(tmp_path: Path) -> None:
    project = guard_project(tmp_path / "project", {"data/brands/农村/nc-test-01.yml": PERSONAL})
    out = tmp_path / "site"
    done = build(project, out)
    assert done.returncode != 0
    err = done.stderr
    assert "网站未生成" in err and "Traceback" not in err
    source = re.escape("data/brands/农村/nc-test-01.yml")
    # found in the source, where line and column exist, before anything is written
    assert re.search(source + r":8:15: DJ203 发现手机号码“138\*\*\*\*8000”", err), err[-3000:]
    assert re.search(source + r":10:15: DJ204 发现身份证号码“110105\*\*\*\*\*\*\*\*002X”", err)
    assert re.search(source + r":11:6: DJ205 .*巡逻路线", err)
    assert "138 0013 8000" not in err  # the number is masked in the report
    assert not (out / "brands" / "nc-test-01" / "index.html").exists()


def test_allowlisted_office_mobile_passes_and_bad_check_digit_is_not_an_id(tmp_path: Path) -> None:
    text = BRAND.replace("summary: 示例品牌的简介。",
                         "summary: 服务热线 139-0467-0000，档案编号 110105194912310021。")
    project = guard_project(tmp_path / "project", {"data/brands/农村/nc-test-01.yml": text},
                            allow_phones=("139-0467-0000",))
    done = build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]


def test_broken_link_and_broken_anchor_fail_the_build(tmp_path: Path) -> None:
    about = ABOUT_MD + (
        '\n<p><a href="../no-such-page/">失效页面</a> <a href="#没有这个锚点">失效锚点</a></p>\n\n'
        "[失效标题](index.md#没有这个标题)\n"
    )
    project = guard_project(tmp_path / "project", {"docs/about.md": about})
    done = build(project, tmp_path / "site")
    assert done.returncode != 0
    err = done.stderr
    # found in the page's Markdown, where it was written, before anything is built
    line = ABOUT_MD.count("\n") + 2
    assert re.search(rf"docs/about\.md:{line}:\d+: DJ210 .*\.\./no-such-page/", err), err[-3000:]
    assert re.search(rf"docs/about\.md:{line}:\d+: DJ211 .*#没有这个锚点", err)
    assert re.search(rf"docs/about\.md:{line + 2}:\d+: DJ211 .*#没有这个标题", err)


def test_a_broken_anchor_into_a_generated_page_fails_the_build_after_it(tmp_path: Path) -> None:
    # the anchors of a page made from the data are known once it is built: the guard's link check
    about = ABOUT_MD + '\n<p><a href="../brands/#field-不存在">失效模板锚点</a></p>\n'
    project = guard_project(tmp_path / "project", {"docs/about.md": about})
    done = build(project, tmp_path / "site")
    assert done.returncode != 0
    assert re.search(r"docs/about\.md（生成 site/about/index\.html:\d+）: DJ211 .*：\.\./brands/#field-不存在",
                     done.stderr), done.stderr[-3000:]
