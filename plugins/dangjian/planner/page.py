"""The planner page (研学规划): its front matter and body, rendered from the planner options."""

from __future__ import annotations

from urllib.parse import quote

from dangjian.catalog import SECTIONS
from dangjian.mkdocs.generated import ASSET_PREFIX
from dangjian.planner.places import PlannerOptions
from dangjian.render.environment import render
from dangjian.render.pages import depth_prefix
from dangjian.settings import Area

PAGE_SRC = "planner/index.md"
PAGE_URL = "planner/"
TITLE = "研学规划"
DATA_PATH = ASSET_PREFIX + "planner/places.json"
SCRIPT_PATH = ASSET_PREFIX + "javascripts/planner/main.js"
STYLE_PATH = ASSET_PREFIX + "stylesheets/planner.css"
EXACT_LIMIT = 12  # stops up to which the plan is exact (subset dynamic programme); planner/optimise.js agrees
ROUTE_MARKER = "<!-- dangjian:planner-link -->"
ROUTE_PAGE_PREFIX = SECTIONS["route"] + "/"  # the route pages' sources: routes/<id>.md


def front_matter() -> str:
    description = "研学团队行程规划：选择教学点，自动排出最佳参观顺序和日程，可打印、分享、导出日历和轨迹。"
    return f'---\ntitle: "{TITLE}"\ndescription: "{description}"\n---\n'


def body(options: PlannerOptions, area: Area) -> str:
    """The page body: the form skeleton the script fills, and the stated assumptions."""
    a = options.assumptions
    return render(
        "planner.html",
        base=depth_prefix(PAGE_URL),
        data_path=DATA_PATH,
        script_path=SCRIPT_PATH,
        start=options.start,
        area=area,
        exact_limit=EXACT_LIMIT,
        assume={"road_factor": a.road_factor, "speed_kmh": a.speed_kmh,
                "default_minutes": options.default_visit_minutes},
    )


def planner_address(page_url: str, place_ids: list[str], minutes: list[int]) -> str:
    """The planner's documented address for stops and their visit minutes, relative to page_url:
    ../../planner/?stops=ID,ID&minutes=M,M (docs/editor/planner.md)."""
    stops = ",".join(quote(i, safe="-") for i in place_ids)
    return f"{depth_prefix(page_url)}{PAGE_URL}?stops={stops}&minutes={','.join(str(m) for m in minutes)}"


def route_link(page_url: str, place_ids: list[str], minutes: list[int]) -> str:
    """The route page's "在研学规划中打开" button: the route's stops with its own visit minutes,
    so the planner counts the same visit time as the route page."""
    return render("planner_link.html", href=planner_address(page_url, place_ids, minutes))
