"""The benchmark's pure parts: sample brands, projects, target verdicts, report formatting.

Nothing here is timed: speed is measured by scripts/bench, never asserted by a test.
"""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from bench import projects, report, targets
from bench.firstvisit import gzip_server
from bench.measure import site_sizes, timed_run
from bench.rebuild import rename_in_yaml
from bench.synthetic import bare_page, bare_pages, synthetic_brand, synthetic_brands
from dangjian.model import Brand
from tests.helpers import BRAND, load, write_project


def shipped_brands() -> list[Brand]:
    """Brands to copy from: the test project's, so that these tests never depend on data/."""
    brand = Brand.model_validate(yaml.safe_load(BRAND))
    other = brand.model_copy(update={"id": "jg-test-01", "name": "机关先锋", "field": "机关",
                                     "practices": ["做法一", "做法二"], "slogan": None})
    return [brand, Brand.model_validate(other.model_dump())]


def test_synthetic_brands_pass_dangjian_check_in_a_copy_and_are_all_samples(tmp_path: Path) -> None:
    source = write_project(tmp_path / "src", {})
    copy = projects.copy_project(source, tmp_path / "copy", synthetic_brands(shipped_brands(), 30))
    result = load(copy)
    assert result.diagnostics == []
    assert result.catalog is not None
    brands = result.catalog.brands
    assert len(brands) == 31
    made = [b for b in brands if b.id.startswith("bench-")]
    assert len(made) == 30
    assert all(b.model.sample and b.public for b in made)
    assert len({b.model.name for b in made}) == 30


def test_synthetic_brand_keeps_no_internal_field_and_says_it_is_a_sample() -> None:
    template = Brand.model_validate({
        "id": "nc-x-01", "name": "某品牌", "org": "某支部", "field": "农村", "town": "当壁镇",
        "level": "基层品牌", "summary": "简介", "visibility": "internal",
        "sample_fields": ["summary"], "internal_notes": "内部", "contact": {"name": "张三"},
    })
    brand = synthetic_brand(template, 7)
    assert brand.id == "bench-00007"
    assert "示例" in brand.name
    assert brand.sample and brand.visibility == "public"
    assert brand.internal_notes is None and brand.contact is None


def test_source_project_is_left_untouched_by_a_scale_copy(tmp_path: Path) -> None:
    source = write_project(tmp_path / "src", {})
    before = sorted(p.relative_to(source) for p in source.rglob("*"))
    projects.copy_project(source, tmp_path / "copy", synthetic_brands(shipped_brands(), 3))
    assert sorted(p.relative_to(source) for p in source.rglob("*")) == before


def test_bare_pages_carry_the_brand_text_and_count_exactly() -> None:
    brands = shipped_brands()[:2]
    pages = list(bare_pages(brands, 5))
    assert [name for name, _ in pages] == [f"p{n:05d}.md" for n in range(1, 6)]
    assert pages[0][1] == bare_page(brands[0])
    assert pages[0][1].startswith(f"# {brands[0].name}\n")
    assert brands[0].summary in pages[0][1]
    assert "示例" in pages[2][1].splitlines()[0]  # beyond the shipped ones: a sample copy


def test_material_baseline_keeps_pages_out_of_nav_only_when_asked(tmp_path: Path) -> None:
    pages = [("p00001.md", "# 一\n"), ("p00002.md", "# 二\n")]
    out_nav = (projects.material_project(tmp_path / "a", pages, in_nav=False) / "mkdocs.yml").read_text()
    in_nav = (projects.material_project(tmp_path / "b", pages, in_nav=True) / "mkdocs.yml").read_text()
    assert "not_in_nav" in out_nav and "nav:" in out_nav
    assert "nav" not in in_nav
    assert "name: material" in in_nav and "- search" in in_nav
    assert (tmp_path / "b" / "docs" / "brands" / "p00002.md").read_text() == "# 二\n"


