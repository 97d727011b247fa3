"""Chinese search typed into a built site's search box in Chromium: the small search project's
queries each find their entity among the first five results, and a query fetches only the
files of the sharded index it needs.

The shipped data's query set (tests/search_queries.yml) names today's entities: it is measured
by `scripts/searcheval`, not asserted here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.searchquality import load_queries, open_search, report, run_queries, score, search
from tests.helpers import REPO
from tests.searchproject import QUERIES, search_project
from tests.searchrank import needed_files, project_reference
from tests.sitebuild import build, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def search_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("search")
    done = build(search_project(root / "p"), root / "site")
    assert done.returncode == 0, done.stderr[-4000:]
    return root / "p", root / "site"


@pytest.fixture(scope="module")
def search_url(search_built: tuple[Path, Path]) -> Iterator[str]:
    with serve(search_built[1]) as url:
        yield url


@pytest.fixture
def search_page(browser: object, search_url: str) -> Iterator[tuple[object, object]]:
    from tests.browser.conftest import open_recorded

    context, page, log = open_recorded(browser, search_url, viewport={"width": 390, "height": 844})
    yield page, log
    context.close()  # type: ignore[attr-defined]


def test_every_query_finds_its_entity_in_the_first_five(search_page: tuple, search_url: str) -> None:
    page, log = search_page
    scores = score(QUERIES, run_queries(page, search_url, QUERIES), k=5)
    print(report(scores))
    assert scores.recall == 1.0, report(scores)
    assert scores.mrr >= 0.85, report(scores)
    assert {q.kind for q in QUERIES} >= {"sub-word", "pinyin", "initials", "town", "programme", "content",
                                         "name", "short name", "route"}
    assert log.outside() == []  # type: ignore[attr-defined]


def test_a_result_shows_the_kind_and_town_of_the_entity(search_page: tuple, search_url: str) -> None:
    page, _ = search_page
    open_search(page, search_url)
    assert search(page, "民主联军")[0] == "hangxiao-jiuzhi"
    first = page.locator(".md-search-result__item").first  # type: ignore[attr-defined]
    assert first.locator(".md-tag").all_inner_texts() == ["教育基地", "密山镇"]
    assert "东北民主联军" in first.locator("h1").inner_text()


def test_a_brand_result_shows_its_field_and_town(search_page: tuple, search_url: str) -> None:
    page, _ = search_page
    open_search(page, search_url)
    assert search(page, "hupanhongfan")[0] == "nc-hupan"
    tags = page.locator(".md-search-result__item").first.locator(".md-tag").all_inner_texts()  # type: ignore[attr-defined]
    assert tags == ["品牌", "农村", "白鱼湾镇"]


def test_a_query_fetches_only_the_index_files_it_needs(search_page: tuple, search_url: str,
                                                       search_built: tuple[Path, Path]) -> None:
    page, log = search_page
    project, site = search_built
    _, reference = project_reference(project)
    manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
    post = {t: v[1] for f in (site / "search" / "dict").glob("*.json")
            for t, v in json.loads(f.read_text(encoding="utf-8")).items()}
    open_search(page, search_url)
    for n, query in enumerate(("航校", "beidahuang", "白鱼湾镇")):
        before = len(log.requests)  # type: ignore[attr-defined]
        assert search(page, query)
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        fetched = {urlsplit(u).path.removeprefix("/search/") for u in log.requests[before:]  # type: ignore[attr-defined]
                   if urlsplit(u).path.startswith("/search/")}
        # each file once per visit: what an earlier query fetched is taken from the worker's cache
        wanted = needed_files(query, reference, manifest, post)
        assert fetched <= wanted, (query, fetched - wanted)
        if n == 0:
            assert fetched == wanted, (query, wanted - fetched)
        assert all(urlsplit(u).query == f"v={manifest['version']}" for u in log.requests[before:]  # type: ignore[attr-defined]
                   if "/search/" in u)
    every = {urlsplit(u).path for u in log.requests if "/search/" in u}  # type: ignore[attr-defined]
    assert len(every) == len([u for u in log.requests if "/search/" in u])  # type: ignore[attr-defined]
    shipped = len(list((site / "search").rglob("*.json")))
    assert len(every) < shipped / 2


def test_the_benchmarks_query_set_has_sixty_queries_of_every_kind() -> None:
    # the file `scripts/searcheval` measures the shipped site with; its entities are not checked here
    queries = load_queries(REPO / "tests" / "search_queries.yml")
    assert len(queries) >= 60
    kinds = {q.kind for q in queries}
    assert {"sub-word", "pinyin", "initials", "town", "programme", "content", "name"} <= kinds


def test_the_search_project_passes_check(tmp_path: Path) -> None:
    from tests.helpers import lines, load

    assert lines(load(search_project(tmp_path / "p"))) == []
