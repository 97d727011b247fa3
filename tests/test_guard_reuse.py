"""The post-build verification gives the same report however its work is shared out: pages
verified (and their links resolved) in the worker beside the build, and batches taken back
from it, report exactly what verifying every file in the build process reports."""

from __future__ import annotations

import os
from pathlib import Path

from dangjian.guard.beside import BesideChecks
from dangjian.guard.links import PageLinks, walk
from dangjian.guard.postbuild import GuardReport, guard_site
from dangjian.guard.verify import Verifier
from dangjian.guard.visibility import Needle

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
