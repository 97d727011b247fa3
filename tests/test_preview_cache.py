"""The preview rebuilds only what an edit changes: `mkdocs serve` writes every other generated
page from its last build, byte for byte what a full build makes; `mkdocs build` never does."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from dangjian.catalog import SECTIONS
from dangjian.mkdocs.generated import GeneratedSite
from dangjian.render.pages import NEIGHBOURS, neighbour_window
from tests.helpers import BRAND, write_project
from tests.project import project_under_test

SERVE_URL = "http://127.0.0.1:8000/"
TOWNS = ("当壁镇", "密山镇")
COUNT = 60  # brands besides the base project's: the list has a second page (50 a page)
LINKED = "nc-test-07"  # the about page links to its .md


def brand(n: int) -> str:
    return (BRAND.replace("id: nc-test-01", f"id: nc-test-{n:02d}")
            .replace("name: 红色引擎", f"name: 测试品牌{n:02d}")
            .replace("town: 当壁镇", f"town: {TOWNS[n % 2]}"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project with the site's configuration, pages and theme overrides (no news
    posts: they name the shipped data), more brands than a list page holds, and a
    hand-written page that links to one brand by its .md path."""
    files = {f"data/brands/农村/nc-test-{n:02d}.yml": brand(n) for n in range(2, COUNT + 2)}
    root = write_project(tmp_path / "p", files)
    source = project_under_test()
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(source / "docs", root / "docs", ignore=shutil.ignore_patterns("posts"))
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n\n[测试品牌](brands/{LINKED}.md)\n",
                     encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def session(project: Path, tmp_path: Path) -> Iterator[None]:
    """No site_url from outside; the content plugin's session ends as `mkdocs serve` ends
    it (on_shutdown), which removes the cache's folder. (The other plugins' on_shutdown is
    not called: MkDocs keeps their objects for the whole test process.)"""
    saved = os.environ.pop("DANGJIAN_SITE_URL", None)
    yield
    config_of(project, tmp_path / "end").plugins["dangjian/content"].on_shutdown()
    if saved is not None:
        os.environ["DANGJIAN_SITE_URL"] = saved


