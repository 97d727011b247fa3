"""Preload hints for a page's scripts, written right after its Content-Security-Policy.

Chromium's preload scanner stops fetching scripts ahead once it has met a CSP `<meta>`
(the policy could forbid them): every script of a page was then fetched only when the
parser reached it, one after another, which on a phone's network more than doubled the
time to the load event. `<link rel="preload">` (`modulepreload` for a module) right after
the policy is read by the parser itself at once, so every script is fetched in parallel
again; a module of the package's own also gets a hint for each module it imports, at any
depth, which the browser would otherwise find only one level at a time. A hint runs nothing
(the policy still decides what may run), so finding the scripts here is a matter of speed,
not of safety: the final verification reads the published page with a real parser like
every other.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html import escape
from html.parser import HTMLParser

from dangjian.assetfiles import asset_files

POLICY_TAG = '<meta http-equiv="Content-Security-Policy"'
PACKAGE_ASSETS = "assets/dangjian/"
"""Where the package's front-end files are published (dangjian.mkdocs.generated.ASSET_PREFIX)."""

# the static imports of the package's own modules (never a page's content)
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']"""
                     r"""|^\s*import\s*["']([^"']+)["']""", re.M)


class _TagAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.attrs:
            self.attrs = {k: v or "" for k, v in attrs}


def _attributes(tag: str) -> dict[str, str]:
    parser = _TagAttributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def script_sources(html: str, start: int = 0) -> list[tuple[str, bool]]:
    """(src, is_module) of every external script after start, in page order, once each."""
    found: list[tuple[str, bool]] = []
    seen: set[str] = set()
    at = html.find("<script", start)
    while at >= 0:
        end = html.find(">", at)
        if end < 0:
            break
        attrs = _attributes(html[at:end + 1])
        src = attrs.get("src", "").strip()
        if src and src not in seen:
            seen.add(src)
            found.append((src, attrs.get("type", "").strip().lower() == "module"))
        at = html.find("<script", end)
    return found


@cache
def package_imports() -> dict[str, tuple[str, ...]]:
    """Each module of the package's assets (by its name under assets/) and the package
    modules it imports directly."""
    found: dict[str, tuple[str, ...]] = {}
    for name, file in asset_files():
        if name.endswith(".js"):
            specs = [a or b for a, b in _IMPORT.findall(file.read_text(encoding="utf-8"))]
            found[name] = tuple(posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))
                                for spec in specs if spec.startswith("."))
    return found


def module_imports(src: str) -> list[str]:
    """The addresses of the package modules that the module at src imports, at any depth,
    written as src is written (relative or absolute)."""
    at = src.find(PACKAGE_ASSETS)
    if at < 0:
        return []
    prefix, name = src[: at + len(PACKAGE_ASSETS)], src[at + len(PACKAGE_ASSETS):].split("?")[0]
    graph = package_imports()
    seen: list[str] = []
    todo = list(graph.get(name, ()))
    while todo:
        dep = todo.pop(0)
        if dep not in seen and dep != name:
            seen.append(dep)
            todo.extend(graph.get(dep, ()))
    return [prefix + dep for dep in seen]


def with_script_preloads(html: str) -> str:
    """html with a preload hint for each of its scripts after its CSP meta tag (unchanged
    when it has no such tag, or no external script)."""
    policy = html.find(POLICY_TAG)
    if policy < 0:
        return html
    after = html.find(">", policy) + 1
    if after <= 0:
        return html
    scripts = script_sources(html, after)
    listed = {src for src, _ in scripts}
    for src, module in list(scripts):
        if module:
            for dep in module_imports(src):
                if dep not in listed:
                    listed.add(dep)
                    scripts.append((dep, True))
    hints = "".join(
        f'<link rel="modulepreload" href="{escape(src)}">' if module
        else f'<link rel="preload" as="script" href="{escape(src)}">'
        for src, module in scripts
    )
    return html[:after] + hints + html[after:] if hints else html
