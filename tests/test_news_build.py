"""工作动态 (news): posts published by Material's blog plugin, linked to the entities they name,
listed on those entities' pages, in an Atom feed, and checked like every docs page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from dangjian.guard.imagemeta import PICTURE_SUFFIXES, metadata_blocks
from tests import pictures
from tests.guardproject import guard_project
from tests.helpers import SITE
from tests.sitebuild import build
from tests.test_guard_sources import check

SITE_URL = "https://dj.example.cn/"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = '甲 & 乙 <b>加粗</b> "引号"'

BLOG = """\
  - blog:
      blog_dir: news
      post_url_date_format: yyyy/MM
      post_readtime: false
      authors: false
      archive_date_format: yyyy年
      archive_url_date_format: yyyy
      pagination_per_page: 1
"""

OLDER = f"""\
---
date: 2024-05-01
title: '{HOSTILE_TITLE}'
slug: older-post
categories: [现场教学]
---

第一篇动态的正文。
"""

NEWER = """\
---
date: 2024-06-02
title: （示例）主题党日活动
slug: newer-post
sample: true
categories:
  - 主题党日
related:
  - test-site
  - test-route
description: 第二篇动态的摘要。
---

第二篇动态的正文，提到测试纪念馆。
"""

DRAFT = """\
---
date: 2024-07-03
title: 尚未发布的草稿
slug: draft-post
draft: true
related: [test-site]
---

