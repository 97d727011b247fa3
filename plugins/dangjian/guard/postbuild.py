"""The whole post-build guard: policy, scan and link check of a built site, as one report."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.guard.csp import apply_policy
from dangjian.guard.links import BrokenLink, check_links
from dangjian.guard.personal import phone_digits
from dangjian.guard.scan import Finding, Scanner, scan_site
from dangjian.guard.sitefiles import shipped_digests
from dangjian.guard.sources import SourceIndex
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


def guard_site(site_dir: Path, site_url: str, catalog: Catalog | None, root: Path, docs_dir: Path,
               options: GuardOptions) -> GuardReport:
    """Write the CSP, then scan every file and check every link; files with findings are removed."""
    if options.csp_policy is not None:
        apply_policy(site_dir, options.csp_policy)
    folders = [docs_dir]
    found_needles = []
    if catalog is not None:
        folders += [catalog.settings.data_path, catalog.settings.routes_path]
        found_needles = needles(catalog, options.public_extra)
    sources = SourceIndex.of(root, folders, [root / "mkdocs.yml"])
    scanner = Scanner(
        found_needles, sources,
        allow_phones=frozenset(phone_digits(p) for p in options.allow_phones),
        sensitive_terms=options.sensitive_terms,
    )
    report = GuardReport(findings=scan_site(site_dir, scanner, shipped_digests(shipped_folders())))
    if options.check_links:
        report.broken = check_links(site_dir, site_url)
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
