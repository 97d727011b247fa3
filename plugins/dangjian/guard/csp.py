"""The Content-Security-Policy of every page: scripts only from the site, plus the theme's own inline scripts.

Material writes a few small inline scripts into every page (the site scope, the palette,
the anchor target). Their text depends on the configuration and on the page's depth, so
their hashes are computed from the built HTML and written into the policy of every page
(instant navigation keeps the first page's policy while it runs the next page's scripts).
Only scripts outside the page content are hashed: a script inside <article> comes from a
document or data and is reported, never allowed.

`style-src` needs 'unsafe-inline': Material and Leaflet set style attributes from script,
and the QR codes and icons are inline SVG with style attributes. Styles cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from dangjian.guard.markup import article_spans, in_content, inline_scripts

PLACEHOLDER = "'dangjian-inline-scripts'"

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", PLACEHOLDER),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "frame-src": ("'self'",),
    "media-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap", "text/template"})
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.I)


def policy(extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The policy text with PLACEHOLDER where the inline-script hashes go.

    extra adds sources per directive (e.g. a live base map's tile host under img-src);
    'unsafe-inline' and 'unsafe-eval' are never accepted for scripts.
    """
    directives = {k: list(v) for k, v in BASE_POLICY.items()}
    for name, sources in (extra or {}).items():
        allowed = [s for s in sources if not (name in ("script-src", "default-src")
                                               and s in ("'unsafe-inline'", "'unsafe-eval'"))]
        directives.setdefault(name, []).extend(s for s in allowed if s not in directives[name])
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def script_hash(body: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64 of the SHA-256 of its text>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def executable(opening_tag: str) -> bool:
    """False for data blocks (type="application/json" ...), which the browser never runs."""
    m = _TYPE.search(opening_tag)
    return m is None or m[1].lower() not in _DATA_TYPES


def page_script_hashes(html: str) -> set[str]:
    """Hashes of the executable inline scripts of one page that lie outside its content."""
    hashes: set[str] = set()
    articles = None
    for offset, tag, body in inline_scripts(html):
        if executable(tag):
            if articles is None:
                articles = article_spans(html)
            if not in_content(html, offset, articles):
                hashes.add(script_hash(body))
    return hashes


def theme_script_hashes(pages: Mapping[str, str]) -> set[str]:
    """Hashes of every executable inline script outside page content, over all pages."""
    hashes: set[str] = set()
    for html in pages.values():
        hashes |= page_script_hashes(html)
    return hashes


class PagePolicy:
    """The final policy of every page, once the hashes of all pages' theme scripts are known."""

    def __init__(self, policy_text: str, hashes: set[str]) -> None:
        self.hashes = " ".join(sorted(hashes))
        final = policy_text.replace(PLACEHOLDER, self.hashes).replace("  ", " ")
        self.meta = f'<meta http-equiv="Content-Security-Policy" content="{final}">'

    def apply(self, html: str, written: str | None = None) -> str | None:
        """The page with its policy filled in or added; None when the page stays as it is.

        written: the hashes the page's policy was filled in with as it was written
        (EarlyPolicy), replaced when they are not the final ones."""
        if written is not None and PLACEHOLDER not in html:
            if written == self.hashes or not written or written not in html:
                return None
            return html.replace(written, self.hashes)
        if PLACEHOLDER in html:
            return html.replace(PLACEHOLDER, self.hashes)
        if _META.search(html):
            return None
        head = _HEAD.search(html)
        if head is None:
            return None
        return html[: head.end()] + self.meta + html[head.end():]


def read_page(path: Path) -> str:
    """A page as the policy step reads it (strict UTF-8, newlines made \\n)."""
    return path.read_text(encoding="utf-8")


def apply_policy(site_dir: Path, policy_text: str) -> int:
    """Fill in the hashes in every page's policy; give a page without one the policy. Returns the count."""
    paths = sorted(site_dir.rglob("*.htm*"))
    hashes: set[str] = set()
    for path in paths:
        hashes |= page_script_hashes(read_page(path))
    page_policy = PagePolicy(policy_text, hashes)
    for path in paths:
        updated = page_policy.apply(read_page(path))
        if updated is not None:
            path.write_text(updated, encoding="utf-8")
    return len(paths)


class EarlyPolicy:
    """Each page's policy filled in as MkDocs writes it, with the theme-script hashes known so far.

    The policy needs the hashes of every page's theme scripts, known for sure only after the
    build. They depend on the configuration and a page's depth, so the first pages of each
    depth give them all: the rest of the site is written with its final policy at once, and
    the post-build step (postbuild.guard_site) rewrites only the pages whose hashes turned out
    short, instead of every page (writing ten thousand files again takes seconds).
    """

    SAMPLES = 2
    """Pages of each depth whose scripts are hashed as they are written."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()
        self.written: dict[str, str] = {}  # page -> the hashes it was written with
        self._sampled: dict[int, int] = {}

    def fill(self, rel: str, html: str) -> str | None:
        """The page with its policy filled in, or None when it has no placeholder (or no hash
        is known yet: postbuild fills it in then)."""
        if PLACEHOLDER not in html:
            return None
        depth = rel.count("/")
        if self._sampled.get(depth, 0) < self.SAMPLES:
            self._sampled[depth] = self._sampled.get(depth, 0) + 1
            self.hashes |= page_script_hashes(html)
        if not self.hashes:
            return None
        written = " ".join(sorted(self.hashes))
        self.written[rel] = written
        return html.replace(PLACEHOLDER, written)
