"""WGS-84 to the shifted coordinate systems that Chinese map apps use.

GCJ-02 (国测局坐标, used by Amap/高德 and Tencent/腾讯) is WGS-84 with a deliberate,
position-dependent offset (about 600 m at Mishan); BD-09 (Baidu/百度) adds a further
rotation and shift on top of GCJ-02. The formulae are the widely published ones (as in
eviltransform and coordtransform). The site stores WGS-84 everywhere and converts only at
the edge, when a link or a layer for one of those apps needs it.
"""

from __future__ import annotations

import math

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0


def out_of_china(lon: float, lat: float) -> bool:
    """True outside the rough box where GCJ-02 applies (there it equals WGS-84)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in WGS-84 to (lon, lat) in GCJ-02."""
    if out_of_china(lon, lat):
        return lon, lat
    dlat = _shift_lat(lon - 105.0, lat - 35.0)
    dlon = _shift_lon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in GCJ-02 back to WGS-84, iterated to well under a metre."""
    if out_of_china(lon, lat):
        return lon, lat
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        dlon, dlat = glon - lon, glat - lat
        wlon, wlat = wlon - dlon, wlat - dlat
        if abs(dlon) < 1e-10 and abs(dlat) < 1e-10:
            break
    return wlon, wlat


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in GCJ-02 to (lon, lat) in BD-09."""
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in BD-09 to (lon, lat) in GCJ-02."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def wgs84_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in WGS-84 to (lon, lat) in BD-09 (via GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))
