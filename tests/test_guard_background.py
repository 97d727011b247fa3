"""Pages scanned beside the build (a worker process) give the guard's report and site exactly as
scanning the published files after the build does; a page changed after its scan is scanned again."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.guard import DEFAULT_SENSITIVE_TERMS, GuardOptions, guard_site
from dangjian.guard.background import BackgroundScans
from dangjian.guard.csp import apply_policy, policy
from dangjian.guard.links import check_links, is_page, walk
from dangjian.guard.postbuild import scan_setup
from dangjian.guard.scan import scan_site
from dangjian.load import load_catalog
from dangjian.settings import load_settings
from tests.guardproject import ABOUT_MD, build_safe_site, guard_project
from tests.helpers import BRAND, REPO
from tests.sitebuild import build

SITE_URL = "http://127.0.0.1:8000/"
LEAKY = BRAND.replace("summary: 示例品牌的简介。", "summary: 书记手机 138 0013 8000，欢迎来电。").replace(
    "  - 做法一", "  - 做法一：登记身份证 11010519491231002X\n  - 沿巡逻路线开展宣讲")
BROKEN_ABOUT = ABOUT_MD + '\n<p><a href="../no-such-page/">失效页面</a> <a href="#没有这个锚点">失效锚点</a></p>\n'


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _report(stderr: str) -> str:
    """The guard's report in a build's output (jieba's timing lines before it vary)."""
    return stderr[stderr.index("构建失败"):]


def _leaky_project(root: Path, guard: str) -> Path:
    return guard_project(root, {"data/brands/农村/nc-test-01.yml": LEAKY, "docs/about.md": BROKEN_ABOUT},
                         guard=guard)


def test_a_build_with_a_scan_worker_fails_with_the_same_report_and_leaves_the_same_files(tmp_path: Path) -> None:
    done = {}
    for workers in (0, 1):
        project = _leaky_project(tmp_path / f"p{workers}", f"workers: {workers}")
        done[workers] = build(project, tmp_path / f"site{workers}")
    assert done[0].returncode != 0 and "DJ203" in done[0].stderr and "DJ210" in done[0].stderr
    assert done[1].returncode == done[0].returncode
    assert _report(done[1].stderr) == _report(done[0].stderr)
    assert _files(tmp_path / "site1") == _files(tmp_path / "site0")


def test_a_passing_build_with_a_scan_worker_writes_byte_identical_pages(tmp_path: Path) -> None:
    serial = build_safe_site(tmp_path / "serial")
    project = tmp_path / "serial" / "project"
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "allow_phones: []", "allow_phones: []\n      workers: 1"), encoding="utf-8")
    done = build(project, tmp_path / "beside")
    assert done.returncode == 0, done.stderr[-3000:]
    assert _files(tmp_path / "beside") == _files(serial)


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The leaky project built with the guard switched off: (project, site as MkDocs wrote it)."""
    root = tmp_path_factory.mktemp("raw")
    project = _leaky_project(root / "project", "enabled: false")
    done = build(project, root / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    return project, root / "site"


def _setup_and_options(project: Path) -> tuple[object, GuardOptions]:
    catalog = load_catalog(load_settings(project)).catalog
    assert catalog is not None
    options = GuardOptions(sensitive_terms=DEFAULT_SENSITIVE_TERMS, csp_policy=policy(), public_extra=("测试站点",))
    return scan_setup(SITE_URL, catalog, project, project / "docs", options), options


def test_the_report_is_what_scanning_the_published_files_finds(raw_site: tuple[Path, Path], tmp_path: Path) -> None:
    project, raw = raw_site
    setup, options = _setup_and_options(project)
    # the reference: the policy written first, then every published file scanned as it is
    reference = shutil.copytree(raw, tmp_path / "reference")
    apply_policy(reference, policy())
    expected = scan_site(reference, setup.page_scanner().scanner, setup.shipped)  # type: ignore[attr-defined]
    expected_links = check_links(reference, SITE_URL)
    assert any(f.output.endswith("index.html") for f in expected) and expected_links

    after = shutil.copytree(raw, tmp_path / "after")
    report = guard_site(after, setup, options)  # type: ignore[arg-type]
    assert report.findings == expected
    assert report.broken == expected_links

    # the same with every page scanned in the worker, in a fresh (single-threaded) process
    beside = shutil.copytree(raw, tmp_path / "beside")
    out = tmp_path / "beside.pickle"
    done = subprocess.run([sys.executable, "-c", "import sys; from tests.test_guard_background import beside_main; "
                           "beside_main(*sys.argv[1:])", str(project), str(beside), str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    scanned, pages, findings, broken = pickle.loads(out.read_bytes())
    assert scanned == pages  # the worker really scanned every page
    assert findings == expected
    assert broken == expected_links
    assert _files(beside) == _files(after)


def beside_main(project: str, site: str, out: str) -> None:
    """guard_site on site with every page scanned in the worker first; the report pickled to out."""
    setup, options = _setup_and_options(Path(project))
    scans = BackgroundScans(object(), setup, Path(site), workers=1)  # type: ignore[arg-type]
    assert scans.running
    pages = sorted(rel for rel in walk(Path(site))[0] if is_page(rel))
    for rel in pages:
        scans.submit(rel)
    known = scans.results(take_over=False)
    report = guard_site(Path(site), setup, options, known)  # type: ignore[arg-type]
    Path(out).write_bytes(pickle.dumps((sorted(known), pages, report.findings, report.broken)))


def test_a_page_changed_after_its_scan_is_scanned_again(raw_site: tuple[Path, Path], tmp_path: Path) -> None:
    project, raw = raw_site
    setup, options = _setup_and_options(project)
    site = shutil.copytree(raw, tmp_path / "site")
    known = guard_site(shutil.copytree(raw, tmp_path / "first"), setup, options).scans  # type: ignore[arg-type]
    page = site / "about" / "index.html"
    assert "about/index.html" in known
    page.write_text(page.read_text(encoding="utf-8").replace("本站介绍测试数据", "联系 139 1234 5678"),
                    encoding="utf-8")
    report = guard_site(site, setup, options, known)  # type: ignore[arg-type]
    assert any(f.output == "about/index.html" and f.code == "DJ203" for f in report.findings)


def test_serve_reuses_only_clean_scans_of_unchanged_pages(raw_site: tuple[Path, Path]) -> None:
    from types import SimpleNamespace as NS

    from dangjian.guard.pagescan import PageScan, digest, page_bytes
    from dangjian.guard.scan import Finding
    from dangjian.mkdocs.guard import GuardPlugin

    project, _ = raw_site
    setup, _ = _setup_and_options(project)
    plugin = GuardPlugin()
    plugin.load_config({})
    plugin.on_startup(command="serve", dirty=False)
    output = "<html><body>同一个页面</body></html>"
    key = digest(page_bytes(output))
    finding = Finding("b/index.html", 1, 1, "DJ203", "13912345678", "手机号码", "data/x.yml:3")
    plugin._previous = (setup, {  # type: ignore[assignment]
        "a/index.html": PageScan("a/index.html", key, (), frozenset(), None),
        "b/index.html": PageScan("b/index.html", key, (finding,), frozenset(), None),
        "c/index.html": PageScan("c/index.html", "an older version", (), frozenset(), None),
    })
    plugin._setup = setup  # type: ignore[assignment]
    for rel in ("a/index.html", "b/index.html", "c/index.html"):
        plugin.on_post_page(output, page=NS(file=NS(dest_uri=rel)), config=None)  # type: ignore[arg-type]
    # a clean, unchanged page is taken as it was; a page with findings (its source line may
    # have moved) and a changed page are scanned again
    assert sorted(plugin._known) == ["a/index.html"]


def _with_placeholder(site: Path) -> list[str]:
    """The pages of site given the policy the theme writes (its hashes still to fill in)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy()}">'
    pages = sorted(rel for rel in walk(site)[0] if is_page(rel))
    for rel in pages:
        path = site / rel
        path.write_text(path.read_text(encoding="utf-8").replace("<head>", "<head>" + meta, 1), encoding="utf-8")
    return pages


