"""The optional live base map of the interactive map, from the maps plugin's options.

No base map is the default: the interactive map then draws on a plain background and makes
no request to any other host. A site owner may switch one on in mkdocs.yml:

    - dangjian/maps:
        basemap: {provider: tianditu, key: "...", approval: "审图号：GS(…)…号"}
        # or
        basemap: {url: "https://…/{z}/{x}/{y}.png", attribution: "…", approval: "审图号：…"}

Either way its attribution and 审图号 (map approval number) are shown with the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

TIANDITU = ("https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
            "&TILECOL={x}&tk=%s")
TIANDITU_ATTRIBUTION = "天地图 · 国家地理信息公共服务平台"


class BasemapError(ValueError):
    """A base-map option an owner wrote wrongly; the message says how to fix it, in Chinese."""


@dataclass(frozen=True)
class Layer:
    url: str
    subdomains: str = ""


@dataclass(frozen=True)
class Basemap:
    layers: tuple[Layer, ...]
    attribution: str
    approval: str

    def hosts(self) -> list[str]:
        """The tile hosts, as Content-Security-Policy sources ({s} subdomains as a wildcard)."""
        found = []
        for layer in self.layers:
            netloc = urlsplit(layer.url).netloc  # "t{s}.tianditu.gov.cn", "{s}.tiles.example"
            host = "*." + netloc.split(".", 1)[1] if "{s}" in netloc else netloc
            if f"https://{host}" not in found:
                found.append(f"https://{host}")
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "layers": [{"url": layer.url, "subdomains": layer.subdomains} for layer in self.layers],
            "attribution": self.attribution,
            "approval": self.approval,
        }


def _text(options: dict[str, Any], key: str, what: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BasemapError(f"maps 插件的 basemap 缺少 {key}（{what}）")
    return value.strip()


def parse_basemap(options: dict[str, Any] | None) -> Basemap | None:
    """The configured base map, None when there is none; BasemapError when it is incomplete."""
    if not options:
        return None
    if not isinstance(options, dict):
        raise BasemapError("maps 插件的 basemap 应写成映射，如 {provider: tianditu, key: ..., approval: ...}")
    known = {"provider", "key", "url", "subdomains", "attribution", "approval"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise BasemapError(f"maps 插件的 basemap 有未知选项：{'、'.join(unknown)}"
                           f"（可用：{'、'.join(sorted(known))}）")
    approval = _text(options, "approval", "底图的审图号，如“审图号：GS(2024)1234号”，会显示在地图下方")
    provider = options.get("provider")
    if provider == "tianditu":
        key = _text(options, "key", "天地图的 tk 密钥，在天地图网站申请")
        if not key.isalnum():
            raise BasemapError("天地图的 key 只含字母和数字，请核对")
        return Basemap(
            (Layer(TIANDITU % ("vec", "vec", key), "01234567"),  # vector map
             Layer(TIANDITU % ("cva", "cva", key), "01234567")),  # its Chinese labels
            options.get("attribution") or TIANDITU_ATTRIBUTION,
            approval,
        )
    if provider not in (None, "custom"):
        raise BasemapError("maps 插件的 basemap.provider 只能是 tianditu 或不写（自定义 url），"
                           f"不能是“{provider}”")
    url = _text(options, "url", "瓦片地址模板，如 https://example.com/{z}/{x}/{y}.png")
    if urlsplit(url).scheme != "https" or not all(p in url for p in ("{z}", "{x}", "{y}")):
        raise BasemapError("basemap.url 须以 https:// 开头，并含 {z}、{x}、{y}")
    attribution = _text(options, "attribution", "底图的版权说明")
    return Basemap((Layer(url, str(options.get("subdomains") or "")),), attribution, approval)
