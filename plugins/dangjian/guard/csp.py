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

from dangjian.guard.markup import in_content, inline_scripts

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


def theme_script_hashes(pages: Mapping[str, str]) -> set[str]:
    """Hashes of every executable inline script outside page content, over all pages."""
    hashes: set[str] = set()
    for html in pages.values():
        for offset, tag, body in inline_scripts(html):
            if executable(tag) and not in_content(html, offset):
                hashes.add(script_hash(body))
    return hashes


def apply_policy(site_dir: Path, policy_text: str) -> int:
    """Fill in the hashes in every page's policy; give a page without one the policy. Returns the count."""
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.htm*"))}
    hashes = " ".join(sorted(theme_script_hashes(pages)))
    final = policy_text.replace(PLACEHOLDER, hashes).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{final}">'
    for path, html in pages.items():
        if PLACEHOLDER in html:
            updated = html.replace(PLACEHOLDER, hashes)
        elif _META.search(html):
            continue
        else:
            head = _HEAD.search(html)
            if head is None:
                continue
            updated = html[: head.end()] + meta + html[head.end():]
        path.write_text(updated, encoding="utf-8")
    return len(pages)
