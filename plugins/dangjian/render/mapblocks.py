"""Everything the maps plugin adds to a build: map files, downloads, and the blocks in pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from dangjian.catalog import SECTIONS, Catalog, Entry
from dangjian.geo import exports, navlinks, schematic, sitemaps, svgmap
from dangjian.geo.basemap import Basemap
from dangjian.geo.legs import RoutePlan, resolve
from dangjian.geo.routeline import RouteLine, route_line
from dangjian.render.environment import render
from dangjian.render.markup import generated_svg
from dangjian.render.pages import depth_prefix

OVERVIEW_SVG = "assets/maps/overview.svg"
OVERVIEW_GEOJSON = "assets/maps/overview.geojson"
SCHEMATIC_GEOJSON = "assets/maps/schematic.geojson"  # what the live map draws without tiles
LEAFLET = "assets/dangjian/vendor/leaflet/"


@dataclass
class MapSite:
    """The maps of one build: computed once, then asked for per page."""

    catalog: Catalog
    site_url: str
    basemap: Basemap | None = None
    plans: dict[str, tuple[RoutePlan, RouteLine]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.site_url = self.site_url.rstrip("/") + "/" if self.site_url else ""
        routes_path = self.catalog.settings.routes_path
        for route in self.catalog.public("route"):
            plan = resolve(route.model, self.catalog)  # type: ignore[arg-type]
            self.plans[route.id] = (plan, route_line(route.model, plan, routes_path))  # type: ignore[arg-type]

    # files --------------------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        """Site path -> text of every map file and download."""
        out: dict[str, str] = {
            OVERVIEW_SVG: svgmap.render_svg(sitemaps.overview_spec(self.catalog), standalone=True),
            OVERVIEW_GEOJSON: sitemaps.overview_geojson(self.catalog),
        }
        if self.basemap is None:
            lines = [(r.id, r.name, self.plans[r.id][1]) for r in self.catalog.public("route")]
            out[SCHEMATIC_GEOJSON] = schematic.schematic_geojson(lines)
        for route in self.catalog.public("route"):
            data = self._export(route)
            folder = f"{SECTIONS['route']}/{route.id}/{route.id}"
            out[folder + ".geojson"] = exports.route_geojson(data)
            out[folder + ".gpx"] = exports.route_gpx(data)
            out[folder + ".kml"] = exports.route_kml(data)
            plan, line = self.plans[route.id]
            out[folder + ".svg"] = svgmap.render_svg(sitemaps.route_spec(route, plan, line), standalone=True)
        return out

    def _export(self, route: Entry[BaseModel]) -> exports.RouteExport:
        plan, line = self.plans[route.id]
        page = self.site_url + route.url if self.site_url else ""
        return exports.RouteExport(route.model, plan, line, page, self.site_url)  # type: ignore[arg-type]

    # page blocks --------------------------------------------------------------------------
    def entity_for(self, src_uri: str) -> Entry[BaseModel] | None:
        """The public entity a generated page (e.g. "routes/x.md") shows."""
        section, _, name = src_uri.rpartition("/")
        kind = next((k for k, s in SECTIONS.items() if s == section), None)
        entry = self.catalog.get(name.removesuffix(".md")) if kind else None
        return entry if entry is not None and entry.kind == kind and entry.public else None

    def _common(self, page_url: str) -> dict[str, object]:
        base = depth_prefix(page_url)
        return {"base": base, "leaflet": LEAFLET,
                "basemap": self.basemap.as_json() if self.basemap else None,
                "schematic": SCHEMATIC_GEOJSON if self.basemap is None else ""}

    def entity_block(self, entry: Entry[BaseModel], page_url: str) -> str:
        """The map block of a route or a place page ("" for a place without a position)."""
        if entry.kind == "route":
            return self.route_block(entry, page_url)
        if entry.location is None:
            return ""
        return self.place_block(entry, page_url)

    def route_block(self, route: Entry[BaseModel], page_url: str) -> str:
        plan, line = self.plans[route.id]
        ctx = self._common(page_url)
        folder = f"{ctx['base']}{SECTIONS['route']}/{route.id}/{route.id}"
        spec = sitemaps.route_spec(route, plan, line)
        drawn = svgmap.render_map(spec)
        return render(
            "map_route.html", **ctx, route=route, map_id=spec.map_id,
            svg=generated_svg(drawn.svg), key=drawn.key,
            from_track=line.from_track,
            approximate=any(s.entry.location and s.entry.location.approximate for s in plan.stops),
            files={ext: f"{folder}.{ext}" for ext in ("geojson", "gpx", "kml", "svg")},
        )

    def place_block(self, entry: Entry[BaseModel], page_url: str) -> str:
        loc = entry.location
        assert loc is not None
        ctx = self._common(page_url)
        spec = sitemaps.locator_spec(entry, self.catalog)
        drawn = svgmap.render_map(spec)
        parts = (getattr(entry.model, "town", ""), getattr(entry.model, "address", ""))
        content = " ".join(x for x in parts if x)
        return render(
            "map_place.html", **ctx, entry=entry, map_id=spec.map_id,
            svg=generated_svg(drawn.svg), key=drawn.key,
            approximate=loc.approximate, overview_geojson=f"{ctx['base']}{OVERVIEW_GEOJSON}",
            links=navlinks.nav_links(loc.lon, loc.lat, entry.name, content),
            coords=navlinks.app_coordinates(loc.lon, loc.lat),
        )

    def overview_block(self, page_url: str) -> str:
        ctx = self._common(page_url)
        drawn = svgmap.render_map(sitemaps.overview_spec(self.catalog))
        return render("map_overview.html", **ctx, map_id="map-overview", svg=generated_svg(drawn.svg),
                      key=drawn.key, coverage=sitemaps.coverage_note(self.catalog),
                      overview_geojson=f"{ctx['base']}{OVERVIEW_GEOJSON}")
