"""Plugin `dangjian/planner`: the study-tour planner page and the data it loads."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dangjian.geo.matrix import TravelAssumptions
from dangjian.mkdocs.shared import content_site
from dangjian.planner import page as planner_page
from dangjian.planner.places import PlannerOptions, StartPoint, as_json, planner_data


class PlannerConfig(Config):
    enabled = c.Type(bool, default=True)
    # travel estimates where the data gives no road leg
    road_factor = c.Type(float, default=1.3)
    speed_kmh = c.Type(float, default=50.0)
    # stay at a place whose visit time is not given
    default_visit_minutes = c.Type(int, default=45)
    # the default start point (WGS-84): the city centre
    start_name = c.Type(str, default=StartPoint.name)
    start_lat = c.Type(float, default=StartPoint.lat)
    start_lon = c.Type(float, default=StartPoint.lon)


class PlannerPlugin(BasePlugin[PlannerConfig]):
    """Adds planner/ and assets/dangjian/planner/places.json to the build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._body = ""
        self._route_stops: dict[str, tuple[list[str], list[int]]] = {}

    def _options(self) -> PlannerOptions:
        cfg = self.config
        if not (cfg.road_factor >= 1 and cfg.speed_kmh > 0 and cfg.default_visit_minutes > 0):
            raise PluginError("dangjian/planner：road_factor 须不小于 1，speed_kmh 和 "
                              "default_visit_minutes 须大于 0，请修改 mkdocs.yml。")
        return PlannerOptions(TravelAssumptions(cfg.road_factor, cfg.speed_kmh), cfg.default_visit_minutes,
                              StartPoint(cfg.start_name, cfg.start_lat, cfg.start_lon))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        config.extra_css.append(planner_page.STYLE_PATH)
        return config

    # After dangjian/content (priority 50) has loaded the catalog.
    @event_priority(40)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        site = content_site(config, "dangjian/planner")
        if site is None:  # the data has errors: the preview shows them instead of pages
            return None
        options = self._options()
        files.append(File.generated(config, planner_page.PAGE_SRC, content=planner_page.front_matter()))
        data = planner_data(site.catalog, options)
        files.append(File.generated(config, planner_page.DATA_PATH, content=as_json(data)))
        ids = [p["id"] for p in data["places"]]
        self._route_stops = {r["id"]: ([ids[i] for i in r["stops"]], r["min"]) for r in data["routes"]}
        self._body = planner_page.body(options, site.catalog.settings.area)
        return files

    # After dangjian/content (default priority) has made the route pages' bodies.
    @event_priority(-10)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        if page.file.src_uri == planner_page.PAGE_SRC:
            return self._body
        if planner_page.ROUTE_MARKER in html:
            route = page.file.src_uri.removeprefix(planner_page.ROUTE_PAGE_PREFIX).removesuffix(".md")
            stops = self._route_stops.get(route)
            link = planner_page.route_link(page.url, *stops) if stops else ""
            return html.replace(planner_page.ROUTE_MARKER, link)
        return None

