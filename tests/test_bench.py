"""The benchmark's pure parts: sample brands, projects, page picking, target verdicts, reports.

Nothing here is timed: speed is measured by scripts/bench, never asserted by a test.
"""

from __future__ import annotations

import gzip
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from bench import pagetypes, projects, report, targets
from bench.firstvisit import gzip_server, interactive_ms, settled_ms
from bench.measure import a11y_code, gzip_bytes, site_sizes, timed_run
from bench.rebuild import rename_in_yaml
from bench.runner import merge_first_visits
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


def visit(kind: str, page: str, kb: float, seconds: float, **extra: object) -> dict[str, object]:
    """One page type's first visit, as the runner records it."""
    return {"kind": kind, "page": page, "status": 200, "bytes": int(kb * targets.KB), "requests": 9,
            "outside_requests": 0, "interactive_seconds": seconds, "settled_seconds": seconds + 0.3,
            "load_seconds": seconds - 0.2,
            "fcp_seconds": 0.8, "long_tasks": 1, "runs_seconds": [seconds],
            "largest": [["/assets/javascripts/bundle.min.js", 4096]], **extra}


def result_with(ours: float, plain: float, **extra: object) -> dict[str, object]:
    row = {"n": SMALL, "ours": {"seconds": ours, "brand_html_max": 20_000, "max_rss": 100 * targets.MB},
           "material": {"seconds": plain}, "check": {"seconds": 0.5},
           "first_visits": {"pages": [visit("home", "", 120, 1.5), visit("brand", "brands/x/", 200, 1.2)],
                            "missing_types": []}}
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


def test_outside_requests_must_be_zero_on_every_page() -> None:
    result = result_with(1.0, 1.0)
    assert verdict(result, "requests to other hosts").status == "PASS"
    result["sizes"][0]["first_visits"]["pages"][1]["outside_requests"] = 1  # type: ignore[index]
    assert verdict(result, "requests to other hosts").status == "MISS"


def test_growth_limit_is_the_issues_allowance_between_its_sizes_and_proportional_otherwise() -> None:
    small, large = targets.GROWTH_FROM, targets.GROWTH_TO  # the benchmark's sizes, not the data's
    assert targets.growth_limit(small, large) == pytest.approx(targets.GROWTH)
    assert targets.growth_limit(small, small * 10) == pytest.approx(targets.GROWTH * 10 / (large / small))
    sizes = [{"n": SMALL, "ours": {"seconds": 2.0}}, {"n": LARGE, "ours": {"seconds": 81.0}}]
    assert verdict({"sizes": sizes}, "build growth").status == "MISS"
    sizes[1]["ours"]["seconds"] = 79.0  # type: ignore[index]
    assert verdict({"sizes": sizes}, "build growth").status == "PASS"


def test_big_brand_pages_miss() -> None:
    result = result_with(1.0, 1.0)
    result["sizes"][0]["ours"]["brand_html_max"] = 60 * 1024 + 1  # type: ignore[index]
    assert verdict(result, "brand page HTML").status == "MISS"


def test_first_visit_targets_report_the_worst_page_type_and_name_it() -> None:
    result = result_with(1.0, 1.0)
    heavy = verdict(result, "first visit, every page type: transferred")
    slow = verdict(result, "first visit, every page type: interactive")
    assert (heavy.value, heavy.status, heavy.size) == (200 * targets.KB, "PASS", SMALL)
    assert heavy.note == "worst of 2: brand (/brands/x/)"
    assert (slow.value, slow.status, slow.unit) == (1.5, "PASS", "s")
    assert slow.note == "worst of 2: home (/)"
    pages = result["sizes"][0]["first_visits"]["pages"]  # type: ignore[index]
    pages.append(visit("404", "bench-no-such-page/", 350, targets.INTERACTIVE_SECONDS, status=404))
    assert verdict(result, "first visit, every page type: transferred").status == "PASS"  # at the limits
    assert verdict(result, "first visit, every page type: interactive").status == "PASS"
    pages[0]["bytes"] = targets.FIRST_VISIT + 1
    pages[1]["interactive_seconds"] = targets.INTERACTIVE_SECONDS + 0.01
    heavy = verdict(result, "first visit, every page type: transferred")
    slow = verdict(result, "first visit, every page type: interactive")
    assert (heavy.status, heavy.note) == ("MISS", "worst of 3: home (/)")
    assert (slow.status, slow.note) == ("MISS", "worst of 3: brand (/brands/x/)")


