"""The post-build verification gives the same report however its work is shared out: pages
verified (and their links resolved) in the worker beside the build, and files whose results
a preview (`mkdocs serve`) kept from its last rebuild, report exactly what verifying every
file afresh in the build process reports."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import dangjian.mkdocs.guard as guard_plugin
from dangjian.guard.beside import BesideChecks
from dangjian.guard.links import PageLinks, walk
from dangjian.guard.memo import VerifiedFiles
from dangjian.guard.postbuild import GuardReport, guard_site
from dangjian.guard.verify import Verifier
from dangjian.guard.visibility import Needle
from tests.guardproject import guard_project
from tests.helpers import BRAND

SITE_URL = "http://127.0.0.1:8000/"

PAGES = {
    "index.html": '<html><body><h1 id="top">首页</h1>\n<a href="a/">甲</a>\n<a href="a/#x">甲的锚点</a>\n'
                  '<a href="missing/">不存在</a>\n\n<a href="b.html#nope">乙的锚点</a>\n'
                  '<a href="a/index.html#later">以后的锚点</a></body></html>\n',
    "a/index.html": '<html><body><p id="x">甲</p>\n<a href="../index.html#gone">回首页</a>\n'
                    '<a href="../c.json">数据</a>\n<a href="/a/">自己</a>\n'
                    '<a href="http://127.0.0.1:8000/b.html">乙</a>\n<a href="../../outside/">外</a></body></html>\n',
    "b.html": "<html><body><p>联系电话 13912345678</p>\n<a href='./'>首页</a>\n"
              '<a href="a/&#x23;x">编码的锚点</a></body></html>\n',
    "c.json": '{"名单": ["内部名称ZQ8", "其他"]}',
    "d.txt": "没有问题的文字。",
}


def _site(root: Path, more: int = 0) -> Path:
    """The pages above, and more pages of links (three batches for the worker: 300)."""
    pages = dict(PAGES)
    for n in range(more):
        pages[f"more/{n}/index.html"] = (f'<html><body><h2 id="n{n}">{n}</h2>\n<a href="../{n + 1}/#n{n + 1}">下一页</a>'
                                         f'\n<a href="../../a/#x">甲</a></body></html>\n')
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _verifier() -> Verifier:
    needle = Needle("内部名称ZQ8", "DJ201", "内部条目的名称", "data/brands/x.yml")
    return Verifier(needles=(needle,), sources={"b.html": "data/brands/b.yml", "index.html": "docs/index.md"})


def _shown(report: GuardReport) -> tuple[list[str], list[str]]:
    return [f.format() for f in report.findings], [b.format() for b in report.broken]


def _hand_over(site: Path, check: Verifier) -> BesideChecks:
    beside = BesideChecks(check, site, 1, SITE_URL)
    for path in sorted(site.rglob("*.html")):
        beside.page(path.relative_to(site).as_posix())
    return beside


def test_pages_verified_beside_the_build_give_the_report_of_a_verification_in_the_build(tmp_path: Path) -> None:
    serial = guard_site(_site(tmp_path / "serial", 300), SITE_URL, _verifier())
    broken = {(b.output, b.line, b.code, b.href) for b in serial.broken}
    assert ("index.html", 4, "DJ210", "missing/") in broken
    assert ("index.html", 6, "DJ211", "b.html#nope") in broken
    assert ("a/index.html", 2, "DJ211", "../index.html#gone") in broken
    assert ("more/299/index.html", 2, "DJ210", "../300/#n300") in broken
    assert {f.output for f in serial.findings} == {"b.html", "c.json"}

    # every page verified by the worker, its links resolved there
    check = _verifier()
    site = _site(tmp_path / "waited", 300)
    beside = _hand_over(site, check)
    known = beside.results()
    assert len(known) == 303 and all(isinstance(done.links, PageLinks) for done in known.values())
    waited = guard_site(site, SITE_URL, check, True, beside)
    assert _shown(waited) == _shown(serial)
    assert waited.findings == serial.findings and waited.broken == serial.broken

    # at once: the batches the worker has not started are taken back
    site = _site(tmp_path / "at-once", 300)
    at_once = guard_site(site, SITE_URL, check, True, _hand_over(site, check))
    assert _shown(at_once) == _shown(serial)


def test_a_page_changed_after_the_worker_read_it_is_verified_again(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    check = _verifier()
    beside = BesideChecks(check, site, 1, SITE_URL)
    beside.page("a/index.html")
    assert set(beside.results()) == {"a/index.html"}  # read by the worker
    page = site / "a" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>13912345678</p>\n", encoding="utf-8")
    report = guard_site(site, SITE_URL, check, True, beside)
    assert "a/index.html" in {f.output for f in report.findings}


def test_a_store_reuses_only_results_that_a_fresh_verification_would_give(tmp_path: Path) -> None:
    store = VerifiedFiles()
    calls: list[str] = []

    class Counting(Verifier):
        def verify(self, rel: str, data: bytes, digest: str | None = None) -> Any:
            calls.append(rel)
            return super().verify(rel, data, digest)

    def run(site: Path, check: Verifier) -> tuple[list[str], list[str]]:
        copy = tmp_path / f"fresh-{len(calls)}-{os.urandom(4).hex()}"
        shutil.copytree(site, copy)
        calls.clear()
        reused = guard_site(site, SITE_URL, check, True, store=store)
        verified = sorted(calls)
        assert _shown(reused) == _shown(guard_site(copy, SITE_URL, dataclasses.replace(check)))
        return verified, _shown(reused)[0]

    site = _site(tmp_path / "site")
    check = Counting(**{f.name: getattr(_verifier(), f.name) for f in dataclasses.fields(Verifier)})
    assert run(site, check)[0] == sorted(PAGES)
    _site(site)  # written again, byte for byte the same; the withdrawn files are back
    (site / "d.txt").write_text("改过的文字。", encoding="utf-8")
    # the files with findings (b.html, c.json) and the changed one only
    assert run(site, check)[0] == ["b.html", "c.json", "d.txt"]
    _site(site)
    # other needles: every file again, and the unchanged text now found
    other = dataclasses.replace(check, needles=(Needle("没有问题", "DJ201", "内部条目的名称", "x.yml"),))
    verified, findings = run(site, other)
    assert verified == sorted(PAGES)
    assert any(line.startswith("site/d.txt: DJ201") for line in findings)


def test_walk_lists_what_os_walk_lists(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "empty" / "deeper").mkdir(parents=True)
    (site / "linked").symlink_to(site / "a", target_is_directory=True)
    (site / "dangling").symlink_to(site / "nothing")
    files: set[str] = set()
    dirs: set[str] = set()
    for folder, subdirs, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        dirs.update(prefix + d for d in subdirs)
        files.update(prefix + n for n in names)
    assert walk(site) == (files, dirs)
    assert "linked" in dirs and "linked/index.html" not in files and "dangling" in files


def test_the_fingerprint_follows_every_input_of_the_verification() -> None:
    base = _verifier()
    assert base.fingerprint == dataclasses.replace(base).fingerprint
    assert base.fingerprint == dataclasses.replace(base, sources={}).fingerprint  # names only
    for change in ({"needles": ()}, {"allow_phones": frozenset({"13912345678"})}, {"policy": "default-src 'self'"},
                   {"script_hashes": frozenset({"sha256-x"})}, {"allow_binary": frozenset({".pdf"})},
                   {"shipped": frozenset({"0" * 64})}):
        assert dataclasses.replace(base, **change).fingerprint != base.fingerprint, change
    from dangjian.guard.border import BorderRules
    assert dataclasses.replace(base, rules=BorderRules(terms=("巡逻路线",))).fingerprint != base.fingerprint


# -- a preview, built as `mkdocs serve` builds it ------------------------------------------

OTHER_BRAND = BRAND.replace("nc-test-01", "nc-test-02").replace("红色引擎", "湖光先锋品牌KQ5")


@dataclasses.dataclass
class Rebuild:
    """One rebuild's report, the report of a fresh verification of the same files, the
    files verified anew and the files as they were written."""

    report: tuple[list[str], list[str]]
    fresh: tuple[list[str], list[str]]
    verified: set[str]
    files: dict[str, bytes]


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Callable[[], Rebuild]]]:
    """The small project, and a function that builds it as `mkdocs serve` rebuilds it."""
    project = guard_project(tmp_path / "project", {
        "data/brands/农村/nc-test-02.yml": OTHER_BRAND,
        "docs/files/names.txt": "本站介绍的品牌：湖光先锋品牌KQ5。\n",
    })
    monkeypatch.setattr(guard_plugin, "SERVE_STORE", VerifiedFiles())
    rebuilds: list[Rebuild] = []
    calls: list[str] = []
    real_verify = Verifier.verify
    real_guard = guard_plugin.guard_site

    def verify(self: Verifier, rel: str, data: bytes, digest: str | None = None) -> Any:
        calls.append(rel)
        return real_verify(self, rel, data, digest)

    def guard(site_dir: Path, site_url: str, check: Verifier, check_links: bool = True,
              beside: BesideChecks | None = None, store: VerifiedFiles | None = None) -> GuardReport:
        assert store is not None and beside is None  # serving: no worker, the store
        copy = tmp_path / f"fresh-{len(rebuilds)}"
        shutil.copytree(site_dir, copy)
        files = {rel: (copy / rel).read_bytes() for rel in walk(copy)[0]}
        calls.clear()
        report = real_guard(site_dir, site_url, check, check_links, beside, store)
        verified = set(calls)
        fresh = real_guard(copy, site_url, dataclasses.replace(check), check_links)
        rebuilds.append(Rebuild(_shown(report), _shown(fresh), verified, files))
        return report

    monkeypatch.setattr(Verifier, "verify", verify)
    monkeypatch.setattr(guard_plugin, "guard_site", guard)
    site = tmp_path / "site"
    configs: list[MkDocsConfig] = []

    def rebuild() -> Rebuild:
        # as serve's builder does: the configuration loaded again, the site URL the server's
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        configs.append(config)
        build(config, serve_url=SITE_URL)
        return rebuilds[-1]

    yield project, rebuild
    if configs:  # MkDocs keeps these plugin objects for the whole process: serve no more
        configs[-1].plugins.on_startup(command="build", dirty=False)
        configs[-1].plugins.on_shutdown()


def test_a_preview_verifies_again_only_changed_files_and_reports_what_a_fresh_verification_does(
        preview: tuple[Path, Callable[[], Rebuild]]) -> None:
    project, rebuild = preview
    first = rebuild()
    assert first.report == first.fresh == ([], [])
    assert first.verified == set(first.files)

    brand = project / "data" / "brands" / "农村" / "nc-test-01.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("示例品牌的简介。", "改过的简介。"), encoding="utf-8")
    (project / "docs" / "files" / "phones.txt").write_text("值班电话 13912345678\n", encoding="utf-8")
    second = rebuild()
    assert second.report == second.fresh
    assert any(line.startswith("site/files/phones.txt: DJ203") for line in second.report[0])
    changed = {rel for rel, data in second.files.items() if first.files.get(rel) != data}
    assert "brands/nc-test-01/index.html" in changed
    assert second.verified == changed
    assert len(changed) < len(second.files) / 2

    third = rebuild()  # nothing changed: only the file with findings is verified again
    assert third.report == third.fresh == second.report
    assert third.verified == {"files/phones.txt"} | {rel for rel, data in third.files.items()
                                                      if second.files.get(rel) != data}


def test_a_preview_finds_a_newly_internal_name_on_a_page_it_verified_before(
        preview: tuple[Path, Callable[[], Rebuild]]) -> None:
    project, rebuild = preview
    first = rebuild()
    assert first.report == ([], [])
    brand = project / "data" / "brands" / "农村" / "nc-test-02.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("visibility: public", "visibility: internal"),
                     encoding="utf-8")
    second = rebuild()
    assert second.files["files/names.txt"] == first.files["files/names.txt"]
    assert second.report == second.fresh
    assert any(line.startswith("site/files/names.txt: DJ201") for line in second.report[0])
    assert "files/names.txt" in second.verified
