"""Pictures on real builds of the small project: made from data/images/ without their metadata,
shown as a strip with a larger view, made once, and refused by the final verification when a
photo with its GPS position reaches site/ some other way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from dangjian.guard.imagemeta import PICTURE_SUFFIXES, metadata_blocks
from tests import pictures
from tests.guardproject import SECRET_SITE, guard_project
from tests.helpers import BRAND, ROUTE, SITE
from tests.sitebuild import build

HOSTILE_ALT = '"><img src=x onerror=alert(1)>纪念馆正门'
SITE_IMAGES = f"""\
images:
  - src: "test-site/正门.jpg"
    alt: '{HOSTILE_ALT}'
    caption: "纪念馆正门<b>（测试图）</b>"
    credit: 测试生成
  - src: illustration.png
    alt: 示意图：展厅的平面布局
    illustration: true
"""
# a public brand shows the site's photo too; an internal site's picture is never made
FILES = {
    "data/sites/test-site.yml": SITE + SITE_IMAGES,
    "data/brands/农村/nc-test-01.yml": BRAND + 'images:\n  - src: "test-site/正门.jpg"\n    alt: 村部门前\n',
    "routes/test-route.yml": ROUTE + "images:\n  - src: route.jpg\n    alt: 线路沿途的湖岸\n",
    "data/sites/secret-site.yml": SECRET_SITE + "images:\n  - src: secret.jpg\n    alt: 内部图片\n",
    "data/images/test-site/正门.jpg": pictures.phone_jpeg(2400, 1800, orientation=6),
    "data/images/illustration.png": pictures.plain(700, 500, "PNG"),
    "data/images/route.jpg": pictures.plain(300, 200),
    "data/images/secret.jpg": pictures.phone_jpeg(500, 400, orientation=1),
    "data/images/README.md": "# 图片\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("images")
    project = guard_project(root / "project", FILES)  # type: ignore[arg-type]
    done = build(project, root / "site")
    assert done.returncode == 0, done.stderr[-4000:]
    return project, root / "site"


def _page(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def test_every_published_picture_is_made_and_carries_no_metadata(built: tuple[Path, Path]) -> None:
    _, site = built
    made = sorted(p.name for p in (site / "assets" / "images").iterdir() if p.name != "favicon.png")
    # the photo at 480, 960 and 1600; the illustration at 480 and 700; the route's at 300; each twice
    assert len(made) == 2 * (3 + 2 + 1), made
    for path in site.rglob("*"):
        if path.suffix.lower() in PICTURE_SUFFIXES:
            assert metadata_blocks(path.read_bytes(), path.suffix.lower()) == [], path
    for raw in (b"TestPhone", b"xmpmeta", b"Photoshop 3.0"):
        assert not any(raw in p.read_bytes() for p in (site / "assets" / "images").iterdir())


def test_the_strip_has_sizes_widths_and_lazy_loading(built: tuple[Path, Path]) -> None:
    _, site = built
    page = _page(site, "sites/test-site")
    thumbs = page.css(".dj-photos__strip img")
    assert len(thumbs) == 2
    photo = thumbs[0].attributes
    assert photo["alt"] == HOSTILE_ALT  # as text: the parser sees one img, its alt the whole string
    assert (photo["width"], photo["height"]) == ("1600", "2133")  # upright: orientation 6 applied
    assert photo["loading"] == "lazy" and photo["decoding"] == "async"
    assert [c.split()[-1] for c in photo["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert photo["src"].startswith("../../assets/images/") and photo["src"].endswith("-480.jpg")
    assert photo["sizes"] == "180px"  # 10rem high (24 px at most), 3:4 once upright
    webp = page.css(".dj-photos__strip source")[0].attributes
    assert webp["type"] == "image/webp" and [c.split()[-1] for c in webp["srcset"].split(", ")] == [
        "480w", "960w", "1600w"]
    assert webp["srcset"].split(",")[0].split()[0].endswith("-480.webp")
    assert not page.css("[onerror]") and len(page.css("img[src=x]")) == 0
    illustration = thumbs[1].attributes
    assert [c.split()[-1] for c in illustration["srcset"].split(", ")] == ["480w", "700w"]
    assert "示意图" in page.css(".dj-photos__item")[1].text()
    caption = page.css(".dj-photos__caption")[0]
    assert caption.text() == "纪念馆正门<b>（测试图）</b>" and not caption.css("b")


def test_each_thumbnail_opens_its_larger_view(built: tuple[Path, Path]) -> None:
    _, site = built
    page = _page(site, "sites/test-site")
    links = [a.attributes["href"] for a in page.css("a.dj-photos__open")]
    assert links == ["#photo-1", "#photo-2"]
    for number in (1, 2):
        view = page.css_first(f"#photo-{number}")
        assert view is not None and "dj-lightbox" in (view.attributes.get("class") or "")
        big = view.css_first("img").attributes
        assert big["sizes"] == "100vw" and big["loading"] == "lazy"
        assert view.css_first("a.dj-lightbox__close").attributes["href"] == "#photos"
    assert "（测试生成）" in page.css_first("#photo-1 figcaption").text()
    assert page.css_first("#photo-2 a[href='#photo-1']") is not None


def test_brands_and_routes_show_their_pictures_and_share_the_files(built: tuple[Path, Path]) -> None:
    _, site = built
    site_photo = _page(site, "sites/test-site").css_first(".dj-photos__strip img").attributes["src"]
    brand = _page(site, "brands/nc-test-01").css_first(".dj-photos__strip img").attributes
    assert brand["src"] == site_photo and brand["alt"] == "村部门前"
    route = _page(site, "routes/test-route").css_first(".dj-photos__strip img").attributes
    assert route["srcset"].endswith(" 300w") and "," not in route["srcset"]  # never made wider
    assert _page(site, "sites/test-site").css_first("#photos") is not None


def test_a_rebuild_takes_every_picture_from_the_cache(built: tuple[Path, Path], tmp_path: Path) -> None:
    project, site = built
    cache = project / ".cache" / "dangjian" / "images"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len([n for n in before if n.endswith(".json")]) == 3  # the internal site's picture was not made
    done = build(project, tmp_path / "again")
    assert done.returncode == 0, done.stderr[-3000:]
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before
    for path in (site / "assets" / "images").iterdir():
        assert (tmp_path / "again" / "assets" / "images" / path.name).read_bytes() == path.read_bytes()


def _copy(project: Path, to: Path) -> Path:
    shutil.copytree(project, to, ignore=shutil.ignore_patterns(".cache"))
    return to


def test_a_photo_with_its_gps_position_dropped_into_docs_is_found_before_the_build(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    copy = _copy(built[0], tmp_path / "project")
    (copy / "docs" / "photos").mkdir()
    (copy / "docs" / "photos" / "border-village.jpg").write_bytes(pictures.phone_jpeg(300, 200))
    (copy / "docs" / "photos" / "clean.jpg").write_bytes(pictures.plain(300, 200))
    done = build(copy, tmp_path / "site")
    assert done.returncode != 0
    assert ("docs/photos/border-village.jpg:1:1: DJ224 图片“border-village.jpg”带有"
            "GPS 位置、EXIF 拍摄信息、XMP、IPTC，不得发布") in done.stderr
    assert "clean.jpg" not in done.stderr
    assert not (tmp_path / "site" / "photos" / "border-village.jpg").exists()


def test_the_final_verification_refuses_a_published_photo_with_its_gps_position(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    # the theme's folder is copied to site/ as it is, and is no source the loader reads
    copy = _copy(built[0], tmp_path / "project")
    (copy / "overrides" / "border-village.jpg").write_bytes(pictures.phone_jpeg(300, 200))
    (copy / "overrides" / "clean.webp").write_bytes(pictures.plain(300, 200, "WEBP"))
    done = build(copy, tmp_path / "site")
    assert done.returncode != 0
    assert "site/border-village.jpg: DJ224 发现带有拍摄信息的图片“GPS 位置、EXIF 拍摄信息、XMP、IPTC”" in done.stderr
    assert "clean.webp" not in done.stderr
    assert not (tmp_path / "site" / "border-village.jpg").exists()
    assert (tmp_path / "site" / "clean.webp").exists()
