"""The maps plugin in a real build: map files, page blocks, and the opt-in base map."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dangjian.geo.basemap import BasemapError, parse_basemap
from tests.helpers import REPO, write_project
from tests.sitebuild import build

MKDOCS = """\
site_name: test
site_url: https://dj.example.cn/
plugins:
  - dangjian/content
  - dangjian/maps{maps}
"""


def _project(tmp_path: Path, maps: str = "") -> Path:
    root = write_project(tmp_path / "p", {"docs/index.md": "# 首页\n\n<!-- dangjian:overview-map -->\n"})
    (root / "mkdocs.yml").write_text(MKDOCS.format(maps=maps), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("maps")
    out = tmp / "site"
    done = build(_project(tmp), out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_route_page_has_its_map_downloads_and_stop_list(built: Path) -> None:
    html = (built / "routes/test-route/index.html").read_text(encoding="utf-8")
    assert 'class="dj-map-svg"' in html and "示意图（不绘制国界线）" in html
    for ext in ("gpx", "kml", "geojson", "svg"):
        assert f'href="../../routes/test-route/test-route.{ext}"' in html
        assert (built / f"routes/test-route/test-route.{ext}").is_file()
    assert 'id="stops"' in html  # the accessible list stays beside the map
    assert "data-basemap" not in html


def test_place_pages_have_a_locator_and_navigation_links(built: Path) -> None:
    html = (built / "sites/test-site/index.html").read_text(encoding="utf-8")
    assert "导航到这里" in html
    for host in ("uri.amap.com", "api.map.baidu.com", "apis.map.qq.com"):
        assert host in html
    assert 'data-mode="place"' in html


def test_home_page_has_the_overview_map(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "<!-- dangjian:overview-map -->" not in html
    assert "密山党建地点分布示意图" in html
    assert json.loads((built / "assets/maps/overview.geojson").read_text(encoding="utf-8"))["features"]


def test_leaflet_is_shipped_with_its_licence(built: Path) -> None:
    folder = built / "assets/dangjian/vendor/leaflet"
    assert (folder / "leaflet.js").is_file() and (folder / "leaflet.css").is_file()
    assert "BSD" in (folder / "LICENSE").read_text(encoding="utf-8") or "Redistribution" in (
        folder / "LICENSE").read_text(encoding="utf-8")
    assert "sourceMappingURL" not in (folder / "leaflet.js").read_text(encoding="utf-8")


def test_a_configured_tianditu_base_map_reaches_the_page_with_its_approval(tmp_path: Path) -> None:
    root = _project(tmp_path, ":\n      basemap: {provider: tianditu, key: abc123, approval: 审图号：GS(2099)0000号}"
                              "\n  - dangjian/guard")
    # the published theme: the guard refuses the plain mkdocs theme's CDN scripts, and the
    # policy is written by the project's theme override
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + "theme:\n  name: material\n  font: false\n  custom_dir: overrides\n",
                                     encoding="utf-8")
    shutil.copytree(REPO / "docs" / "overrides", root / "overrides")  # main.html and its partials
    done = build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    html = (tmp_path / "site/routes/test-route/index.html").read_text(encoding="utf-8")
    assert "data-basemap" in html and "tianditu.gov.cn/vec_w" in html and "cva_w" in html
    assert "GS(2099)0000号" in html
    # the page's Content-Security-Policy lets the tiles in, and only them
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    assert "img-src 'self' data: https://*.tianditu.gov.cn;" in policy[1].replace("&#39;", "'")


def test_an_incomplete_base_map_fails_the_build_with_a_chinese_message(tmp_path: Path) -> None:
    root = _project(tmp_path, ":\n      basemap: {provider: tianditu, key: abc123}")
    done = build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "approval" in done.stderr and "审图号" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("options", "needle"), [
    ({"url": "http://x.example/{z}/{x}/{y}.png", "attribution": "a", "approval": "b"}, "https://"),
    ({"url": "https://x.example/tiles.png", "attribution": "a", "approval": "b"}, "{z}"),
    ({"url": "https://x.example/{z}/{x}/{y}.png", "approval": "b"}, "attribution"),
    ({"provider": "osm", "approval": "b"}, "tianditu"),
    ({"provider": "tianditu", "key": "k", "approval": "b", "colour": "red"}, "colour"),
])
def test_base_map_options_are_checked(options: dict[str, str], needle: str) -> None:
    with pytest.raises(BasemapError, match=needle.replace("{", r"\{").replace("}", r"\}")):
        parse_basemap(options)


def test_tile_hosts_become_policy_sources() -> None:
    tianditu = parse_basemap({"provider": "tianditu", "key": "abc", "approval": "审图号"})
    assert tianditu is not None and tianditu.hosts() == ["https://*.tianditu.gov.cn"]
    custom = parse_basemap({"url": "https://{s}.tiles.example.cn/{z}/{x}/{y}.png", "attribution": "a",
                            "approval": "b"})
    assert custom is not None and custom.hosts() == ["https://*.tiles.example.cn"]


def test_no_base_map_is_the_default() -> None:
    assert parse_basemap(None) is None and parse_basemap({}) is None
    custom = parse_basemap({"url": "https://t.example/{z}/{x}/{y}.png", "attribution": "某底图", "approval": "审图号"})
    assert custom is not None and custom.layers[0].url.startswith("https://t.example/")