def test_hugo_pages_move_the_title_to_front_matter(tmp_path: Path) -> None:
    projects.hugo_project(tmp_path, [("p00001.md", '# 说"好"\n\n正文\n')])
    text = (tmp_path / "content" / "brands" / "p00001.md").read_text()
    assert text == '---\ntitle: "说\\"好\\""\n---\n\n正文\n'


SMALL, LARGE = targets.GROWTH_FROM, targets.GROWTH_TO  # the benchmark's sizes, not the data's


def result_with(ours: float, plain: float, **extra: object) -> dict[str, object]:
    row = {"n": SMALL, "ours": {"seconds": ours, "brand_html_max": 20_000, "max_rss": 100 * targets.MB},
           "material": {"seconds": plain}, "check": {"seconds": 0.5},
           "first_visit": {"page": "brands/x/", "bytes": 200 * targets.KB, "requests": 9,
                           "outside_requests": 0, "largest": [["/search/search_index.json", 4096]]}}
    return {"sizes": [row], **extra}


def verdict(result: dict[str, object], name: str) -> targets.Verdict:
    return next(v for v in targets.evaluate(result) if v.target.startswith(name))


def test_build_ratio_passes_at_the_limit_and_misses_above_it() -> None:
    assert verdict(result_with(1.0, 1.0), "build time").status == "PASS"
    assert verdict(result_with(1.21, 1.0), "build time").status == "MISS"
    assert verdict(result_with(1.21, 1.0), "build time").value == pytest.approx(1.21)


def test_unmeasured_targets_are_skipped_with_a_reason_not_passed() -> None:
    result = result_with(1.0, 1.0, rebuild={"skipped": "--no-serve"})
    rebuild = verdict(result, "rebuild")
    assert rebuild.status == "SKIP" and rebuild.note == "--no-serve"
    assert verdict(result, "build growth").status == "SKIP"
    assert verdict({"sizes": []}, "dangjian check").status == "SKIP"


def test_outside_requests_must_be_zero() -> None:
    result = result_with(1.0, 1.0)
    result["sizes"][0]["first_visit"]["outside_requests"] = 1  # type: ignore[index]
    assert verdict(result, "requests to other hosts").status == "MISS"


def test_growth_limit_is_the_issues_allowance_between_its_sizes_and_proportional_otherwise() -> None:
    small, large = targets.GROWTH_FROM, targets.GROWTH_TO  # the benchmark's sizes, not the data's
    assert targets.growth_limit(small, large) == pytest.approx(targets.GROWTH)
    assert targets.growth_limit(small, small * 10) == pytest.approx(targets.GROWTH * 10 / (large / small))
    sizes = [{"n": SMALL, "ours": {"seconds": 2.0}}, {"n": LARGE, "ours": {"seconds": 81.0}}]
    assert verdict({"sizes": sizes}, "build growth").status == "MISS"
    sizes[1]["ours"]["seconds"] = 79.0  # type: ignore[index]
    assert verdict({"sizes": sizes}, "build growth").status == "PASS"


def test_big_brand_pages_and_first_visits_miss() -> None:
    result = result_with(1.0, 1.0)
    row = result["sizes"][0]  # type: ignore[index]
    row["ours"]["brand_html_max"] = 60 * 1024 + 1
    row["first_visit"]["bytes"] = 350 * 1024 + 1
    assert verdict(result, "brand page HTML").status == "MISS"
    assert verdict(result, "first visit").status == "MISS"


def test_readme_section_goes_between_markers_and_leaves_the_rest_alone() -> None:
    text = "# 标题\n\n前文\n<!-- bench:start -->\n旧的\n<!-- bench:end -->\n后文\n"
    out = report.replace_between_markers(text, "## 性能\n新的\n")
    assert out == "# 标题\n\n前文\n<!-- bench:start -->\n## 性能\n新的\n<!-- bench:end -->\n后文\n"
    assert report.replace_between_markers(out, "## 性能\n新的\n") == out


