"""Plugin `dangjian/maps`: route maps, the overview map, place locators and route downloads.

Thin glue: the maps are built by dangjian.render.mapblocks from the catalog that the
content plugin loaded; each handler hands over to it.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dangjian.geo.basemap import Basemap, BasemapError, parse_basemap
from dangjian.mkdocs.generated import ASSET_PREFIX
from dangjian.mkdocs.shared import content_site
from dangjian.render.mapblocks import MapSite

MAP_MARKER = "<!-- dangjian:map -->"
OVERVIEW_MARKER = "<!-- dangjian:overview-map -->"


class MapsConfig(Config):
    enabled = c.Type(bool, default=True)
    # the live base map of the interactive map; none by default (no outside request)
    basemap = c.Optional(c.Type(dict))


class MapsPlugin(BasePlugin[MapsConfig]):
    """Adds the map files to the build and the map blocks to route, place and home pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.maps: MapSite | None = None
        self.basemap: Basemap | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.basemap = parse_basemap(self.config.basemap)
        except BasemapError as err:
            raise PluginError(f"mkdocs.yml 配置有误：{err}") from None
        if self.basemap is not None:
            allow_tiles(config, self.basemap.hosts())
        config.extra_css.append(ASSET_PREFIX + "stylesheets/map.css")
        config.extra_javascript.append(ASSET_PREFIX + "javascripts/map.js")
        return config

    # After the content plugin's on_files (priority 50), which loads the catalog.
    @event_priority(40)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        site = content_site(config, "dangjian/maps")
        self.maps = None
        if site is None:  # the data has errors: the preview shows them instead of pages
            return None
        self.maps = MapSite(site.catalog, config.site_url or "", self.basemap)
        for path, text in self.maps.files().items():
            files.append(File.generated(config, path, content=text))
        return files

    # After the content plugin has replaced a generated page's body (default priority 0).
    @event_priority(-10)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.maps is None:
            return None
        if MAP_MARKER in html:
            entry = self.maps.entity_for(page.file.src_uri)
            html = html.replace(MAP_MARKER, self.maps.entity_block(entry, page.url) if entry else "")
        if OVERVIEW_MARKER in html:
            html = html.replace(OVERVIEW_MARKER, self.maps.overview_block(page.url))
        return html


def allow_tiles(config: MkDocsConfig, hosts: list[str]) -> None:
    """Let the pages' Content-Security-Policy (dangjian/guard) load the configured tiles."""
    guard = config.plugins.get("dangjian/guard")
    if guard is None:
        return
    sources = guard.config.csp_sources  # type: ignore[attr-defined]
    images = list(sources.get("img-src") or [])
    sources["img-src"] = images + [h for h in hosts if h not in images]