草稿。
"""


def news_project(root: Path, posts: dict[str, str], files: dict[str, str | bytes] | None = None) -> Path:
    """The small project with a news section of posts (name -> text) and more files."""
    every = {"docs/news/index.md": "# 工作动态\n\n本站的活动消息。\n",
             **{f"docs/news/posts/{name}": text for name, text in posts.items()}, **(files or {})}
    project = guard_project(root, every, site_url=SITE_URL)  # type: ignore[arg-type]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - dangjian/guard:", BLOG + "  - dangjian/guard:", 1)
    text = text.replace("  - 研学规划: planner/index.md\n", "  - 研学规划: planner/index.md\n  - 工作动态:\n      - news/index.md\n")
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("news")
    project = news_project(tmp / "p", {"older.md": OLDER, "newer.md": NEWER, "draft.md": DRAFT})
    out = tmp / "site"
    done = build(project, out)  # --strict, with the guard's verification of every file
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def _html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_the_blog_makes_the_list_the_archive_the_categories_and_pages(news_site: Path) -> None:
    assert "主题党日活动" in _html(news_site, "news")
    archive = _html(news_site, "news/archive/2024")
    assert "Content-Security-Policy" in archive  # the guard's policy is on the blog's own pages
    assert (news_site / "news/category/主题党日/index.html").is_file()
    assert (news_site / "news/category/现场教学/index.html").is_file()
    assert (news_site / "news/page/2/index.html").is_file()  # one post a page here
    assert not (news_site / "news/2024/07/draft-post").exists()
    # the hostile title is text on every page that shows it
    assert not any("<b>加粗" in p.read_text(encoding="utf-8") for p in news_site.rglob("*.html"))


def test_a_post_links_to_the_entities_it_names_and_a_sample_says_so(news_site: Path) -> None:
    html = _html(news_site, "news/2024/06/newer-post")
    assert '<p class="admonition-title">示例</p>' in html
    assert 'href="../../../../sites/test-site/"' in html and 'href="../../../../routes/test-route/"' in html


def test_entity_pages_list_their_recent_posts(news_site: Path) -> None:
    html = _html(news_site, "sites/test-site")
    assert 'id="news"' in html and 'href="../../news/2024/06/newer-post/"' in html
    assert "（示例）主题党日活动" in html
    assert "draft-post" not in html and "尚未发布的草稿" not in html
    assert 'id="news"' not in _html(news_site, "schools/test-school")  # named by no post
    assert "dangjian:news" not in _html(news_site, "schools/test-school")


def test_the_atom_feed_has_every_published_post_with_absolute_links_and_escaped_text(news_site: Path) -> None:
    raw = (news_site / "news/feed.xml").read_text(encoding="utf-8")
    feed = ET.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == SITE_URL + "news/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + "news/feed.xml"  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["（示例）主题党日活动", HOSTILE_TITLE]
    assert "&lt;b&gt;" in raw and "<b>" not in raw
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert link.startswith(SITE_URL + "news/2024/") and entry.findtext(f"{ATOM}id") == link
        assert (news_site / link.removeprefix(SITE_URL) / "index.html").is_file()
        assert entry.findtext(f"{ATOM}updated", "").endswith("+08:00")
    assert entries[0].findtext(f"{ATOM}summary") == "【示例】第二篇动态的摘要。"
    assert [c.get("term") for c in entries[0].findall(f"{ATOM}category")] == ["主题党日"]
    assert feed.findtext(f"{ATOM}updated") == "2024-06-02T00:00:00+08:00"


def test_a_related_id_that_names_nothing_is_a_located_error(tmp_path: Path) -> None:
    bad = NEWER.replace("  - test-route\n", "  - no-such-entry\n")
    project = news_project(tmp_path / "p", {"newer.md": bad})
    done = check(project)
    line = bad.splitlines().index("  - no-such-entry") + 1
    assert done.returncode == 1
    assert f"docs/news/posts/newer.md:{line}:5: DJ160" in done.stderr, done.stderr
    built = build(project, tmp_path / "site")
    assert built.returncode != 0 and "DJ160" in built.stderr and "Traceback" not in built.stderr


def test_a_post_without_a_date_and_a_post_with_a_mobile_number_are_found_before_a_build(tmp_path: Path) -> None:
    undated = OLDER.replace("date: 2024-05-01\n", "")
    phone = NEWER.replace("第二篇动态的正文", "联系人手机 13912345678，第二篇动态的正文")
    done = check(news_project(tmp_path / "p", {"older.md": undated, "newer.md": phone}))
    assert done.returncode == 1
    assert "docs/news/posts/older.md:2:1: DJ162" in done.stderr, done.stderr
    assert "docs/news/posts/newer.md:" in done.stderr and "DJ203" in done.stderr


def test_a_news_section_without_posts_still_publishes_a_valid_feed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = build(news_project(tmp_path / "p", {"draft.md": DRAFT}), out)
    assert done.returncode == 0, done.stderr[-3000:]
    feed = ET.parse(out / "news" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}id").text == SITE_URL + "news/"


PICTURED = """\
---
date: 2024-06-09
title: 边境村主题党日
slug: pictured-post
related: [test-site]
images:
  - src: "news/党日.jpg"
    alt: 党员在村部门前重温入党誓词
    caption: 主题党日<b>（测试图）</b>
    credit: 测试生成
  - src: test-site/正门.jpg
    alt: 纪念馆正门
---

