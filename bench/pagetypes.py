"""One page of every page type of a built site, picked from the site's own files.

The first visit is measured for each page type (bench.firstvisit.first_visits), so that no
kind of page is left out of the speed targets. Each page is found the way a visitor would
find it, never by a known id: an entry is the first one its section's directory lists (the
first link in the directory page's article that leads to a page of that section), and the
folder's first page in name order when the directory page links none. Optional pages (the
news, the 联系我们 page) are picked only when the site has them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SECTIONS: dict[str, str] = {"site": "sites", "school": "schools", "brand": "brands", "route": "routes"}
"""Each entity kind and the section folder the content plugin writes its pages to."""
PLANNER = "planner/"
NEWS = "news/"
# Material's blog plugin writes its listings (by category, by year, further pages of the
# list) beside the posts: none of them is a post.
NEWS_LISTINGS = ("category", "archive", "page", "tags")
CONTACT_TITLE = "联系我们"
MISSING = "bench-no-such-page/"
"""An address no site has: the server answers it with the site's 404 page."""
TYPES: tuple[str, ...] = ("home", *SECTIONS, *(f"{s}/ directory" for s in SECTIONS.values()), "planner",
                          "news index", "news post", CONTACT_TITLE, "404")
"""Every page type, in the order they are measured and reported."""

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def article_links(page_html: str, address: str) -> list[str]:
    """The links inside the page's <article>, as site-relative addresses (no leading slash,
    no query or fragment), address being the page's own address."""
    out = []
    for article in _ARTICLE.findall(page_html):
        for href in _HREF.findall(article):
            parts = urlsplit(urljoin("/" + address, html.unescape(href)))
            if parts.scheme or parts.netloc:
                continue
            out.append(unquote(parts.path).lstrip("/"))
    return out


def _is_page(site: Path, address: str) -> bool:
    return (site / address / "index.html").is_file()


def first_entry(site: Path, section: str) -> str | None:
    """The first entry section's directory lists (section/<name>/), or its first by name."""
    index = site / section / "index.html"
    if index.is_file():
        for address in article_links(index.read_text(encoding="utf-8"), f"{section}/"):
            parts = address.rstrip("/").split("/")
            if len(parts) == 2 and parts[0] == section and _is_page(site, address):
                return address if address.endswith("/") else address + "/"
    folder = site / section
    names = sorted(p.parent.name for p in folder.glob("*/index.html")) if folder.is_dir() else []
    return f"{section}/{names[0]}/" if names else None


def first_news_post(site: Path) -> str | None:
    """The first post the news list links to (a page under news/ that is not a listing)."""
    index = site / NEWS / "index.html"
    if not index.is_file():
        return None
    for address in article_links(index.read_text(encoding="utf-8"), NEWS):
        rest = address.removeprefix(NEWS)
        if (address.startswith(NEWS) and rest.strip("/") and rest.split("/")[0] not in NEWS_LISTINGS
                and _is_page(site, address)):
            return address if address.endswith("/") else address + "/"
    return None


def page_title(page_html: str) -> str:
    found = _TITLE.search(page_html)
    return html.unescape(found.group(1)).strip() if found else ""


def contact_page(site: Path) -> str | None:
    """The top-level page whose title is 联系我们 (its folder's name is the site's choice)."""
    for index in sorted(site.glob("*/index.html")):
        title = page_title(index.read_text(encoding="utf-8"))
        if title == CONTACT_TITLE or title.startswith(CONTACT_TITLE + " "):
            return f"{index.parent.name}/"
    return None


def pick_pages(site: Path) -> list[tuple[str, str]]:
    """(page type, address) for every page type the built site has, in a fixed order."""
    picked: list[tuple[str, str | None]] = [("home", "" if (site / "index.html").is_file() else None)]
    picked += [(kind, first_entry(site, section)) for kind, section in SECTIONS.items()]
    picked += [(f"{section}/ directory", f"{section}/" if _is_page(site, section) else None)
               for section in SECTIONS.values()]
    picked.append(("planner", PLANNER if _is_page(site, PLANNER) else None))
    picked.append(("news index", NEWS if _is_page(site, NEWS) else None))
    picked.append(("news post", first_news_post(site)))
    picked.append((CONTACT_TITLE, contact_page(site)))
    has_404 = (site / "404.html").is_file() and not (site / MISSING).exists()
    picked.append(("404", MISSING if has_404 else None))
    return [(kind, address) for kind, address in picked if address is not None]


def missing_types(site: Path) -> list[str]:
    """The page types pick_pages found no page of (optional ones, or a site without them)."""
    found = {kind for kind, _ in pick_pages(site)}
    return [kind for kind in TYPES if kind not in found]
