"""The whole post-build guard: every published file verified once, links checked, one report."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from dangjian.catalog import Catalog
from dangjian.guard.beside import Checked, stamp
from dangjian.guard.border import SECURITY_WORDS, BorderRules
from dangjian.guard.links import BrokenLink, LinkChecker, is_page, page_anchors, parsed_links, walk
from dangjian.guard.personal import phone_digits
from dangjian.guard.sourcecheck import DEFAULT_SENSITIVE_TERMS
from dangjian.guard.verify import Finding, Verifier, shipped_digests
from dangjian.guard.visibility import needles


@dataclass
class GuardOptions:
    """What the guard checks, from the `dangjian/guard` options in mkdocs.yml."""

    sensitive_terms: tuple[str, ...] = DEFAULT_SENSITIVE_TERMS
    border_words: tuple[str, ...] = ()
    allow_phones: tuple[str, ...] = ()
    allow_binary: tuple[str, ...] = ()
    check_links: bool = True
    csp_policy: str | None = None  # the policy every page carries, None when none is written
    script_hashes: frozenset[str] = frozenset()
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


@cache
def _shipped() -> frozenset[str]:
    return shipped_digests(shipped_folders())  # the package's files do not change while it runs


def verifier(catalog: Catalog | None, options: GuardOptions, sources: Mapping[str, str]) -> Verifier:
    """The verifier of one build."""
    found = needles(catalog, options.public_extra) if catalog is not None else []
    allow_binary = frozenset("." + s.lower().lstrip(".") for s in options.allow_binary)
    return Verifier(
        needles=tuple(found),
        allow_phones=frozenset(phone_digits(p) for p in options.allow_phones),
        rules=BorderRules(SECURITY_WORDS + options.border_words, options.sensitive_terms),
        script_hashes=options.script_hashes, policy=options.csp_policy, allow_binary=allow_binary,
        shipped=_shipped(), sources=sources,
    )


def guard_site(site_dir: Path, site_url: str, check: Verifier, check_links: bool = True,
               known: Mapping[str, Checked] | None = None) -> GuardReport:
    """Verify every file once and check every link; files with findings are removed.

    known: files already verified beside the build (beside.py); one is taken as it was
    when its size and modification time are those it was read at."""
    files, dirs = walk(site_dir)
    links = LinkChecker(site_dir, site_url, files, dirs) if check_links else None
    findings: list[Finding] = []
    known = known or {}
    for rel in sorted(files):
        path = site_dir / rel
        done = known.get(rel)
        data: bytes | None = None
        if done is not None and done.stamp == stamp(path):
            findings += done.findings
            page_links = done.links
        else:
            data = path.read_bytes()
            found, page_links = check.verify(rel, data)
            findings += found
        if links is not None and is_page(rel):
            # the page's text gives each broken link its line; a page checked beside the
            # build is read again only when its links must be parsed here
            if data is None and page_links is None:
                data = path.read_bytes()
            html = data.decode("utf-8", errors="replace") if data is not None else ""
            if page_links is None:  # a page the theme ships, not parsed by the check
                tree = LexborHTMLParser(html)
                page_links = (page_anchors(tree), parsed_links(tree))
            ids, urls = page_links
            links.add_links(rel, links.resolver.page_links(rel, ids, urls, html))
    report = GuardReport(findings=sorted(set(findings)))
    if links is not None:
        report.broken = [dataclasses.replace(b, source=check.sources.get(b.output)) for b in links.finish()]
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
