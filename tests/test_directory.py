"""The brand directory: its order and facets, its list pages, its JSON files, and a real build
at a few thousand brands whose first view stays light (bytes and elements, without JavaScript)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bench.synthetic import synthetic_brands
from dangjian.catalog import Entry
from dangjian.directory.data import CHUNK_SIZE, directory_data, runs
from dangjian.directory.listing import FACET_NAMES, PAGE_SIZE, BrandDirectory
from dangjian.model import Brand
from dangjian.render.directory import directory_page, pager
from dangjian.settings import load_settings
from tests.helpers import BRAND
from tests.project import catalog_of, copy_project, project_under_test
from tests.sitebuild import build

KB = 1024
FIRST_VIEW_HTML = 120 * KB  # the directory page's own HTML, uncompressed (the whole first view is ≤ 350 KB)
FIRST_VIEW_ELEMENTS = 3000
JSON_FILE = 64 * KB
FACETS_FILE = 16 * KB
BRANDS = 2500


def _brand(n: int, field: str, town: str, level: str, visibility: str = "public") -> Entry[Brand]:
    data = yaml.safe_load(BRAND) | {"id": f"nc-u-{n:04d}", "name": f"品牌{n}", "field": field, "town": town,
                                   "level": level, "visibility": visibility}
    return Entry("brand", Brand.model_validate(data), Path(f"{n}.yml"), f"data/brands/{n}.yml")


def _mixed(count: int) -> list[Entry[Brand]]:
    fields, towns, levels = ("机关", "农村", "国企"), ("当壁镇", "密山镇", "知一镇", "裴德镇"), ("基层品牌", "省级示范点")
    return [_brand(n, fields[n % 3], towns[n % 4], levels[n % 7 == 0]) for n in range(count)]


def test_runs_are_the_sorted_positions_as_start_end_pairs() -> None:
    assert runs([]) == []
    assert runs([3, 4, 5, 9]) == [3, 6, 9, 10]
    assert runs([0, 2, 4]) == [0, 1, 2, 3, 4, 5]


def test_every_facet_value_covers_exactly_its_brands_in_directory_order() -> None:
    directory = BrandDirectory.build(_mixed(700))
    data = directory_data(directory)
    meta = json.loads(data.files["facets.json"])
    assert meta["total"] == 700 and meta["chunks"] == -(-700 // CHUNK_SIZE)
    rows = [row for n in range(meta["chunks"]) for row in json.loads(data.files[f"rows-{n}.json"])]
    assert [r[0] for r in rows] == [e.id for e in directory.entries]
    for facet in meta["facets"]:
        for value, count, flat in zip(facet["values"], facet["counts"], facet["runs"], strict=True):
            covered = [p for s, e in zip(flat[::2], flat[1::2], strict=True) for p in range(s, e)]
            expected = [i for i, e in enumerate(directory.entries) if getattr(e.model, facet["name"]) == value]
            assert covered == expected and count == len(expected)
    # the order (field, then level, then town) makes a field one run and a level a few
    field_runs = meta["facets"][FACET_NAMES.index("field")]["runs"]
    assert all(len(r) == 2 for r in field_runs)
    assert [f for f in meta["facets"][0]["values"]] == ["农村", "机关", "国企"]  # the programmes' order


def test_the_directory_refuses_an_internal_brand() -> None:
    with pytest.raises(ValueError):
        BrandDirectory.build([*_mixed(3), _brand(99, "农村", "当壁镇", "基层品牌", visibility="internal")])


def test_pages_hold_page_size_brands_and_link_their_neighbours() -> None:
    directory = BrandDirectory.build(_mixed(PAGE_SIZE * 3 + 7))
    assert directory.page_count == 4
    assert [len(directory.page(n).entries) for n in range(1, 5)] == [PAGE_SIZE] * 3 + [7]
    with pytest.raises(IndexError):
        directory.page(5)
    first = directory_page(directory, 1, version="v")
    assert 'href="page/2/" rel="next"' in first and "rel=\"prev\"" not in first
    assert "data-dj-filter" in first and 'data-version="v"' in first
    second = directory_page(directory, 2, version="v")
    assert 'href="../../" rel="prev"' in second and 'href="../3/" rel="next"' in second
    assert "data-dj-filter" not in second  # the plain list: the filter lives on brands/
    assert second.count("<li>") == PAGE_SIZE
    numbers = [link.number for link in pager(10, 20, str)]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1


def _elements(html: str) -> int:
    parser = _Elements()
    parser.feed(html)
    return parser.count


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project under test with BRANDS more sample brands and one more internal
    brand, built with --strict."""
    tmp = tmp_path_factory.mktemp("directory")
    source = project_under_test()
    data = load_settings(source).data_dir
    templates = [e.model for e in catalog_of(source).public("brand")]
    internal = BRAND.replace("nc-test-01", "nc-secret-77").replace("红色引擎", "内部绝密品牌").replace(
        "visibility: public", "visibility: internal")
    files = {f"{data}/brands/{f.rel}": f.text for f in synthetic_brands(templates, BRANDS)}  # type: ignore[arg-type]
    project = copy_project(tmp / "project", files={**files, f"{data}/brands/农村/nc-secret-77.yml": internal})
    out = tmp / "site"
    done = build(project, out)
    assert done.returncode == 0, done.stderr[-4000:]
    return project, out