def test_markers_are_appended_when_the_readme_has_none() -> None:
    out = report.replace_between_markers("# 标题\n", "## 性能")
    assert out == "# 标题\n\n<!-- bench:start -->\n## 性能\n<!-- bench:end -->\n"


def test_report_shows_skipped_contenders_and_every_verdict() -> None:
    result = result_with(3.0, 2.0)
    result["sizes"][0]["hugo"] = {"skipped": "hugo is not installed"}  # type: ignore[index]
    result["date"], result["machine"] = "2025-01-01 10:00 +0800", {"cores": 2, "python": "3.11"}
    text = report.terminal(result)
    assert f"Hugo at {SMALL} brands: skipped (hugo is not installed)" in text
    assert "1.50× Material, pages out of nav" in text
    section = report.readme_section(result)
    assert section.startswith("## 性能\n")
    assert "2025-01-01 10:00 +0800" in section and "cores 2" in section
    assert f"| build time / plain Material out of nav | {SMALL} | 1.50× | ≤ 1.00× | MISS |" in section


def test_text_table_aligns_columns() -> None:
    table = report.text_table(("a", "bb"), [("ccc", "d")])
    assert table.splitlines() == ["a    bb", "---  --", "ccc  d"]


def test_timed_run_reports_the_peak_memory_of_that_child() -> None:
    run = timed_run([sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"])
    assert run.returncode == 0
    assert run.max_rss >= 200 * 1024 * 1024
    small = timed_run([sys.executable, "-c", "pass"])
    assert small.max_rss < run.max_rss


def test_site_sizes_find_the_largest_and_median_page_and_the_index(tmp_path: Path) -> None:
    for name, size in (("a", 10), ("b", 30), ("c", 20)):
        page = tmp_path / "brands" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"x" * size)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_bytes(b"{}" * 500)
    pages = sorted((tmp_path / "brands").glob("*/index.html"))
    sizes = site_sizes(tmp_path, pages)
    assert (sizes.brand_html_max, sizes.brand_html_median) == (30, 20)
    assert sizes.brand_html_max_page == "brands/b/index.html"
    assert sizes.search_index == 1000 and 0 < sizes.search_index_gzip < 100
    assert sizes.site_bytes == 1060 and sizes.files == 4


def test_gzip_server_sends_text_compressed_and_counts_what_it_sent(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>党建</p>" * 1000, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 1000)
    with gzip_server(tmp_path) as (base, counter):
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            html = gzip.decompress(response.read()).decode()
        with urllib.request.urlopen(urllib.request.Request(base + "logo.png", headers={
                "Accept-Encoding": "gzip"})) as response:
            assert response.headers.get("Content-Encoding") is None
            assert len(response.read()) == 1004
    assert html == "<p>党建</p>" * 1000
    assert [path for path, _ in counter.requests] == ["/", "/logo.png"]
    assert 1004 < counter.bytes < 1004 + 1000  # the page went compressed, headers counted


def test_rename_touches_only_the_top_level_name() -> None:
    text = "id: x\nname: 旧名\nsources:\n  - name: 不动\n"
    assert rename_in_yaml(text, "新名") == "id: x\nname: 新名\nsources:\n  - name: 不动\n"
    with pytest.raises(ValueError):
        rename_in_yaml("id: x\n", "新名")


def test_the_planner_target_is_judged_at_its_throttle() -> None:
    from bench.targets import PLANNER_MS

    fast = {"planner": {"stops": 12, "milliseconds": PLANNER_MS - 1, "throttle": 4.0}}
    slow = {"planner": {"stops": 12, "milliseconds": PLANNER_MS + 1, "throttle": 4.0}}
    assert verdict(fast, "planner").status == "PASS" and verdict(slow, "planner").status == "MISS"
    assert verdict({"planner": {"skipped": "--no-browser"}}, "planner").status == "SKIP"
