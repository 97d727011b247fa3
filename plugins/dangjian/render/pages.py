"""Page bodies for every generated page: entities, section directories, the home sections."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dangjian.catalog import KIND_LABELS, SECTIONS, Catalog, Entry
from dangjian.directory.data import DirectoryData, directory_data
from dangjian.directory.listing import BrandDirectory
from dangjian.geo.legs import RoutePlan, resolve
from dangjian.gitdates import LastChange, last_changes
from dangjian.model import PROGRAMMES
from dangjian.render.directory import directory_page
from dangjian.render.environment import render
from dangjian.render.images import Photo
from dangjian.render.markup import generated_svg
from dangjian.render.order import place_order
from dangjian.render.qr import qr_svg
from dangjian.render.text import meta_text
from dangjian.siteaddress import is_preview_address

SECTION_TITLES: dict[str, str] = {
    "site": "红色教育基地",
    "school": "边境微党校",
    "brand": "党建品牌",
    "route": "研学线路",
}
FIELD_LABELS: dict[str, str] = {
    "sample_fields": "",
    "opening_hours": "开放时间",
    "reservation": "预约",
    "courses": "课程",
    "visit_minutes": "建议参观时长",
    "max_group": "接待人数",
    "bus_parking": "大客车停车",
    "parking_note": "停车说明",
    "lunch": "就餐",
    "accessibility": "无障碍",
    "address": "地址",
    "location": "位置",
    "history": "历史沿革",
    "summary": "简介",
    "stops": "站点",
    "legs": "路段",
    "host": "所在村（社区）",
    "host_org": "承办党组织",
    "themes": "讲授主题",
    "practices": "主要做法",
    "results": "工作成效",
    "slogan": "品牌口号",
    "org": "党组织",
    "town": "乡镇（街道）",
    "level": "级别",
    "images": "图片",
    "name": "名称",
    "short_name": "简称",
    "kind": "类型",
    "tags": "标签",
}


NEIGHBOURS = 8
"""Other brands of its town that a brand's page links to."""


def depth_prefix(url: str) -> str:
    """The relative prefix from a page at url (e.g. "brands/x/") back to the site root."""
    return "../" * url.count("/")


@dataclass
class SiteIndex:
    """Lookups that several pages need, computed once per build (never per page)."""

    catalog: Catalog
    site_url: str
    routes_by_stop: dict[str, list[Entry[BaseModel]]] = field(default_factory=dict)
    brands_by_town: dict[str, list[Entry[BaseModel]]] = field(default_factory=dict)
    town_position: dict[str, int] = field(default_factory=dict)  # a brand's place in its town's list
    plans: dict[str, RoutePlan] = field(default_factory=dict)
    updated: dict[str, LastChange] = field(default_factory=dict)
    photos: dict[str, tuple[Photo, ...]] = field(default_factory=dict)  # by entity id
    directory: BrandDirectory | None = None
    directory_data: DirectoryData | None = None

    @classmethod
    def build(cls, catalog: Catalog, site_url: str) -> SiteIndex:
        index = cls(catalog, site_url.rstrip("/") + "/" if site_url else "")
        by_stop: dict[str, list[Entry[BaseModel]]] = defaultdict(list)
        for route in catalog.public("route"):
            index.plans[route.id] = resolve(route.model, catalog)  # type: ignore[arg-type]
            for stop in route.model.stops:  # type: ignore[attr-defined]
                if route not in by_stop[stop.ref]:
                    by_stop[stop.ref].append(route)
        index.routes_by_stop = dict(by_stop)
        by_town: dict[str, list[Entry[BaseModel]]] = defaultdict(list)
        for brand in catalog.public("brand"):
            town = by_town[brand.model.town]  # type: ignore[attr-defined]
            index.town_position[brand.id] = len(town)
            town.append(brand)
        index.brands_by_town = dict(by_town)
        index.directory = BrandDirectory.build(catalog.public("brand"))
        index.directory_data = directory_data(index.directory)
        settings = catalog.settings
        index.updated = last_changes(settings.root, [settings.data_dir, settings.routes_dir])
        return index

    def absolute(self, entry: Entry[BaseModel]) -> str:
        return self.site_url + entry.url

    @property
    def is_preview(self) -> bool:
        """True when site_url is unset or a loopback address: QR codes would not work in print."""
        return is_preview_address(self.site_url)


def sample_labels(model: BaseModel) -> list[str]:
    return [FIELD_LABELS.get(f, f) for f in getattr(model, "sample_fields", [])]


def entity_meta(entry: Entry[BaseModel]) -> dict[str, str]:
    """Front matter of an entity page: title and description, escaped for Material."""
    m = entry.model
    summary = getattr(m, "summary", "")
    prefix = "【示例数据】" if getattr(m, "sample", False) else ""
    return {
        "title": meta_text(entry.name, 80),
        "description": meta_text(prefix + summary),
    }