def test_the_first_view_is_light_and_every_json_file_small(many: tuple[Path, Path]) -> None:
    project, site = many
    public = catalog_of(project).public("brand")
    assert len(public) == BRANDS + len(catalog_of(project_under_test()).public("brand"))
    html = (site / "brands" / "index.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) <= FIRST_VIEW_HTML
    assert _elements(html) <= FIRST_VIEW_ELEMENTS
    assert html.count('<li><a href="') == PAGE_SIZE
    folder = site / "assets" / "dangjian" / "directory"
    files = sorted(folder.iterdir())
    assert len(files) == 1 + -(-len(public) // CHUNK_SIZE)
    for f in files:
        assert f.stat().st_size <= (FACETS_FILE if f.name == "facets.json" else JSON_FILE), f.name
    meta = json.loads((folder / "facets.json").read_text(encoding="utf-8"))
    assert meta["total"] == len(public) and meta["version"] in html


def test_the_plain_list_pages_hold_every_public_brand_once_and_no_internal_one(many: tuple[Path, Path]) -> None:
    project, site = many
    public = {e.id for e in catalog_of(project).public("brand")}
    pages = -(-len(public) // PAGE_SIZE)
    listed: list[str] = []
    for n in range(1, pages + 1):
        path = site / "brands" / ("index.html" if n == 1 else f"page/{n}/index.html")
        html = path.read_text(encoding="utf-8")
        assert _elements(html) <= FIRST_VIEW_ELEMENTS
        listed += re.findall(r'<li><a href="(?:\.\./)+brands/([^/"]+)/">', html)
    assert not (site / "brands" / "page" / str(pages + 1)).exists()
    assert sorted(listed) == sorted(public)
    for path in [*(site / "brands" / "page").rglob("*.html"), *(site / "assets" / "dangjian" / "directory").iterdir()]:
        text = path.read_text(encoding="utf-8")
        assert "nc-secret-77" not in text and "内部绝密品牌" not in text, path


def test_the_directory_bench_counts_the_json_files_it_would_fetch(many: tuple[Path, Path]) -> None:
    from bench.directory import json_sizes

    _, site = many
    sizes = json_sizes(site)
    folder = site / "assets" / "dangjian" / "directory"
    assert sizes["files"] == len(list(folder.iterdir()))
    assert sizes["facets_bytes"] == (folder / "facets.json").stat().st_size
    assert 0 < sizes["rows_total_gzip"] < sizes["rows_total_bytes"]


def test_a_long_row_of_page_numbers_passes_the_publishing_check() -> None:
    from dangjian.guard.verify import Verifier

    # every page of 200 (as at 10,000 brands: "11 12 13 14 15 … 200" once read as a mobile
    # number) and of 2,000 pages (as at 100,000 brands)
    for count, step in ((200, 1), (2000, 7)):
        directory = BrandDirectory.build(_mixed(count), page_size=1)
        for number in range(1, count + 1, step):
            html = "<html><body>" + directory_page(directory, number, version="v") + "</body></html>"
            assert Verifier().check_markup(f"brands/page/{number}/index.html", html) == [], (count, number)
