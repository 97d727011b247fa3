"""The brand directory's pages: the first (with the filter) and the plain list's further pages.

Every page holds its brands as real links and a pager of real links, so the whole list
can be read without JavaScript; the first page's script takes over the filter, the
address and the pager (assets/dangjian/javascripts/directory/).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from dangjian.directory.listing import BrandDirectory, ListPage, page_address
from dangjian.model import PROGRAMMES
from dangjian.render.environment import render

SECTION = "brands/"
PAGER_SPREAD = 2
"""Page links shown on each side of the current one (plus the first and the last)."""


@dataclass(frozen=True)
class PagerLink:
    number: int | None  # None: a gap (…)
    href: str = ""
    current: bool = False


def list_page_title(number: int) -> str:
    return f"党建品牌（第 {number} 页）"


def pager(current: int, count: int, href: Any) -> list[PagerLink]:
    """The page links around current: 1 … c-2 c-1 c c+1 c+2 … count."""
    shown = {1, count, *range(current - PAGER_SPREAD, current + PAGER_SPREAD + 1)}
    links: list[PagerLink] = []
    last = 0
    for n in sorted(p for p in shown if 1 <= p <= count):
        if n > last + 1:
            links.append(PagerLink(None))
        links.append(PagerLink(n, href(n), n == current))
        last = n
    return links


def directory_page(directory: BrandDirectory, number: int, *, version: str) -> str:
    """The body of brands/ (number 1) or of brands/page/<number>/."""
    page: ListPage = directory.page(number)
    to_section = "" if number == 1 else "../../"
    base = "../" if number == 1 else "../../../"

    def href(n: int) -> str:
        if number == 1:
            return page_address(n) or "./"
        return "../../" if n == 1 else f"../{n}/"

    groups = [(f, list(items)) for f, items in groupby(page.entries, key=lambda e: e.model.field)]  # type: ignore[attr-defined]
    return render(
        "directory.html",
        directory=directory,
        page=page,
        number=number,
        pages=directory.page_count,
        last=page.first + len(page.entries),
        groups=groups,
        programmes=PROGRAMMES,
        base=base,
        to_section=to_section or "./",
        links=pager(number, directory.page_count, href),
        prev_href=href(number - 1) if number > 1 else None,
        next_href=href(number + 1) if number < directory.page_count else None,
        version=version,
    )
