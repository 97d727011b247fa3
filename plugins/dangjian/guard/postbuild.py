"""The whole post-build guard: policy, scan and link check of a built site, as one report."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.guard.csp import PagePolicy, page_script_hashes, read_page
from dangjian.guard.links import BrokenLink, LinkChecker, is_page, walk
from dangjian.guard.personal import phone_digits
from dangjian.guard.scan import Finding, Scanner
from dangjian.guard.sitefiles import shipped_digests, site_file
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
    """Write the CSP, then scan every file and check every link; files with findings are removed.

    Every page is read twice (once for the hashes of the theme's scripts, which every page's
    policy lists, once to write its policy, scan it and check its links); every other file once.
    """
    files, dirs = walk(site_dir)
    ordered = sorted(files)
    pages = [rel for rel in ordered if is_page(rel)]
    page_policy = None
    if options.csp_policy is not None:
        hashes: set[str] = set()
        for rel in pages:
            hashes |= page_script_hashes(read_page(site_dir / rel))
        page_policy = PagePolicy(options.csp_policy, hashes)
    folders = [docs_dir]
    found_needles = []
    if catalog is not None:
        folders += [catalog.settings.data_path, catalog.settings.routes_path]
        found_needles = needles(catalog, options.public_extra)
    scanner = Scanner(
        found_needles, SourceIndex.of(root, folders, [root / "mkdocs.yml"]),
        allow_phones=frozenset(phone_digits(p) for p in options.allow_phones),
        sensitive_terms=options.sensitive_terms,
    )
    shipped = shipped_digests(shipped_folders())
    links = LinkChecker(site_dir, site_url, files, dirs) if options.check_links else None
    findings: list[Finding] = []
    for rel in ordered:
        path = site_dir / rel
        data = path.read_bytes()
        if page_policy is not None and is_page(rel):
            updated = page_policy.apply(page_text(data, errors="strict"))
            if updated is not None:
                data = updated.encode("utf-8")
                path.write_bytes(data)
        file = site_file(rel, data, shipped)
        if file is not None:
            findings.extend(scanner.scan_file(file))
        if links is not None and is_page(rel):
            text = page_text(data, errors="replace")
            links.add_page(rel, file.text if file is not None and file.text == text else text)
    report = GuardReport(findings=sorted(findings))
    if links is not None:
        report.broken = links.finish()
    for rel in sorted({f.output for f in report.findings}):
        _remove(site_dir, rel)
    return report


def page_text(data: bytes, errors: str) -> str:
    """A page's bytes as `Path.read_text` gives them: UTF-8, newlines made \\n."""
    text = data.decode("utf-8", errors=errors)
    return text.replace("\\r\\n", "\\n").replace("\\r", "\\n") if "\\r" in text else text


def _remove(site_dir: Path, rel: str) -> None:
    # fail closed: a file that must not be published does not stay where a deploy would pick it up
    path = (site_dir / rel).resolve()
    if path.is_relative_to(site_dir.resolve()) and path.is_file():
        path.unlink()
    gz = path.with_name(path.name + ".gz")
    if gz.is_file():
        gz.unlink()