有图片的动态。
"""
PICTURE_FILES: dict[str, str | bytes] = {
    # a phone's photo with its GPS position; the second picture is an entity's as well
    "data/images/news/党日.jpg": pictures.phone_jpeg(2400, 1800, orientation=6),
    "data/images/test-site/正门.jpg": pictures.plain(700, 500),
    "data/sites/test-site.yml": SITE + "images:\n  - src: test-site/正门.jpg\n    alt: 纪念馆正门\n",
}


@pytest.fixture(scope="module")
def pictured_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("news-pictures")
    project = news_project(tmp / "p", {"pictured.md": PICTURED}, PICTURE_FILES)
    out = tmp / "site"
    done = build(project, out)  # --strict, with the final verification of every published picture
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def test_a_post_shows_its_pictures_as_a_strip_with_larger_views(pictured_site: Path) -> None:
    page = LexborHTMLParser(_html(pictured_site, "news/2024/06/pictured-post"))
    thumbs = page.css("#photos .dj-photos__strip img")
    assert [t.attributes["alt"] for t in thumbs] == ["党员在村部门前重温入党誓词", "纪念馆正门"]
    photo = thumbs[0].attributes
    assert (photo["width"], photo["height"]) == ("1600", "2133")  # upright: orientation 6 applied
    assert photo["loading"] == "lazy" and photo["sizes"] == "180px"
    assert photo["src"].startswith("../../../../assets/images/") and photo["src"].endswith("-480.jpg")
    assert [c.split()[-1] for c in photo["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    webp = page.css_first("#photos .dj-photos__strip source").attributes
    assert webp["type"] == "image/webp" and webp["srcset"].split(",")[0].split()[0].endswith("-480.webp")
    caption = page.css_first(".dj-photos__caption")
    assert caption.text() == "主题党日<b>（测试图）</b>" and not caption.css("b")
    assert [a.attributes["href"] for a in page.css("a.dj-photos__open")] == ["#photo-1", "#photo-2"]
    assert page.css_first("#photo-1 a.dj-lightbox__close").attributes["href"] == "#photos"
    assert "（测试生成）" in page.css_first("#photo-1 figcaption").text()
    # the pictures come before the entities the post names
    html = _html(pictured_site, "news/2024/06/pictured-post")
    assert html.index('id="photos"') < html.index('id="related"')


def test_a_posts_pictures_are_published_once_and_without_their_metadata(pictured_site: Path) -> None:
    post = LexborHTMLParser(_html(pictured_site, "news/2024/06/pictured-post"))
    named = {c.split()[0].removeprefix("../../../../") for node in post.css("#photos source, #photos img")
             for c in node.attributes["srcset"].split(", ")}
    for rel in named:
        assert (pictured_site / rel).is_file(), rel
    # the entity's page names the same files as the post for the picture they share
    entity = LexborHTMLParser(_html(pictured_site, "sites/test-site")).css_first(".dj-photos__strip img")
    assert entity.attributes["src"].removeprefix("../../") in named
    made = [p for p in (pictured_site / "assets" / "images").iterdir() if p.name != "favicon.png"]
    assert len(made) == 2 * (3 + 2)  # the photo at 480, 960, 1600; the other at 480, 700; each twice
    for path in pictured_site.rglob("*"):
        if path.suffix.lower() in PICTURE_SUFFIXES:
            assert metadata_blocks(path.read_bytes(), path.suffix.lower()) == [], path
    assert not any(b"TestPhone" in p.read_bytes() or b"xmpmeta" in p.read_bytes() for p in made)


BAD_PICTURES = """\
---
date: 2024-06-10
title: 图片有误的动态
images:
  - src: "news/没有这张.jpg"
    alt: 村部门前的党旗
  - src: "news/不是图片.jpg"
    alt: 村史馆的展板
  - src: "news/无说明.png"
---

图片有误。
"""


def test_a_posts_missing_undescribed_and_non_pictures_are_located_errors(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"data/images/news/不是图片.jpg": "<html>不是图片</html>",
                                     "data/images/news/无说明.png": pictures.plain(40, 30, "PNG")}
    project = news_project(tmp_path / "p", {"bad.md": BAD_PICTURES}, files)
    done = check(project)
    assert done.returncode == 1
    text = BAD_PICTURES.splitlines()
    missing = text.index('  - src: "news/没有这张.jpg"') + 1
    other = text.index('  - src: "news/不是图片.jpg"') + 1
    bare = text.index('  - src: "news/无说明.png"') + 1
    rel = "docs/news/posts/bad.md"
    assert f"{rel}:{missing}:10: DJ151 图片文件“news/没有这张.jpg”在 data/images/ 中不存在" in done.stderr, done.stderr
    assert f"{rel}:{other}:10: DJ153 文件“news/不是图片.jpg”不是图片" in done.stderr, done.stderr
    assert f"{rel}:{bare}:5: DJ150 图片“images[3]”缺少文字说明 alt" in done.stderr, done.stderr
    built = build(project, tmp_path / "site")
    assert built.returncode != 0 and "DJ151" in built.stderr and "Traceback" not in built.stderr


def test_a_drafts_pictures_are_not_checked_until_it_is_published(tmp_path: Path) -> None:
    draft = DRAFT.replace("related: [test-site]\n", 'images:\n  - src: "news/以后再放.jpg"\n    alt: 尚未拍摄\n')
    assert check(news_project(tmp_path / "p", {"draft.md": draft})).returncode == 0
