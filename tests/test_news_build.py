"""工作动态 (news): posts published by Material's blog plugin, linked to the entities they name,
listed on those entities' pages, in an Atom feed, and checked like every docs page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.guardproject import guard_project
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


def news_project(root: Path, posts: dict[str, str]) -> Path:
    files = {"docs/news/index.md": "# 工作动态\n\n本站的活动消息。\n",
             **{f"docs/news/posts/{name}": text for name, text in posts.items()}}
    project = guard_project(root, files, site_url=SITE_URL)
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
