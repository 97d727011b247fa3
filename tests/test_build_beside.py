"""The work done beside the build (the guard's checks and the search index in worker
processes, the navigation rendered once per folder) changes nothing in the site: byte for byte the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import copy_project, set_plugin_option

BESIDE = {"dangjian/guard": "workers: 1", "dangjian/search": "workers: 1"}
SERIAL = {"dangjian/guard": "workers: 0", "dangjian/search": "workers: 0", "dangjian/content": "nav_cache: false"}


def _configure(project: Path, options: dict[str, str]) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for plugin, option in options.items():
        config = set_plugin_option(config, plugin, option)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


def _build(project: Path, out: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", "--strict", "-f",
                           str(project / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    problems = [line for line in done.stderr.splitlines() if not line.startswith("DEBUG")]
    assert done.returncode == 0, "\n".join(problems)[-3000:]
    return done.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.realistic
def test_the_site_built_with_workers_equals_the_site_built_without(tmp_path: Path) -> None:
    # the project under test, with a worker asked for whatever its size and the machine's cores
    beside = copy_project(tmp_path / "beside")
    serial = copy_project(tmp_path / "serial")
    _configure(beside, BESIDE)
    _configure(serial, SERIAL)

    _build(beside, tmp_path / "site-beside")
    _build(serial, tmp_path / "site-serial")
    a, b = _files(tmp_path / "site-beside"), _files(tmp_path / "site-serial")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_navigation_is_shared_only_by_pages_outside_it_in_sibling_folders() -> None:
    from types import SimpleNamespace as NS

    from dangjian.render.navcache import page_key

    section = NS(url="brands/", active=False)
    guide = NS(url="brands/a/guide/", active=False)
    nav = NS(pages=[section], items=[section])
    entity = NS(url="brands/a/", parent=None, active=True)
    assert page_key(entity, nav) == "brands/"
    assert page_key(NS(url="sites/b.html", parent=None, active=True), nav) == ""
    assert page_key(NS(url="brands/b.html", parent=None, active=True), nav) is None  # brands/ is its folder
    assert page_key(NS(url="brands/", parent=None, active=True), NS(pages=[], items=[])) == ""
    # in the navigation, or a navigation link inside the page's folder: rendered every time
    assert page_key(NS(url="brands/", parent=NS(), active=True), nav) is None
    assert page_key(entity, NS(pages=[section, guide], items=[section, guide])) is None
    assert page_key(NS(url="", parent=None, active=True), nav) is None
    assert page_key(entity, NS(pages=[section], items=[NS(url="x/", active=True)])) is None
    # a link (not a page) in a section, into the page's folder
    link = NS(url="brands/a/", active=False)
    assert page_key(entity, NS(pages=[section], items=[section, NS(title="品牌", children=[link])])) is None
    assert page_key(entity, NS(pages=[section], items=[NS(children=[NS(url="https://example.org/brands/a/")])])) \
        == "brands/"

