"""“导航到这里” links: each app's coordinate order and coordinate-type flag."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from dangjian.geo.navlinks import app_coordinates, nav_links

LON, LAT = 131.83, 45.54


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _links() -> dict[str, str]:
    return {link.app: link.url for link in nav_links(LON, LAT, "东北老航校纪念馆", "密山镇")}


def test_amap_takes_lon_then_lat_flagged_wgs84() -> None:
    url = _links()["高德地图"]
    assert urlsplit(url).netloc == "uri.amap.com" and urlsplit(url).path == "/marker"
    q = _query(url)
    assert q["position"] == "131.830000,45.540000"
    assert q["coordinate"] == "wgs84"
    assert q["name"] == "东北老航校纪念馆"


def test_baidu_takes_lat_then_lon_flagged_wgs84() -> None:
    url = _links()["百度地图"]
    assert urlsplit(url).netloc == "api.map.baidu.com"
    q = _query(url)
    assert q["location"] == "45.540000,131.830000"
    assert q["coord_type"] == "wgs84"
    assert q["title"] == "东北老航校纪念馆" and q["output"] == "html"


def test_tencent_takes_lat_then_lon_with_gps_coord_type() -> None:
    url = _links()["腾讯地图"]
    assert urlsplit(url).netloc == "apis.map.qq.com"
    q = _query(url)
    assert q["marker"] == "coord:45.540000,131.830000;title:东北老航校纪念馆"
    assert q["coord_type"] == "1"  # 1 = GPS (WGS-84); 2 would be GCJ-02


def test_a_name_cannot_break_out_of_its_parameter() -> None:
    links = {link.app: link.url for link in nav_links(LON, LAT, "A&B=C;title:x")}
    assert _query(links["高德地图"])["name"] == "A&B=C;title:x"
    assert _query(links["腾讯地图"])["marker"].endswith(";title:A&B=C；title:x")


def test_app_coordinates_shift_gcj02_and_bd09_but_not_wgs84() -> None:
    coords = app_coordinates(LON, LAT)
    assert coords.wgs84 == (LAT, LON)
    assert coords.gcj02 != coords.wgs84 and coords.bd09 != coords.gcj02
    assert abs(coords.gcj02[0] - LAT) < 0.01 and abs(coords.gcj02[1] - LON) < 0.01
