"""The Content-Security-Policy of every page: scripts only from the site, plus the theme's own inline scripts.

Material writes a few small inline scripts into every page (the site scope, the palette,
content tabs). Their hashes are computed *from the theme's template sources*, before any
page is built: every inline `<script>` of every template the theme can use is found with a
real HTML parser, and rendered with the only values its text depends on (the page's
`base_url` at each depth of the site, and the configuration). Nothing is ever harvested
from built pages, so a script that data or a document smuggles into a page is never
trusted: the final verification (verify.py) fails the build on it, naming its source.

Every page carries every hash (instant navigation keeps the first page's policy while it
runs the next page's scripts).

`style-src` needs 'unsafe-inline': Material and Leaflet set style attributes from script,
and the QR codes and icons are inline SVG with style attributes. Styles cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError
from selectolax.lexbor import LexborHTMLParser

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "frame-src": ("'none'",),
    "media-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap", "text/template"})


def policy(extra: Mapping[str, Sequence[str]] | None = None, hashes: Iterable[str] = ()) -> str:
    """The policy text: the base policy, extra sources per directive (e.g. a live base map's
    tile host under img-src) and the allowed inline-script hashes; 'unsafe-inline' and
    'unsafe-eval' are never accepted for scripts."""
    directives = {k: list(v) for k, v in BASE_POLICY.items()}
    for name, sources in (extra or {}).items():
        allowed = [s for s in sources if not (name in ("script-src", "default-src")
                                               and s in ("'unsafe-inline'", "'unsafe-eval'"))]
        directives.setdefault(name, []).extend(s for s in allowed if s not in directives[name])
    directives["script-src"].extend(sorted(set(hashes)))
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


STANDALONE_POLICY = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
                     "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'")
"""The policy of the package's standalone pages (posters), which run no script at all."""


def script_hash(body: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64 of the SHA-256 of its text>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def template_scripts(folders: Iterable[Path]) -> list[str]:
    """The text of every executable inline script in the templates of folders, once each."""
    found: list[str] = []
    seen: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "<script" not in source:
                continue
            tree = LexborHTMLParser(source)
            for node in tree.css("script"):
                attrs = node.attributes
                kind = (attrs.get("type") or "").strip().lower()
                if "src" in attrs or kind in _DATA_TYPES:
                    continue
                body = node.text(deep=True)
                if body and body not in seen:
                    seen.add(body)
                    found.append(body)
    return found


def base_urls(depths: Iterable[int], absolute: str = "/") -> list[str]:
    """The `base_url` MkDocs gives a page at each depth (folders below the site root), and
    the absolute one of the theme's own pages (404.html)."""
    urls = {"."} | {"/".join([".."] * d) for d in depths if d > 0}
    return sorted(urls | {absolute or "/"})


def theme_script_hashes(env: Environment, folders: Iterable[Path], urls: Iterable[str],
                        context: Mapping[str, Any]) -> frozenset[str]:
    """The hashes of the theme's inline scripts as they render on pages with these base URLs.

    A script whose text has no template code is hashed as it is; one with template code is
    rendered with each base URL and context (config, ...). One that needs anything else
    (the page) cannot be known before the build and is left out: if it ever appears, the
    final verification reports it."""
    hashes: set[str] = set()
    url_list = list(urls)
    for body in template_scripts(folders):
        if "{{" not in body and "{%" not in body:
            hashes.add(script_hash(body))
            continue
        if "page" in body:
            continue
        try:
            template = env.from_string(body)
            for url in url_list:
                hashes.add(script_hash(template.render(**context, base_url=url)))
        except (TemplateError, TypeError, AttributeError, KeyError, ValueError):
            continue
    return frozenset(hashes)