def entity_page(entry: Entry[BaseModel], index: SiteIndex) -> str:
    """The HTML body of one entity's page."""
    base = depth_prefix(entry.url)
    context: dict[str, Any] = {
        "entry": entry,
        "m": entry.model,
        "base": base,
        "kind_label": KIND_LABELS[entry.kind],
        "section_title": SECTION_TITLES[entry.kind],
        "section_url": base + SECTIONS[entry.kind] + "/",
        "sample_labels": sample_labels(entry.model),
        "routes": index.routes_by_stop.get(entry.id, []),
        "sections": SECTIONS,
        "photos": index.photos.get(entry.id, ()),
    }
    if entry.kind in ("site", "school"):
        context["qr"] = generated_svg(qr_svg(index.absolute(entry), title=f"{entry.name}的页面二维码"))
        context["page_address"] = index.absolute(entry)
        context["preview"] = index.is_preview
    if entry.kind == "brand":
        town = index.brands_by_town.get(entry.model.town, [])  # type: ignore[attr-defined]
        context["neighbours"] = [b for b in neighbour_window(entry, index) if b is not entry][:NEIGHBOURS]
        context["neighbour_total"] = len(town) - 1 if entry.public else len(town)  # itself
        context["programme"] = PROGRAMMES[entry.model.field]  # type: ignore[attr-defined]
    if entry.kind == "route":
        context["plan"] = index.plans[entry.id]
    updated = render("last_updated.html", updated=index.updated.get(entry.rel))
    return render(f"{entry.kind}.html", **context) + updated


def entity_inputs(entry: Entry[BaseModel], index: SiteIndex) -> tuple[list[Entry[BaseModel]], list[object]]:
    """What an entity's page shows: the entity, the other entities it names, and plain values.

    The preview's page cache (mkdocs/previewcache.py) writes the page from its last build while
    all of these are unchanged, so this names everything entity_page, the news block and the
    map block read for a brand: keep it in step with them. A site's, school's or route's page
    reads more of the catalog (a route's plan and track, the planner's data), and there are
    few of them: their input is every public entity, and a route's track file.
    """
    if entry.kind != "brand":
        everything = [e for kind in SECTIONS for e in index.catalog.public(kind)]
        track = getattr(entry.model, "track", None)
        stamp = _stamp(index.catalog.settings.routes_path / track) if track else None
        return everything, [index.photos.get(entry.id, ()), index.updated.get(entry.rel), stamp]
    town = index.brands_by_town.get(entry.model.town, [])  # type: ignore[attr-defined]
    others: list[Entry[BaseModel]] = [entry, *neighbour_window(entry, index),
                                      *index.routes_by_stop.get(entry.id, [])]
    if entry.location is not None:
        # the locator map draws the sites and schools around the brand (sitemaps.locator_spec)
        others += [e for kind in ("site", "school") for e in index.catalog.public(kind)]
    values: list[object] = [len(town), index.photos.get(entry.id, ()), index.updated.get(entry.rel)]
    return others, values


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def brand_list_inputs(index: SiteIndex, number: int) -> tuple[list[Entry[BaseModel]], list[object]]:
    """What page number of the brand list shows: its brands, the total and the page count."""
    assert index.directory is not None
    page = index.directory.page(number)
    return list(page.entries), [index.directory.total, index.directory.page_count, page.first]


def neighbour_window(entry: Entry[BaseModel], index: SiteIndex) -> list[Entry[BaseModel]]:
    """The nine brands of the town around entry in the town's list (entry among them).

    Each brand links the brands beside it, not the town's first nine: every brand is then
    linked from its neighbours' pages, and an edit to one brand changes the pages of the few
    beside it rather than every page of its town (what the preview has to make again). Only
    these nine are looked at: a scan of the whole town for every brand would grow with the
    square of the number of brands.
    """
    town = index.brands_by_town.get(entry.model.town, [])  # type: ignore[attr-defined]
    at = index.town_position.get(entry.id, 0)
    start = max(0, min(at - NEIGHBOURS // 2, len(town) - NEIGHBOURS - 1))
    return town[start:start + NEIGHBOURS + 1]


def poster_page(entry: Entry[BaseModel], index: SiteIndex, site_name: str) -> str:
    """A standalone A4 poster: name, a short text and the QR code of the page."""
    base = depth_prefix(entry.url)
    return render(
        "poster.html",
        entry=entry,
        m=entry.model,
        base=base,
        site_name=site_name,
        qr=generated_svg(qr_svg(index.absolute(entry), title=f"{entry.name}的页面二维码")),
        page_address=index.absolute(entry),
        kind_label=KIND_LABELS[entry.kind],
        preview=index.is_preview,
    )


def section_page(kind: str, index: SiteIndex) -> str:
    """The directory page of one kind (of brands: the first page of the list, with the filter)."""
    if kind == "brand":
        return brand_list_page(index, 1)
    catalog = index.catalog
    entries = sorted(catalog.public(kind), key=place_order)
    base = depth_prefix(SECTIONS[kind] + "/")
    context: dict[str, Any] = {
        "entries": entries,
        "base": base,
        "sections": SECTIONS,
        "title": SECTION_TITLES[kind],
        "routes_by_stop": index.routes_by_stop,
    }
    if kind == "route":
        context["plans"] = index.plans
    return render(f"section_{kind}.html", **context)


def brand_list_page(index: SiteIndex, number: int) -> str:
    """Page number of the brand directory: brands/ (1) or brands/page/<number>/."""
    assert index.directory is not None and index.directory_data is not None
    return directory_page(index.directory, number, version=index.directory_data.version)


def home_sections(index: SiteIndex, base: str = "") -> str:
    """Entry cards to each section with live counts, for the hand-written home page."""
    catalog = index.catalog
    return render(
        "home_sections.html",
        base=base,
        counts={kind: len(catalog.public(kind)) for kind in SECTIONS},
        sections=SECTIONS,
        titles=SECTION_TITLES,
        sites=catalog.public("site"),
        routes=catalog.public("route"),
        places=catalog.public_places(),
    )