def test_first_visit_targets_say_which_page_types_the_site_lacks_and_skip_without_a_browser() -> None:
    result = result_with(1.0, 1.0)
    result["sizes"][0]["first_visits"]["missing_types"] = ["news index", "news post"]  # type: ignore[index]
    assert verdict(result, "first visit, every page type: interactive").note.endswith(
        "; no news index, news post in this site")
    result["sizes"][0]["first_visits"] = {"skipped": "--no-browser"}  # type: ignore[index]
    for name in ("first visit, every page type: transferred", "first visit, every page type: interactive"):
        assert (verdict(result, name).status, verdict(result, name).note) == ("SKIP", "--no-browser")
    assert not [v for v in targets.evaluate(result) if v.target == "requests to other hosts"]


def test_results_from_before_every_page_type_keep_their_brand_page_verdict() -> None:
    result = result_with(1.0, 1.0)
    row = result["sizes"][0]  # type: ignore[index]
    del row["first_visits"]
    row["first_visit"] = {"page": "brands/x/", "bytes": 350 * 1024 + 1, "requests": 9, "outside_requests": 0,
                          "largest": [["/search/search_index.json", 4096]]}
    assert verdict(result, "first visit to a brand page").status == "MISS"
    assert verdict(result, "requests to other hosts").status == "PASS"
    assert not [v for v in targets.evaluate(result) if v.target.startswith("first visit, every")]
    assert "first visit to brands/x/" in report.terminal(result)


def test_the_a11y_code_target_is_its_gzip_size_and_skipped_when_unmeasured() -> None:
    parts = [{"what": "assets/dangjian/javascripts/a11y.js", "bytes": 9000, "gzip": 4000},
             {"what": "the tools row (长辈模式, 朗读)", "bytes": 400, "gzip": 150}]
    result = result_with(1.0, 1.0, a11y_code={"gzip": targets.A11Y_CODE, "bytes": 9400, "parts": parts})
    assert verdict(result, "read-aloud and dark-mode code").status == "PASS"
    result["a11y_code"]["gzip"] = targets.A11Y_CODE + 1  # type: ignore[index]
    assert verdict(result, "read-aloud and dark-mode code").status == "MISS"
    assert verdict(result_with(1.0, 1.0), "read-aloud and dark-mode code").status == "SKIP"


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


def page(title: str, article: str = "", outside: str = "") -> str:
    """A built page as Material writes it: links outside the article are navigation."""
    return (f"<html><head><title>{title} - 站名</title></head><body><nav>{outside}</nav>"
            f"<article class=\"md-content__inner\">{article}</article></body></html>")


def fake_site(root: Path, *, news: bool = True, contact: bool = True) -> Path:
    files = {
        "index.html": page("站名"),
        "404.html": page("页面不存在"),
        # listed out of name order: the directory's first entry counts, not the first name
        "sites/index.html": page("红色教育基地", '<a href="../sites/b-site/">B</a><a href="../sites/a-site/">A</a>',
                                 outside='<a href="../sites/a-site/">A</a>'),
        "sites/a-site/index.html": page("A"), "sites/b-site/index.html": page("B"),
        # a directory page that links no entry (drawn by a script): the first by name
        "schools/index.html": page("边境微党校", '<a href="https://example.org/">外站</a>'),
        "schools/z-school/index.html": page("Z"), "schools/m-school/index.html": page("M"),
        # a link to a page that was not built is not an entry
        "brands/index.html": page("党建品牌", '<a href="gone/">gone</a><a href="../brands/x-01/#top">x</a>'),
        "brands/x-01/index.html": page("X"),
        "routes/index.html": page("研学线路", '<a href="../routes/r1/">r1</a>'),
        "routes/r1/index.html": page("R1"),
        "planner/index.html": page("研学规划"),
        "about/index.html": page("关于本站"),
    }
    if news:
        files |= {
            "news/index.html": page("工作动态", '<a href="category/%E7%8E%B0%E5%9C%BA/">现场</a>'
                                               '<a href="archive/2026/">2026</a><a href="2026/12/post-one/">一</a>'),
            "news/category/现场/index.html": page("现场"), "news/archive/2026/index.html": page("2026"),
            "news/2026/12/post-one/index.html": page("一"),
        }
    if contact:
        files["lianxi/index.html"] = page("联系我们")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_pick_pages_finds_one_page_of_every_type_from_the_sites_files(tmp_path: Path) -> None:
    picked = pagetypes.pick_pages(fake_site(tmp_path))
    assert picked == [
        ("home", ""), ("site", "sites/b-site/"), ("school", "schools/m-school/"), ("brand", "brands/x-01/"),
        ("route", "routes/r1/"), ("sites/ directory", "sites/"), ("schools/ directory", "schools/"),
        ("brands/ directory", "brands/"), ("routes/ directory", "routes/"), ("planner", "planner/"),
        ("news index", "news/"), ("news post", "news/2026/12/post-one/"), ("联系我们", "lianxi/"),
        ("404", pagetypes.MISSING),
    ]
    assert [kind for kind, _ in picked] == list(pagetypes.TYPES)
    assert pagetypes.missing_types(tmp_path) == []


