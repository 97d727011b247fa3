"""The Atom 1.0 feed of the news posts (工作动态), written at build time from their front matter.

Material's own feed comes from a separate plugin that this project does not use; this is the
small part of it the site needs: one feed at <blog_dir>/feed.xml with the newest posts, every
address absolute (from site_url), every text escaped by ElementTree.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from dangjian.load.posts import Post

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.xml"
LIMIT = 20
CHINA = dt.timezone(dt.timedelta(hours=8))  # a date without a zone is Beijing time


def _stamp(when: dt.datetime) -> str:
    aware = when if when.tzinfo is not None else when.replace(tzinfo=CHINA)
    return aware.isoformat(timespec="seconds")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrib)
    if text is not None:
        child.text = text
    return child


def atom_feed(posts: list[tuple[Post, str]], *, site_url: str, index_url: str, title: str,
              author: str) -> str:
    """The feed's XML. posts: (post, its page URL relative to the site), newest first;
    index_url: the news index relative to the site ("news/")."""
    base = site_url.rstrip("/") + "/"
    home = urljoin(base, index_url)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _sub(feed, "id", home)
    _sub(feed, "title", title)
    newest = max((p.updated or p.date for p, _ in posts), default=dt.datetime(2000, 1, 1))
    _sub(feed, "updated", _stamp(newest))
    _sub(feed, "link", rel="alternate", type="text/html", href=home)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urljoin(home, FEED_NAME))
    _sub(_sub(feed, "author"), "name", author)
    for post, url in posts[:LIMIT]:
        entry = _sub(feed, "entry")
        link = urljoin(base, url)
        _sub(entry, "id", link)
        _sub(entry, "title", post.title)
        _sub(entry, "published", _stamp(post.date))
        _sub(entry, "updated", _stamp(post.updated or post.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        for name in post.categories:
            _sub(entry, "category", term=name)
        summary = post.description or post.summary
        if post.sample:
            summary = "【示例】" + summary
        if summary:
            _sub(entry, "summary", summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
