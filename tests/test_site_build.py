"""Build tests on a real MkDocsConfig: pages, addresses, edit links, navigation that scales."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dangjian.catalog import SECTIONS, Catalog
from dangjian.settings import load_settings
from tests.helpers import BRAND, write_project
from tests.project import catalog_of, copy_project, project_under_test
from tests.sitebuild import build as run_build


def build_project(root: Path, out: Path, **overrides: object) -> None:
    """A real MkDocsConfig loaded from root/mkdocs.yml, built strictly into out."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True, **overrides)
    build(config)


def copy_with_brands(dest: Path, brands: dict[str, str]) -> Path:
    """A copy of the project under test whose brands are the given ones (path under
    data/brands/ -> text) and the brands its routes stop at, so that the routes stay valid."""
    copy_project(dest)
    routes = catalog_of(dest).routes
    stops = {stop.ref for route in routes for stop in route.model.stops}
    brands_dir = load_settings(dest).data_path / "brands"
    keep = {p: p.read_text(encoding="utf-8") for p in brands_dir.rglob("*.yml") if p.stem in stops}
    shutil.rmtree(brands_dir)
    for path, text in keep.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, text in brands.items():
        path = brands_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def test_every_public_entity_has_its_page_at_its_id_and_no_other_does(
        realistic_site: Path, realistic_catalog: Catalog) -> None:
    for entry in realistic_catalog.all():
        page = realistic_site / entry.url / "index.html"
        if entry.public:
            assert page.is_file(), entry.url
            assert f'data-id="{entry.id}"' in page.read_text(encoding="utf-8")
        else:
            assert not page.parent.exists(), entry.url
    assert not (realistic_site / "brands" / "zz-brand-3").exists()  # the known internal brand
    for kind, section in SECTIONS.items():
        pages = {p.parent.name for p in (realistic_site / section).glob("*/index.html")}
        assert pages == {e.id for e in realistic_catalog.public(kind)}, section


def test_the_public_site_has_no_editing_links(realistic: Path, realistic_site: Path) -> None:
    # repo_url and edit_uri stay in mkdocs.yml for an intranet copy (edit_links: true,
    # tests/test_government_site.py); the published pages show neither
    config = load_config(str(realistic / "mkdocs.yml"))
    assert config.repo_url and config.plugins["dangjian/content"].config.edit_links is False
    for rel in ("index.html", "sites/zz-tour-1/index.html", "brands/zz-brand-1/index.html"):
        html = (realistic_site / rel).read_text(encoding="utf-8")
        assert "md-content__button" not in html and 'class="md-source"' not in html, rel
        assert config.repo_url not in html, rel


def test_sample_record_pages_say_so(realistic_site: Path) -> None:
    html = (realistic_site / "schools" / "zz-school" / "index.html").read_text(encoding="utf-8")
    assert "示例数据" in html
    assert "位置为近似值" in html
    real = (realistic_site / "sites" / "zz-tour-1" / "index.html").read_text(encoding="utf-8")
    assert "部分内容为示例数据" in real
    assert "开放时间" in real.split("部分内容为示例数据", 1)[1][:400]
    plain = (realistic_site / "sites" / "zz-tour-2" / "index.html").read_text(encoding="utf-8")
    article = plain[plain.index("<article"): plain.index("</article>")]
    assert "示例数据" not in article


def test_site_and_school_pages_have_qr_code_and_poster(realistic_site: Path) -> None:
    for rel in ("sites/zz-tour-1", "schools/zz-school"):
        html = (realistic_site / rel / "index.html").read_text(encoding="utf-8")
        assert 'class="dj-qr"' in html and "<svg" in html
        poster = (realistic_site / rel / "poster.html").read_text(encoding="utf-8")
        assert "<svg" in poster and 'lang="zh-CN"' in poster
        assert "assets/dangjian/stylesheets/poster.css" in poster
        assert (realistic_site / "assets/dangjian/stylesheets/poster.css").is_file()