def test_pick_pages_leaves_out_what_the_site_does_not_have(tmp_path: Path) -> None:
    site = fake_site(tmp_path, news=False, contact=False)
    kinds = [kind for kind, _ in pagetypes.pick_pages(site)]
    assert "news index" not in kinds and "news post" not in kinds and "联系我们" not in kinds
    assert pagetypes.missing_types(site) == ["news index", "news post", "联系我们"]
    (site / "404.html").unlink()
    assert "404" in pagetypes.missing_types(site)


def test_article_links_resolve_against_the_page_and_skip_other_hosts() -> None:
    text = page("t", '<a href="../sites/a/?x=1#y">a</a><a href="//cdn.example/x">cdn</a>'
                     '<a href="%E4%B8%AD/">中</a><a href="/about/">about</a>', outside='<a href="nav/">nav</a>')
    assert pagetypes.article_links(text, "sites/") == ["sites/a/", "sites/中/", "about/"]


def test_settled_is_the_latest_of_load_long_tasks_and_responses() -> None:
    assert settled_ms(1200.0, [], []) == 1200.0
    assert settled_ms(1200.0, [(900.0, 1000.0), (1300.0, 1450.0)], [800.0, 1100.0]) == 1450.0
    assert settled_ms(1200.0, [(900.0, 1000.0)], [800.0, 1700.0]) == 1700.0


def test_interactive_is_lighthouses_end_of_the_last_long_task_before_a_quiet_window() -> None:
    # no long task after the first paint, and the network quiet: the first paint (or DCL)
    assert interactive_ms(800.0, 900.0, [], [(0.0, 300.0)]) == 900.0
    assert interactive_ms(800.0, 0.0, [(100.0, 200.0)], []) == 800.0
    # the end of the last long task that a quiet window follows
    assert interactive_ms(800.0, 0.0, [(900.0, 1000.0), (1300.0, 1450.0)], []) == 1450.0
    # a background fetch or two in flight leaves the window quiet; three do not
    two = [(500.0, 4000.0), (600.0, 4000.0)]
    assert interactive_ms(800.0, 0.0, [(900.0, 1000.0)], two) == 1000.0
    three = [*two, (700.0, 3000.0)]
    assert interactive_ms(800.0, 0.0, [(900.0, 1000.0), (2000.0, 2100.0)], three) == 2100.0
    # a long task inside the five seconds after a candidate moves it on
    assert interactive_ms(800.0, 0.0, [(900.0, 1000.0), (5000.0, 5200.0)], []) == 5200.0


