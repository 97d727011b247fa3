"""The query set, typed into the built site's search box in Chromium: recall@5 >= 0.95."""

from __future__ import annotations

from dangjian.bench.searchquality import load_queries, report, run_queries, score
from tests.helpers import REPO

QUERIES = REPO / "tests" / "search_queries.yml"


def test_query_set_has_sixty_queries_of_every_kind() -> None:
    queries = load_queries(QUERIES)
    assert len(queries) >= 60
    kinds = {q.kind for q in queries}
    assert {"sub-word", "pinyin", "initials", "town", "programme", "content", "name"} <= kinds


def test_every_query_finds_its_entity_in_the_first_five(page_and_log, site_url) -> None:
    page, log = page_and_log
    queries = load_queries(QUERIES)
    scores = score(queries, run_queries(page, site_url, queries), k=5)
    print(report(scores))
    assert scores.recall >= 0.95, report(scores)
    assert scores.mrr >= 0.85, report(scores)
    assert log.outside() == []


def test_a_result_shows_the_kind_and_town_of_the_entity(page_and_log, site_url) -> None:
    from dangjian.bench.searchquality import open_search, search

    page, _ = page_and_log
    open_search(page, site_url)
    assert search(page, "民主联军")[0] == "minzhu-lianjun-hangxiao-jiuzhi"
    first = page.locator(".md-search-result__item").first
    assert first.locator(".md-tag").all_inner_texts() == ["教育基地", "密山镇"]
    assert "东北民主联军" in first.locator("h1").inner_text()


def test_a_brand_result_shows_its_field_and_town(page_and_log, site_url) -> None:
    from dangjian.bench.searchquality import open_search, search

    page, _ = page_and_log
    open_search(page, site_url)
    assert search(page, "hupanhongfan")[0] == "nc-baiyuwan-01"
    tags = page.locator(".md-search-result__item").first.locator(".md-tag").all_inner_texts()
    assert tags == ["品牌", "农村", "白鱼湾镇"]
