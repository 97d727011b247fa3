"""The whole post-build guard: policy, scan and link check of a built site, as one report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.guard.csp import PagePolicy
from dangjian.guard.links import BrokenLink, LinkChecker, is_page, walk
from dangjian.guard.pagescan import PageScan, ScanSetup, digest, page_text
from dangjian.guard.personal import phone_digits
from dangjian.guard.scan import Finding
from dangjian.guard.sitefiles import shipped_digests
from dangjian.guard.visibility import needles


@dataclass
class GuardOptions:
    """What the guard checks, from the `dangjian/guard` options in mkdocs.yml."""

    sensitive_terms: tuple[str, ...]
    allow_phones: tuple[str, ...] = ()
    check_links: bool = True
    csp_policy: str | None = None  # the policy with its placeholder, None when no policy is written
    public_extra: tuple[str, ...] = ()  # public texts of the configuration (site name, description)


@dataclass
class GuardReport:
    findings: list[Finding] = field(default_factory=list)
    broken: list[BrokenLink] = field(default_factory=list)
    scans: dict[str, PageScan] = field(default_factory=dict)  # every page's scan, for the next build

    @property
    def ok(self) -> bool:
        return not self.findings and not self.broken

    def format(self) -> str:
        lines = [f.format() for f in self.findings] + [b.format() for b in self.broken]
        lines.append(
            f"共 {len(self.findings)} 处不得发布的内容、{len(self.broken)} 个失效链接。"
            "含有不得发布内容的文件已从输出文件夹中删除。" if self.findings else
            f"共 {len(self.broken)} 个失效链接。"
        )
        return "\n".join(lines)


def shipped_folders() -> list[Path]:
    """The theme's and this package's own static files (no project data can be in them)."""
    folders = []
    for package, sub in (("material", "templates/assets"), ("dangjian", "assets"), ("dangjian", "vendor")):
        try:
            folders.append(Path(str(resources.files(package) / sub)))
        except ModuleNotFoundError:
            continue
    return folders


def scan_setup(site_url: str, catalog: Catalog | None, root: Path, docs_dir: Path,
               options: GuardOptions) -> ScanSetup:
    """What every page and file of this build is scanned for, and where findings come from."""
    folders = [docs_dir]
    found_needles = []
    if catalog is not None:
        folders += [catalog.settings.data_path, catalog.settings.routes_path]
        found_needles = needles(catalog, options.public_extra)
    return ScanSetup(
        needles=tuple(found_needles), root=root, source_folders=tuple(folders),
        source_files=(root / "mkdocs.yml",),
        allow_phones=frozenset(phone_digits(p) for p in options.allow_phones),
        sensitive_terms=options.sensitive_terms, shipped=shipped_digests(shipped_folders()),
        site_url=site_url, check_links=options.check_links, csp=options.csp_policy is not None,
    )


def guard_site(site_dir: Path, setup: ScanSetup, options: GuardOptions,
               known: Mapping[str, PageScan] | None = None,
               written: Mapping[str, str] | None = None) -> GuardReport:
    """Write the CSP, then scan every file and check every link; files with findings are removed.

    known: pages already scanned (beside the build, or in the previous build of `mkdocs
    serve`); one is used when its digest is that of the page's bytes now, otherwise the page
    is scanned here. Pages are read twice (to scan them and gather the hashes of the theme's
    scripts, which every page's policy lists; then to write the policy); other files once.
    written: the hashes each page's policy was filled in with as it was written
    (csp.EarlyPolicy); a page written with the final ones is not read or written again.
    """
    written = written or {}
    files, dirs = walk(site_dir)
    ordered = sorted(files)
    scanner = setup.page_scanner()
    known = known or {}
    scans: dict[str, PageScan] = {}
    for rel in ordered:
        if is_page(rel):
            data = (site_dir / rel).read_bytes()
            key = digest(data)
            done = known.get(rel)
            scans[rel] = done if done is not None and done.digest == key else scanner.scan(rel, data, key)
    page_policy = None
    rescan_all = False
    if options.csp_policy is not None:
        page_policy = PagePolicy(options.csp_policy, set().union(*(s.script_hashes for s in scans.values())))
        # the one tag the policy step writes, searched on its own (see pagescan.py)
        rescan_all = bool(scanner.findings("policy.html", (page_policy.meta + page_policy.hashes).encode()))
    links = LinkChecker(site_dir, setup.site_url, files, dirs) if options.check_links else None
    findings: list[Finding] = []
    for rel in ordered:
        path = site_dir / rel
        scan = scans.get(rel)
        if scan is None:
            findings.extend(scanner.findings(rel, path.read_bytes()))
            continue
        found = scan.findings
        early = written.get(rel)
        if page_policy is not None and early != page_policy.hashes:
            updated = page_policy.apply(page_text(path.read_bytes(), errors="strict"), early)
            if updated is not None:
                data = updated.encode("utf-8")
                path.write_bytes(data)
                if found or rescan_all:
                    found = scanner.findings(rel, data)
        findings.extend(found)
        if links is not None and scan.links is not None:
            links.add_links(rel, scan.links)
    report = GuardReport(findings=sorted(findings), scans=scans)
    if links is not None:
        report.broken = links.finish()
    for rel in sorted({f.output for f in report.findings}):
        _remove(site_dir, rel)
    return report


def _remove(site_dir: Path, rel: str) -> None:
    # fail closed: a file that must not be published does not stay where a deploy would pick it up
    path = (site_dir / rel).resolve()
    if path.is_relative_to(site_dir.resolve()) and path.is_file():
        path.unlink()
    gz = path.with_name(path.name + ".gz")
    if gz.is_file():
        gz.unlink()