@pytest.mark.parametrize("stale", [False, True])
def test_policies_filled_as_pages_are_written_end_as_those_filled_after_the_build(
        raw_site: tuple[Path, Path], tmp_path: Path, stale: bool) -> None:
    from dangjian.guard.csp import EarlyPolicy

    project, raw = raw_site
    setup, options = _setup_and_options(project)
    reference = shutil.copytree(raw, tmp_path / "reference")
    _with_placeholder(reference)
    guard_site(reference, setup, options)  # type: ignore[arg-type]

    early_site = shutil.copytree(raw, tmp_path / "early")
    early = EarlyPolicy()
    if stale:  # a hash no page has: every page must be written again with the final policy
        early.hashes.add("'sha256-stale'")
    for rel in _with_placeholder(early_site):
        path = early_site / rel
        filled = early.fill(rel, path.read_text(encoding="utf-8"))
        assert filled is not None
        path.write_text(filled, encoding="utf-8")
    stamps = {rel: (early_site / rel).stat().st_mtime_ns for rel in early.written}
    report = guard_site(early_site, setup, options, None, early.written)  # type: ignore[arg-type]
    assert _files(early_site) == _files(reference)
    rewritten = [rel for rel, ns in stamps.items()
                 if (early_site / rel).is_file() and (early_site / rel).stat().st_mtime_ns != ns]
    final = set().union(*(set(early.written[rel].split()) for rel in early.written)) - {"'sha256-stale'"}
    if stale:
        assert sorted(rewritten) == sorted(r for r in early.written if (early_site / r).is_file())
    else:  # only the pages written before the last hash was known are written again
        assert sorted(rewritten) == sorted(r for r, w in early.written.items()
                                           if set(w.split()) != final and (early_site / r).is_file())
        assert len(rewritten) < len(stamps) / 2
    assert report.findings  # the leaky project's findings are still found