def config_of(project: Path, site_dir: Path) -> MkDocsConfig:
    """The configuration as `mkdocs serve` loads it for every rebuild."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = SERVE_URL
    return config


def start(project: Path, site_dir: Path, command: Literal["build", "serve"] = "serve") -> None:
    """A new session: `mkdocs serve` (or build) calls on_startup once, on its first config."""
    config_of(project, site_dir).plugins.on_startup(command=command, dirty=False)


def rebuild(project: Path, site_dir: Path, serve: bool = True) -> GeneratedSite:
    config = config_of(project, site_dir)
    build(config, serve_url=SERVE_URL if serve else None)
    site = config.plugins["dangjian/content"].site  # type: ignore[attr-defined]
    assert isinstance(site, GeneratedSite)
    return site


def rendered(site: GeneratedSite) -> set[str]:
    """The cacheable generated pages that this build made again."""
    return set(site.cacheable()) - set(site.reused)


def snapshot(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes()
            for p in site_dir.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_renders_the_pages_that_show_it_and_reuses_the_rest_byte_for_byte(
    project: Path, tmp_path: Path
) -> None:
    site_dir = tmp_path / "serve"
    start(project, site_dir)
    first = rebuild(project, site_dir)
    assert not first.reused and first.cacheable()

    again = rebuild(project, site_dir)
    assert rendered(again) == {f"brands/{LINKED}.md"}  # kept a page for MkDocs to resolve the link

    # a brand in the middle of its town's list: the pages of the brands beside it list it
    edited = project / "data/brands/农村/nc-test-20.yml"
    edit(edited, "name: 测试品牌20", "name: 改名的品牌20")
    after = rebuild(project, site_dir)
    catalog = after.catalog
    target = catalog.get("nc-test-20")
    assert target is not None
    beside = {f"brands/{b.id}.md" for b in catalog.public("brand")
              if target in neighbour_window(b, after.index)}
    assert f"brands/{target.id}.md" in beside and 1 < len(beside) <= NEIGHBOURS + 1
    directory = after.index.directory
    assert directory is not None and directory.page_count > 1
    at = list(directory.entries).index(target)
    list_page = at // directory.page_size + 1
    # sites, schools and routes read more of the catalog: they are few and made again
    few = {f"{SECTIONS[e.kind]}/{e.id}.md" for kind in ("site", "school", "route")
           for e in catalog.public(kind)}
    expected = beside | few | {f"brands/{LINKED}.md"}
    if list_page > 1:
        expected.add(f"brands/page/{list_page}/index.md")
    assert rendered(after) == expected
    assert len(after.reused) > COUNT - 2 * NEIGHBOURS
    served = snapshot(site_dir)
    for page in beside:
        assert "改名的品牌20" in served[page.replace(".md", "/index.html")].decode()

    # a full build of the same sources, from a fresh session, writes the same bytes
    full_dir = tmp_path / "full"
    start(project, full_dir)
    full = rebuild(project, full_dir)
    assert not full.reused
    fresh = snapshot(full_dir)
    assert served.keys() == fresh.keys()
    different = sorted(name for name in served if served[name] != fresh[name])
    assert different == []


@pytest.mark.parametrize("change", ["template", "mkdocs.yml", "docs page"])
def test_a_change_to_the_shell_renders_every_page_again(project: Path, tmp_path: Path, change: str) -> None:
    site_dir = tmp_path / "serve"
    start(project, site_dir)
    rebuild(project, site_dir)
    assert rebuild(project, site_dir).reused  # nothing changed yet
    if change == "template":
        main = project / "docs/overrides/main.html"
        main.write_text(main.read_text(encoding="utf-8") + "\n{# 改动 #}\n", encoding="utf-8")
    elif change == "mkdocs.yml":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    else:
        edit(project / "docs/about.md", "\n", "\n\n改动。\n")
    assert rebuild(project, site_dir).reused == {}


def test_mkdocs_build_never_takes_a_page_from_the_cache(project: Path, tmp_path: Path) -> None:
    site_dir = tmp_path / "serve"
    start(project, site_dir)
    rebuild(project, site_dir)
    start(project, tmp_path / "site", command="build")
    for _ in range(2):
        assert rebuild(project, tmp_path / "site", serve=False).reused == {}


def tree(site_dir: Path) -> set[str]:
    """Every file and folder of the site, so that an empty folder left behind shows too."""
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")}


def test_a_removed_or_renamed_brand_leaves_nothing_behind(project: Path, tmp_path: Path) -> None:
    site_dir = tmp_path / "serve"
    start(project, site_dir)
    rebuild(project, site_dir)
    assert rebuild(project, site_dir).reused
    # what an earlier build may have left next to the pages, which this one does not write
    (site_dir / "brands" / "nc-test-05" / "index.html.gz").write_bytes(b"stale")
    (site_dir / "brands" / "stale.txt").write_text("stale", encoding="utf-8")

    brands = project / "data/brands/农村"
    (brands / "nc-test-30.yml").unlink()
    renamed = brands / "nc-test-31.yml"
    (brands / "nc-test-99.yml").write_text(
        renamed.read_text(encoding="utf-8").replace("id: nc-test-31", "id: nc-test-99"), encoding="utf-8")
    renamed.unlink()
    after = rebuild(project, site_dir)
    assert after.reused  # the brands whose neighbours and list page stayed
    for gone in ("nc-test-30", "nc-test-31"):
        assert not (site_dir / "brands" / gone).exists()
    assert (site_dir / "brands" / "nc-test-99" / "index.html").is_file()

    full_dir = tmp_path / "full"
    start(project, full_dir)
    assert not rebuild(project, full_dir).reused
    assert tree(site_dir) == tree(full_dir)
    assert snapshot(site_dir) == snapshot(full_dir)


WITHDRAW_HOOK = '''\
from pathlib import Path

from mkdocs.plugins import event_priority


# where the guard withdraws a page in the preview: after every other post-build handler but ours
@event_priority(-100)
def on_post_build(config, **kwargs):
    marker = Path(config.config_file_path).parent / "withdraw.txt"
    if marker.is_file():
        page = Path(config.site_dir) / marker.read_text(encoding="utf-8")
        page.write_text("<html><body>预览已将其撤下</body></html>", encoding="utf-8")
'''


def test_a_page_replaced_after_it_was_written_is_never_reused(project: Path, tmp_path: Path) -> None:
    """The guard rewrites a withdrawn page in place once the pages are written: the file
    there is no longer what was rendered, so the next rebuild renders the page again."""
    (project / "withdraw_hook.py").write_text(WITHDRAW_HOOK, encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8") + "\nhooks:\n  - withdraw_hook.py\n",
                           encoding="utf-8")
    site_dir = tmp_path / "serve"
    start(project, site_dir)
    rebuild(project, site_dir)
    assert rebuild(project, site_dir).reused
    withdrawn, reused_one = "brands/nc-test-12/index.html", "brands/nc-test-13/index.html"
    (project / "withdraw.txt").write_text(withdrawn, encoding="utf-8")
    site = rebuild(project, site_dir)  # a reused page is withdrawn
    assert site.reused["brands/nc-test-12.md"] == withdrawn
    assert "预览已将其撤下" in (site_dir / withdrawn).read_text(encoding="utf-8")
    site = rebuild(project, site_dir)  # withdrawn again, now a rendered one
    assert "brands/nc-test-12.md" in rendered(site) and "brands/nc-test-13.md" in site.reused
    (project / "withdraw.txt").unlink()
    site = rebuild(project, site_dir)
    assert "brands/nc-test-12.md" in rendered(site)
    assert "brands/nc-test-12.md" not in rendered(rebuild(project, site_dir))

    full_dir = tmp_path / "full"
    start(project, full_dir)
    rebuild(project, full_dir)
    served, fresh = snapshot(site_dir), snapshot(full_dir)
    assert served[withdrawn] == fresh[withdrawn] and served[reused_one] == fresh[reused_one]
    assert served == fresh
