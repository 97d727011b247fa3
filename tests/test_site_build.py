"""Build tests on a real MkDocsConfig: pages, addresses, edit links, navigation that scales."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dangjian.load import load_catalog
from dangjian.settings import load_settings
from tests.helpers import BRAND, REPO, write_project
from tests.sitebuild import build as run_build

SECTIONS = {"site": "sites", "school": "schools", "brand": "brands", "route": "routes"}


def build_project(root: Path, out: Path, **overrides: object) -> None:
    """A real MkDocsConfig loaded from root/mkdocs.yml, built strictly into out."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True, **overrides)
    build(config)


def copy_project(dest: Path, brands: dict[str, str] | None = None) -> Path:
    """A copy of the shipped project; brands replaces data/brands when given."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "routes", "schemas"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy(src, dest / name)
    shutil.copytree(REPO / "data", dest / "data")
    if brands is not None:
        # keep the brands the shipped routes stop at, so the routes stay valid
        routes_text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "routes").glob("*.yml"))
        keep = {p: p.read_text(encoding="utf-8") for p in (dest / "data" / "brands").rglob("*.yml")
                if f"ref: {p.stem}\n" in routes_text}
        shutil.rmtree(dest / "data" / "brands")
        for path, text in keep.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for rel, text in brands.items():
            path = dest / "data" / "brands" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped")
    build_project(REPO, out)
    return out


def test_every_public_entity_has_its_page_at_its_id(shipped_site: Path) -> None:
    catalog = load_catalog(load_settings(REPO)).catalog
    assert catalog is not None
    count = 0
    for entry in catalog.all():
        page = shipped_site / entry.url / "index.html"
        assert page.is_file(), entry.url
        html = page.read_text(encoding="utf-8")
        assert f'data-id="{entry.id}"' in html
        count += 1
    assert count == 7 + 5 + 271 + len(catalog.routes)


def test_edit_links_point_at_the_yaml_file(shipped_site: Path) -> None:
    html = (shipped_site / "sites" / "beidahuang-jinianguan" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/data/sites/beidahuang-jinianguan\.yml"', html)
    brand = next((REPO / "data" / "brands").rglob("*.yml"))
    rel = brand.relative_to(REPO).as_posix()
    html = (shipped_site / "brands" / brand.stem / "index.html").read_text(encoding="utf-8")
    assert f"/edit/main/{rel}" in html.replace("%E5", "%e5") or f"/edit/main/{rel}" in _unquote(html)
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/docs/index.md" in home


def _unquote(html: str) -> str:
    from urllib.parse import unquote

    return unquote(html)


def test_sample_record_pages_say_so(shipped_site: Path) -> None:
    html = (shipped_site / "schools" / "dangbi-weidangxiao" / "index.html").read_text(encoding="utf-8")
    assert "示例数据" in html
    assert "位置为近似值" in html
    real = (shipped_site / "sites" / "beidahuang-jinianguan" / "index.html").read_text(encoding="utf-8")
    assert "部分内容为示例数据" in real
    assert "开放时间" in real.split("部分内容为示例数据", 1)[1][:400]


def test_site_and_school_pages_have_qr_code_and_poster(shipped_site: Path) -> None:
    for rel in ("sites/beidahuang-jinianguan", "schools/dangbi-weidangxiao"):
        html = (shipped_site / rel / "index.html").read_text(encoding="utf-8")
        assert 'class="dj-qr"' in html and "<svg" in html
        poster = (shipped_site / rel / "poster.html").read_text(encoding="utf-8")
        assert "<svg" in poster and 'lang="zh-CN"' in poster
        assert "assets/dangjian/stylesheets/poster.css" in poster
        assert (shipped_site / "assets/dangjian/stylesheets/poster.css").is_file()


def test_pages_carry_description_and_open_graph(shipped_site: Path) -> None:
    html = (shipped_site / "brands" / "nc-baiyuwan-01" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="【示例数据】' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:description"' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_no_web_font_cdn_or_analytics(shipped_site: Path) -> None:
    outside = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|googletagmanager"
                         r"|google-analytics|tile\.openstreetmap")
    for path in shipped_site.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".json", ".xml", ".map"):
            assert not outside.search(path.read_text(encoding="utf-8", errors="replace")), path
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' in html


def test_brand_page_html_is_small(shipped_site: Path) -> None:
    sizes = [p.stat().st_size for p in (shipped_site / "brands").glob("*/index.html")]
    assert len(sizes) == 271
    assert max(sizes) < 60 * 1024, max(sizes)


def _primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary')
    return html[start: html.index("</nav>", start)]


def test_sidebar_does_not_grow_with_the_number_of_brands(tmp_path: Path) -> None:
    def brands(n: int) -> dict[str, str]:
        return {f"农村/nc-test-{i:03d}.yml": BRAND.replace("nc-test-01", f"nc-test-{i:03d}")
                for i in range(n)}

    few = copy_project(tmp_path / "few", brands(3))
    many = copy_project(tmp_path / "many", brands(60))
    build_project(few, tmp_path / "few-site")
    build_project(many, tmp_path / "many-site")
    nav_few = _primary_nav((tmp_path / "few-site/brands/nc-test-001/index.html").read_text(encoding="utf-8"))
    nav_many = _primary_nav((tmp_path / "many-site/brands/nc-test-001/index.html").read_text(encoding="utf-8"))
    assert len(nav_few) == len(nav_many)
    assert "nc-test-002" not in nav_many


def test_build_from_another_folder_uses_that_copys_data(tmp_path: Path) -> None:
    copy = copy_project(tmp_path / "copy", {"农村/nc-only-here.yml": BRAND.replace("nc-test-01", "nc-only-here")})
    out = tmp_path / "out"
    build_project(copy, out)
    assert (out / "brands" / "nc-only-here" / "index.html").is_file()
    assert not (out / "brands" / "nc-baiyuwan-01").exists()


def test_a_data_error_fails_the_build_listing_every_diagnostic(tmp_path: Path) -> None:
    copy = copy_project(tmp_path / "bad", {
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


def test_poster_warns_when_the_site_address_is_a_preview(shipped_site: Path, tmp_path: Path) -> None:
    poster = (shipped_site / "sites" / "beidahuang-jinianguan" / "poster.html").read_text(encoding="utf-8")
    assert "预览版" in poster  # the shipped default site_url is the local preview
    out = tmp_path / "published"
    build_project(REPO, out, site_url="https://dangjian.example.org/")
    published = (out / "sites" / "beidahuang-jinianguan" / "poster.html").read_text(encoding="utf-8")
    assert "预览版" not in published
    assert "https://dangjian.example.org/sites/beidahuang-jinianguan/" in published
