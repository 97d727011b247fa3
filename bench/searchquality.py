"""Search quality on a query set: recall@k and MRR, measured through Material's search UI.

Used by the browser test (tests/browser/test_search.py) and by `scripts/searcheval`. A
query is typed into the site's search box in Chromium; the result list Material renders
(one item per page, best first) is read back as entity ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dangjian.catalog import SECTIONS


@dataclass(frozen=True)
class SearchQuery:
    query: str
    expect: str
    kind: str = ""


@dataclass
class Scores:
    """recall@k and mean reciprocal rank over a query set, and the queries that missed."""

    k: int
    recall: float
    mrr: float
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (found, total)
    misses: list[tuple[SearchQuery, list[str]]] = field(default_factory=list)


def load_queries(path: Path) -> list[SearchQuery]:
    """The query set: a YAML list of {query, expect, kind}."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [SearchQuery(str(i["query"]), str(i["expect"]), str(i.get("kind", ""))) for i in items]


def entity_id(path: str) -> str:
    """The entity a result page shows: /brands/x/ -> x; other pages keep their path."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[-2] in SECTIONS.values():
        return parts[-1]
    return "/".join(parts)


def rank(expect: str, results: list[str]) -> int | None:
    """1-based position of expect in results, None when absent."""
    return results.index(expect) + 1 if expect in results else None


def score(queries: list[SearchQuery], results: list[list[str]], k: int = 5) -> Scores:
    """recall@k (share of queries with the expected entity in the first k) and MRR."""
    if len(queries) != len(results):
        raise ValueError("one result list per query")
    found = 0
    reciprocal = 0.0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[tuple[SearchQuery, list[str]]] = []
    for query, got in zip(queries, results, strict=True):
        r = rank(query.expect, got)
        kinds[query.kind][1] += 1
        if r is not None:
            reciprocal += 1 / r
        if r is not None and r <= k:
            found += 1
            kinds[query.kind][0] += 1
        else:
            misses.append((query, got[:k]))
    n = len(queries) or 1
    return Scores(k, found / n, reciprocal / n, {kk: (v[0], v[1]) for kk, v in kinds.items()}, misses)


def open_search(page: Any, base_url: str) -> None:
    """Open the site's home page and Material's search dialog; wait for the index."""
    page.goto(base_url)
    page.locator("label[for='__search']").first.click()
    _wait_for_meta(page, placeholder=True)


def _placeholder(page: Any) -> str:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )


def _wait_for_meta(page: Any, *, placeholder: bool) -> None:
    text = _placeholder(page)
    test = "===" if placeholder else "!=="
    page.wait_for_function(
        f"t => (document.querySelector('.md-search-result__meta') || {{}}).textContent {test} t",
        arg=text, timeout=15_000,
    )


def _wait_for_the_whole_list(page: Any) -> None:
    """The search worker sends the first results, then the longer list: wait until the list
    has not changed for a moment."""
    count = "() => document.querySelectorAll('.md-search-result__list > .md-search-result__item').length"
    seen = page.evaluate(count)
    for _ in range(20):
        page.wait_for_timeout(150)
        now = page.evaluate(count)
        if now == seen:
            return
        seen = now


def search(page: Any, query: str, limit: int = 10) -> list[str]:
    """Type query into the open search box; the entity ids of the results, best first."""
    box = page.locator("input.md-search__input")
    # Material reads the box on keyup: fill, then a key that changes nothing
    box.fill("")
    box.press("End")
    _wait_for_meta(page, placeholder=True)
    box.fill(query)
    box.press("End")
    _wait_for_meta(page, placeholder=False)
    _wait_for_the_whole_list(page)
    hrefs: list[str] = page.evaluate(
        "n => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]"
        ".slice(0, n).map(li => li.querySelector('a.md-search-result__link').href)",
        limit,
    )
    return [entity_id(urlsplit(h).path) for h in hrefs]


def run_queries(page: Any, base_url: str, queries: list[SearchQuery], limit: int = 10) -> list[list[str]]:
    """Every query's results through the real search UI of the site at base_url."""
    open_search(page, base_url)
    return [search(page, q.query, limit) for q in queries]


def report(scores: Scores) -> str:
    """A short plain-text report: the figures, by kind, and every miss."""
    lines = [f"recall@{scores.k}: {scores.recall:.3f}   MRR: {scores.mrr:.3f}"]
    for kind, (found, total) in sorted(scores.by_kind.items()):
        lines.append(f"  {kind or '-':<12} {found}/{total}")
    for query, got in scores.misses:
        lines.append(f"  miss: {query.query!r} expected {query.expect}, got {got}")
    return "\n".join(lines)
