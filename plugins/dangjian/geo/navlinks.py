"""“导航到这里” deep links for the map apps used in mainland China.

Each app has its own parameter order and its own way of saying which coordinate system a
position is in. We pass the stored WGS-84 position with each app's WGS-84 flag, so the
app applies its own (exact) shift: Amap takes lon,lat; Baidu and Tencent take lat,lon.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from dangjian.geo.gcj02 import wgs84_to_bd09, wgs84_to_gcj02

SOURCE = "dangjian"
"""Who calls the apps' URI APIs (Baidu's `src`, Tencent's `referer`)."""


@dataclass(frozen=True)
class NavLink:
    app: str  # the app's name as a visitor knows it
    url: str


def _coord(value: float) -> str:
    return f"{value:.6f}"


def amap(lon: float, lat: float, name: str) -> str:
    """高德地图 marker: position=LON,LAT with coordinate=wgs84."""
    query = urlencode({"position": f"{_coord(lon)},{_coord(lat)}", "name": name,
                       "coordinate": "wgs84", "callnative": "1", "src": SOURCE}, quote_via=quote)
    return "https://uri.amap.com/marker?" + query


def baidu(lon: float, lat: float, name: str, content: str = "") -> str:
    """百度地图 marker: location=LAT,LON with coord_type=wgs84."""
    query = urlencode({"location": f"{_coord(lat)},{_coord(lon)}", "coord_type": "wgs84",
                       "title": name, "content": content or name, "output": "html",
                       "src": f"webapp.{SOURCE}.mishan"}, quote_via=quote)
    return "https://api.map.baidu.com/marker?" + query


def tencent(lon: float, lat: float, name: str) -> str:
    """腾讯地图 marker: marker=coord:LAT,LON;title:NAME with coord_type=1 (GPS, WGS-84)."""
    marker = f"coord:{_coord(lat)},{_coord(lon)};title:{name.replace(';', '；')}"
    query = urlencode({"marker": marker, "coord_type": "1", "referer": SOURCE}, quote_via=quote)
    return "https://apis.map.qq.com/uri/v1/marker?" + query


def nav_links(lon: float, lat: float, name: str, content: str = "") -> list[NavLink]:
    """The three apps' links for one WGS-84 position."""
    return [
        NavLink("高德地图", amap(lon, lat, name)),
        NavLink("百度地图", baidu(lon, lat, name, content)),
        NavLink("腾讯地图", tencent(lon, lat, name)),
    ]


@dataclass(frozen=True)
class AppCoordinates:
    """One position in each system, for visitors who type coordinates into an app."""

    wgs84: tuple[float, float]
    gcj02: tuple[float, float]
    bd09: tuple[float, float]


def app_coordinates(lon: float, lat: float) -> AppCoordinates:
    """(lat, lon) pairs in WGS-84, GCJ-02 (高德/腾讯) and BD-09 (百度)."""
    glon, glat = wgs84_to_gcj02(lon, lat)
    blon, blat = wgs84_to_bd09(lon, lat)
    return AppCoordinates((lat, lon), (glat, glon), (blat, blon))
