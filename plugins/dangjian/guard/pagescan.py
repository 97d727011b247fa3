"""What the guard finds in one page, as one value: computed in the build process or beside it.

A page is scanned as MkDocs writes it, before its Content-Security-Policy is filled in (the
policy needs the script hashes of every page). The policy step changes only the one tag
between two `>` characters that carries the policy, adds no line, and no link or anchor;
so a page clean before the step is clean after it once that tag is (the scan searches
piece by piece between `>`, see scan.py). A page with findings is scanned again after the
step, so every position reported is that of the published file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dangjian.guard.csp import page_script_hashes
from dangjian.guard.links import LinkResolver, PageLinks, is_page
from dangjian.guard.scan import Finding, Scanner
from dangjian.guard.sitefiles import site_file
from dangjian.guard.sources import SourceIndex
from dangjian.guard.visibility import Needle


def digest(data: bytes) -> str:
    """Identifies the bytes a page was scanned in (a page rewritten later is scanned again)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def page_text(data: bytes, errors: str) -> str:
    """A page's bytes as `Path.read_text` gives them: UTF-8, newlines made \\n."""
    text = data.decode("utf-8", errors=errors)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _plain_text(data: bytes) -> str | None:
    """data as UTF-8 text when it decodes strictly and has no \r (then every reading of it,
    page_text strict or replacing, and site_file's, is this same text); None otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\r" in text else text


def page_bytes(output: str) -> bytes:
    """The bytes MkDocs writes for a page's output."""
    return output.encode("utf-8", errors="xmlcharrefreplace")


@dataclass(frozen=True)
class PageScan:
    """One page's findings, theme-script hashes and links, for the bytes with this digest."""

    rel: str
    digest: str
    findings: tuple[Finding, ...]
    script_hashes: frozenset[str]
    links: PageLinks | None


@dataclass(frozen=True)
class ScanSetup:
    """Everything a scan needs, as plain values (it is sent to a worker process as it is)."""

    needles: tuple[Needle, ...]
    root: Path
    source_folders: tuple[Path, ...]
    source_files: tuple[Path, ...]
    allow_phones: frozenset[str]
    sensitive_terms: tuple[str, ...]
    shipped: frozenset[str]
    site_url: str
    check_links: bool
    csp: bool

    def page_scanner(self) -> PageScanner:
        scanner = Scanner(
            list(self.needles), SourceIndex.of(self.root, list(self.source_folders), list(self.source_files)),
            allow_phones=self.allow_phones, sensitive_terms=self.sensitive_terms,
        )
        return PageScanner(self, scanner, LinkResolver(self.site_url) if self.check_links else None)


@dataclass
class PageScanner:
    setup: ScanSetup
    scanner: Scanner
    resolver: LinkResolver | None

    def findings(self, rel: str, data: bytes) -> tuple[Finding, ...]:
        """The findings in one file's bytes."""
        file = site_file(rel, data, self.setup.shipped)
        return tuple(self.scanner.scan_file(file)) if file is not None else ()

    def scan(self, rel: str, data: bytes, known: str | None = None) -> PageScan:
        """The scan of one page's bytes (known: their digest, when already computed)."""
        hashes: frozenset[str] = frozenset()
        # one string for the policy, the scan and the links when the page is plain UTF-8 with
        # \n newlines (as MkDocs writes it): decoded once, and parsed once (markup.py)
        text = _plain_text(data)
        file = site_file(rel, data, self.setup.shipped, decoded=text)
        if self.setup.csp:
            strict = text if text is not None else page_text(data, errors="strict")
            hashes = frozenset(page_script_hashes(file.text if file is not None and file.text == strict
                                                  else strict))
        findings = tuple(self.scanner.scan_file(file)) if file is not None else ()
        links = None
        if self.resolver is not None and is_page(rel):
            if text is None:
                text = page_text(data, errors="replace")
                if file is not None and file.text == text:
                    text = file.text
            links = self.resolver.page_links(rel, text)
        return PageScan(rel, known or digest(data), findings, hashes, links)