def test_pages_carry_description_and_open_graph(realistic_site: Path) -> None:
    html = (realistic_site / "brands" / "zz-brand-1" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="【示例数据】测试用的品牌。">' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:description"' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_no_web_font_cdn_or_analytics(realistic_site: Path) -> None:
    outside = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|googletagmanager"
                         r"|google-analytics|tile\.openstreetmap")
    for path in realistic_site.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".json", ".xml", ".map"):
            assert not outside.search(path.read_text(encoding="utf-8", errors="replace")), path
    html = (realistic_site / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' in html


def test_brand_page_html_is_small(realistic_site: Path, realistic_catalog: Catalog) -> None:
    sizes = [p.stat().st_size for p in (realistic_site / "brands").glob("*/index.html")]
    assert len(sizes) == len(realistic_catalog.public("brand"))
    assert max(sizes) < 60 * 1024, max(sizes)


def _primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary')
    return html[start: html.index("</nav>", start)]


@pytest.mark.realistic
def test_sidebar_does_not_grow_with_the_number_of_brands(tmp_path: Path) -> None:
    def brands(n: int) -> dict[str, str]:
        return {f"农村/nc-test-{i:03d}.yml": BRAND.replace("nc-test-01", f"nc-test-{i:03d}")
                for i in range(n)}

    few = copy_with_brands(tmp_path / "few", brands(3))
    many = copy_with_brands(tmp_path / "many", brands(60))
    build_project(few, tmp_path / "few-site")
    build_project(many, tmp_path / "many-site")
    nav_few = _primary_nav((tmp_path / "few-site/brands/nc-test-001/index.html").read_text(encoding="utf-8"))
    nav_many = _primary_nav((tmp_path / "many-site/brands/nc-test-001/index.html").read_text(encoding="utf-8"))
    assert len(nav_few) == len(nav_many)
    assert "nc-test-002" not in nav_many


@pytest.mark.realistic
def test_build_from_another_folder_uses_that_copys_data(tmp_path: Path) -> None:
    copy = copy_with_brands(tmp_path / "copy", {"农村/nc-only-here.yml": BRAND.replace("nc-test-01", "nc-only-here")})
    out = tmp_path / "out"
    build_project(copy, out)
    assert (out / "brands" / "nc-only-here" / "index.html").is_file()
    left_out = {p.stem for p in (load_settings(project_under_test()).data_path / "brands").rglob("*.yml")} - {
        e.id for e in catalog_of(copy).brands}
    assert left_out  # the copy has fewer brands than the project it was made from
    assert not any((out / "brands" / stem).exists() for stem in left_out)


@pytest.mark.realistic
def test_a_data_error_fails_the_build_listing_every_diagnostic(tmp_path: Path) -> None:
    copy = copy_with_brands(tmp_path / "bad", {
        "农村/nc-a.yml": BRAND.replace("nc-test-01", "nc-a").replace("field: 农村", "field: 农业"),
        "农村/nc-b.yml": BRAND.replace("nc-test-01", "nc-b").replace("slogan:", "slogen:"),
    })
    done = run_build(copy, tmp_path / "out")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "data/brands/农村/nc-a.yml:4:8: DJ104" in done.stderr
    assert "data/brands/农村/nc-b.yml:7:1: DJ101" in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_hand_written_page_cannot_shadow_a_generated_one(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "docs" / "brands").mkdir()
    (root / "docs" / "brands" / "nc-test-01.md").write_text("# x\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins:\n  - dangjian/content\n",
        encoding="utf-8",
    )
    done = run_build(root, tmp_path / "out")
    assert done.returncode == 1
    assert "docs/brands/nc-test-01.md" in done.stderr


def test_poster_warns_when_the_site_address_is_a_preview(tmp_path: Path) -> None:
    def poster(site_url: str) -> str:
        root = write_project(tmp_path / site_url.split("/")[2], {"docs/index.md": "# 首页\n"})
        (root / "mkdocs.yml").write_text(
            f"site_name: t\nsite_url: {site_url}\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            "plugins:\n  - dangjian/content\n", encoding="utf-8")
        out = root.parent / (root.name + "-site")
        build_project(root, out)
        return (out / "sites" / "test-site" / "poster.html").read_text(encoding="utf-8")

    assert "预览版" in poster("http://127.0.0.1:8000/")  # the local preview's address
    published = poster("https://dangjian.example.org/")
    assert "预览版" not in published
    assert "https://dangjian.example.org/sites/test-site/" in published
