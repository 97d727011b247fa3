"""The tests test behaviour, not today's content: an editor's valid change never fails them.

A copy of the project under test is edited as an editor would edit it (a brand added with
`dangjian new`, a site changed, brands and a school deleted, a route added and one shortened),
then every test that reads the project (marked `realistic`, see tests/conftest.py) runs
against the edited copy in a separate pytest, with a few of the browser tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.catalog import Catalog
from dangjian.editor.scaffold import new_entity
from dangjian.editor.yamlwrite import dump_entity, entity_data
from dangjian.settings import load_settings
from tests.conftest import REALISTIC_TESTS
from tests.helpers import REPO
from tests.project import PROJECT_ENV, catalog_of, copy_project, project_under_test

# Browser tests run against the edited copy too (the rest of the browser suite reads the
# same fixtures): counts in the directory and on the home page, a route map, the planner.
BROWSER = ("home_shows_its_page", "directory_filter_narrows", "directory_works_without_javascript",
           "home_overview_map_draws_every_public_place", "route_page_shows_its_svg_map",
           "five_stops_on_a_monday_leave_the_closed_places_out")


def fill(text: str, values: dict[str, str], refs: list[str]) -> str:
    """Fill every empty key of a `dangjian new` skeleton the way an editor does: after its colon.

    Lines are saved without trailing spaces, as editors set up for the project's pre-commit
    save them (the skeleton's commented-out list items end in "- ", which yamllint rejects)."""
    out, stops = [], iter(refs)
    for line in (raw.rstrip() for raw in text.splitlines()):
        m = re.match(r"^(\s*(?:- )?)([a-z_]+):$", line)
        if m and m[2] == "ref":
            line = f"{line} {next(stops)}"
        elif m and m[2] in values:
            line = f"{line} {values[m[2]]}"
        out.append(line)
    return "\n".join(out) + "\n"


def rewrite(entry: object, kind: str, **changes: object) -> None:
    """Write an entity back with some fields changed, as the spreadsheet import writes files."""
    model = entry.model  # type: ignore[attr-defined]
    data = {**entity_data(model), **changes}
    rel_dir = Path(entry.rel).parent.as_posix()  # type: ignore[attr-defined]
    entry.path.write_text(dump_entity(type(model), data, kind, rel_dir), encoding="utf-8")  # type: ignore[attr-defined]


def edit_like_an_editor(root: Path) -> tuple[Catalog, Catalog]:
    """The edits; returns the catalogs before and after."""
    before = catalog_of(root)
    settings = load_settings(root)
    placed = [e.id for e in before.public_places() if e.kind == "site"]

    # a new brand, from the skeleton `dangjian new brand` writes
    made = new_entity(settings, "brand", "sq-proof-01", "城市社区")
    made.path.write_text(fill(made.text, {
        "name": "校验新品牌", "org": "某社区党支部（示例）", "town": "中心街道", "level": "市级示范点",
        "summary": "编辑新增的品牌。", "visibility": "public"}, []), encoding="utf-8")

    # a new route through two places, from `dangjian new route`
    made = new_entity(settings, "route", "proof-route")
    made.path.write_text(fill(made.text, {
        "name": "校验线路", "theme": "红色教育", "summary": "编辑新增的线路。", "minutes": "40",
        "visibility": "public"}, [placed[-1], placed[0]]), encoding="utf-8")

    # a site renamed, its group size and hours changed
    site = before.public("site")[0]
    rewrite(site, "site", name=site.name + "（新名）", max_group=17,
            summary="编辑改写的简介。", opening_hours={"mon": "闭馆", "tue": "10:00-11:00"})

    # a route one stop shorter (or renamed when it has only two)
    route = next((r for r in before.routes if len(r.model.stops) > 2), before.routes[0])
    stops = [s.model_dump(exclude_defaults=True) for s in route.model.stops]
    legs = [leg.model_dump(exclude_defaults=True) for leg in route.model.legs]
    if len(stops) > 2:
        stops, legs = stops[:-1], legs[:-1]
    rewrite(route, "route", name=route.name + "（调整）", stops=stops, **({"legs": legs} if legs else {}))

    # two brands and a school (or a site) that no route stops at, deleted
    after_routes = catalog_of(root).routes
    refs = {s.ref for r in after_routes for s in r.model.stops}
    brands = [b for b in before.brands if b.id not in refs]
    for brand in brands[:2]:
        brand.path.unlink()
    place = next(e for e in [*before.schools, *before.sites] if e.id not in refs and e.id != site.id)
    place.path.unlink()
    return before, catalog_of(root)


def test_the_tests_pass_against_an_edited_copy_of_the_project(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    copy = copy_project(tmp_path / "edited", project_under_test())
    before, after = edit_like_an_editor(copy)
    assert len(after.brands) == len(before.brands) - 1
    assert len(after.routes) == len(before.routes) + 1
    assert len(after.schools) + len(after.sites) == len(before.schools) + len(before.sites) - 1

    # the realistic tests this session collected, or all of tests/ when it did not collect them all
    collected = request.config.stash.get(REALISTIC_TESTS, [])
    chosen = [node for node, browser in collected if not browser or any(name in node for name in BROWSER)]
    if all(any(name in node for node in chosen) for name in BROWSER):
        selection, expected = chosen, len(chosen)
    else:
        selection, expected = ["tests", "-m", "realistic", "-k", " or ".join(("not browser", *BROWSER))], 20
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *selection],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, PROJECT_ENV: str(copy), "NO_MKDOCS_2_WARNING": "1"},
    )
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else ""
    print("against the edited copy:", summary)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed[1]) >= expected, summary
    assert "skipped" not in summary and "error" not in summary, summary
    ran = [line for line in lines if line.startswith("PASSED ")]
    assert all(any(name in line for line in ran) for name in BROWSER), "a browser test was renamed: update BROWSER"


# Reading the repository's content folders directly, instead of a copy of the project under test
CONTENT = re.compile(r'REPO\s*/\s*"(?:data|routes)[/"]|REPO\s*/\s*"docs(?:/(?!overrides)|"(?!\s*/\s*"overrides"))'
                     r"|\b(?:load|load_settings|load_catalog|from_options|build|build_project|copy_project"
                     r"|catalog_of|realistic_project)\(\s*REPO\b")
CHECKS_OF_THE_DATA = {
    # checks that hold for any valid data, like `dangjian check`: no count, id or name
    "tests/test_cli.py",
}


def test_no_test_reads_todays_content_except_through_the_project_under_test() -> None:
    found = [f"{path.relative_to(REPO).as_posix()}:{n}: {line.strip()}"
             for path in sorted((REPO / "tests").rglob("*.py")) if "node_modules" not in path.parts
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if CONTENT.search(line) and path.relative_to(REPO).as_posix() not in CHECKS_OF_THE_DATA]
    assert found == [], "copy the project with tests/project.py and expect what its catalog holds:\n" + "\n".join(found)
