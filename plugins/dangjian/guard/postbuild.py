"""The whole post-build guard: every published file verified once, links checked, one report."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from dangjian.catalog import Catalog
from dangjian.guard.beside import BesideChecks, stamp
from dangjian.guard.border import SECURITY_WORDS, BorderRules
from dangjian.guard.links import (
    BrokenLink,
    LinkChecker,
    LinkResolver,
    PageLinks,
    is_page,
    links_of_page,
    walk,
)
from dangjian.guard.memo import VerifiedFiles
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
               beside: BesideChecks | None = None, store: VerifiedFiles | None = None) -> GuardReport:
    """Verify every file once and check every link; files with findings are removed.

    beside: the pool the build's pages were handed to (beside.py); the other files are
    handed to it too, and the batches it has not started are taken back and verified
    here. A file it verified is taken as it was when its size and modification time are
    those it was read at.
    store: results of earlier verifications to reuse for files whose bytes are the same
    (memo.py, in `mkdocs serve` only)."""
    files, dirs = walk(site_dir)
    links = LinkChecker(site_dir, site_url, files, dirs) if check_links else None
    resolver = links.resolver if links is not None else None
    if store is not None:
        store.begin(f"{check.fingerprint} {check_links} {site_url}", files)
    root = str(site_dir)
    handed: frozenset[str] = frozenset()
    if beside is not None:
        beside.add(sorted(files - beside.handed()))
        handed = beside.handed() & files
    done: dict[str, tuple[Sequence[Finding], PageLinks | None]] = {}
    for rel in sorted(files - handed):
        done[rel] = _verify(check, root, rel, resolver, store)
    while beside is not None and (batch := beside.take_back()) is not None:
        for rel in batch:
            if rel in handed:
                done[rel] = _verify(check, root, rel, resolver, store)
    known = beside.results() if beside is not None else {}
    for rel in sorted(handed - done.keys()):
        checked = known.get(rel)
        if checked is not None and checked.stamp == stamp(os.path.join(root, rel)):
            done[rel] = checked.findings, checked.links
        else:
            done[rel] = _verify(check, root, rel, resolver, store)
    findings: list[Finding] = []
    for rel in sorted(done):
        found, page_links = done[rel]
        findings += found
        if links is not None and is_page(rel):
            if page_links is None:  # verified beside the build with no links resolved
                page_links = links_of_page(links.resolver, rel, (site_dir / rel).read_bytes())
            links.add_links(rel, page_links)
    report = GuardReport(findings=sorted(set(findings)))
    if links is not None:
        report.broken = [dataclasses.replace(b, source=check.sources.get(b.output)) for b in links.finish()]
    for rel in sorted({f.output for f in report.findings}):
        _remove(site_dir, rel)
    return report


def _verify(check: Verifier, root: str, rel: str, resolver: LinkResolver | None,
            store: VerifiedFiles | None) -> tuple[Sequence[Finding], PageLinks | None]:
    """One file's findings and, when links are checked and it is a page, its links."""
    with open(os.path.join(root, rel), "rb") as f:
        data = f.read()
    digest = None
    if store is not None:
        digest = hashlib.sha256(data).hexdigest()
        reused = store.get(rel, digest)
        if reused is not None:
            return (), reused.links
    found, parsed = check.verify(rel, data, digest)
    page_links = links_of_page(resolver, rel, data, parsed) if resolver is not None and is_page(rel) else None
    if store is not None and digest is not None:
        if found:
            store.forget(rel)
        else:
            store.put(rel, digest, page_links)
    return found, page_links


def _remove(site_dir: Path, rel: str) -> None:
    # fail closed: a file that must not be published does not stay where a deploy would pick it up
    path = (site_dir / rel).resolve()
    if path.is_relative_to(site_dir.resolve()) and path.is_file():
        path.unlink()
    gz = path.with_name(path.name + ".gz")
    if gz.is_file():
        gz.unlink()