def test_gzip_server_answers_a_missing_address_with_the_sites_404_page_when_asked(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text("<h1>页面不存在</h1>", encoding="utf-8")
    for not_found_page, expected in ((True, "<h1>页面不存在</h1>"), (False, "not found")):
        with gzip_server(tmp_path, not_found_page=not_found_page) as (base, _):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(base + "no-such-page/")
            assert error.value.code == 404
            assert error.value.read().decode() == expected


def test_a11y_code_counts_its_files_gzipped_and_what_its_markup_adds_to_a_page(tmp_path: Path) -> None:
    script = tmp_path / "assets/dangjian/javascripts/a11y.js"
    script.parent.mkdir(parents=True)
    script.write_text("/* 长辈模式 */\n" + "function f(){}\n" * 200, encoding="utf-8")
    tools = '<div class="dj-tools" role="group"><button>长辈模式</button><button>朗读全文</button></div>'
    (tmp_path / "index.html").write_text(
        '<html><head><script src="assets/dangjian/javascripts/a11y.js"></script></head><body>'
        + tools + "<p>正文</p>" * 50 + "</body></html>", encoding="utf-8")
    size = a11y_code(tmp_path)
    parts = {p["what"]: p for p in size["parts"]}
    assert parts["assets/dangjian/javascripts/a11y.js"]["gzip"] == gzip_bytes(script.read_bytes())
    assert parts["the tools row (长辈模式, 朗读)"]["bytes"] == len(tools.encode())
    assert 0 < parts["the tools row (长辈模式, 朗读)"]["gzip"] < len(tools.encode())
    assert "the light / dark toggle" not in parts  # not in this page: not counted
    assert size["gzip"] == sum(p["gzip"] for p in size["parts"])


def test_report_shows_a_row_per_page_type_the_setup_and_the_a11y_code() -> None:
    result = result_with(1.0, 1.0, a11y_code={"gzip": 8 * targets.KB, "bytes": 20 * targets.KB, "parts": [
        {"what": "assets/dangjian/javascripts/a11y.js", "bytes": 10 * targets.KB, "gzip": 4 * targets.KB}]})
    visits = result["sizes"][0]["first_visits"]  # type: ignore[index]
    visits["pages"].append(visit("404", "bench-no-such-page/", 100, 2.5, status=404, runs_seconds=[2.5, 2.1, 2.6]))
    visits["setup"] = {"viewport": "390×844", "cpu_slowdown": 4, "quiet_seconds": 2.0,
                       "network": {"latency": 170, "downloadThroughput": 9_000_000 / 8}, "interactive": "定义。"}
    rows = report.first_visit_rows(result)
    assert rows[0] == (f"{SMALL}", "home", "/", "120.0 KB", "9", "1.50 s", "1.80 s", "1.30 s", "0.80 s", "1")
    assert rows[2][1:3] == ("404", "/bench-no-such-page/ (404)")
    assert rows[2][5] == "2.50 s (2.50, 2.10, 2.60)"  # the median run counts, every run is shown
    result["date"], result["machine"] = "2025-01-01 10:00 +0800", {"cores": 2}
    section = report.readme_section(result)
    assert "| page type | page | transferred |" in section
    assert f"| {SMALL} | brand | /brands/x/ | 200.0 KB | 9 | 1.20 s |" in section
    assert "CPU throttled 4×, network 9 Mbit/s with 170 ms round trip" in section
    visits["setup"]["date"] = "2025-01-02 09:00 +0800"
    assert "first visit to each page type (measured 2025-01-02 09:00 +0800): " in report.terminal(result)
    assert "read-aloud and dark-mode code: 8.0 KB gzip (20.0 KB uncompressed): " \
           "assets/dangjian/javascripts/a11y.js 4.0 KB" in section
    assert f"| first visit, every page type: interactive | {SMALL} | 2.50 s | ≤ 2.00 s | MISS |" in section
    assert "| read-aloud and dark-mode code (gzip) |  | 8.0 KB | ≤ 10.0 KB | PASS |" in section
    skipped = result_with(1.0, 1.0)
    skipped["sizes"][0]["first_visits"] = {"skipped": "--no-browser"}  # type: ignore[index]
    assert report.first_visit_rows(skipped)[0][:3] == (f"{SMALL}", "skipped", "--no-browser")


def test_first_visits_alone_replace_those_of_their_size_and_keep_everything_else() -> None:
    old = result_with(1.0, 1.0, rebuild={"seconds": 1.0})
    old["sizes"][0]["first_visit"] = {"page": "brands/x/", "bytes": 1}  # type: ignore[index]
    new = {"pages": [visit("home", "", 99, 1.0)], "missing_types": []}
    merged = merge_first_visits(old, [{"n": SMALL, "first_visits": new}, {"n": LARGE, "first_visits": new}],
                                {"gzip": 1, "bytes": 2, "parts": []})
    assert [s["n"] for s in merged["sizes"]] == [SMALL, LARGE]
    assert merged["sizes"][0]["first_visits"] == new and "first_visit" not in merged["sizes"][0]
    assert merged["sizes"][0]["ours"] == old["sizes"][0]["ours"]  # type: ignore[index]
    assert merged["rebuild"] == {"seconds": 1.0} and merged["a11y_code"]["gzip"] == 1
    assert "first_visit" in old["sizes"][0]  # type: ignore[index]  # the input is left as it was
