"""The theme's navigation rendered once per folder depth for the pages that are not in it.

Material renders the whole site navigation (sidebar and tabs) into every page. An entity
page is not in the navigation (navigation that scales), so nothing in it is active for
that page, and its links are relative to the page's folder: all entity pages in folders
beside each other (brands/a/, brands/b/) get the same navigation, character for character,
as long as no navigation link points into one of those folders. This cache renders it
once per parent folder and build and hands the text to the others. Pages in the navigation (the
section pages, the guide) are rendered as the theme does, every time.

It wraps the render function of the theme's `partials/nav.html` and `partials/tabs.html`
in the build's Jinja environment (MkDocs keeps templates loaded for the whole build).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, TemplateNotFound

PARTIALS = ("partials/nav.html", "partials/tabs.html")


def page_key(page: Any, nav: Any) -> str | None:
    """The parent of page's folder when every page there gets the same navigation; else None."""
    url = getattr(page, "url", None)
    if url is None or nav is None:
        return None
    if getattr(page, "parent", None) is not None or page.active is not True:
        return None  # in the navigation, or not the page being built
    folder = url[: url.rfind("/") + 1]
    if not folder:
        return None
    for item in _walk(nav.items):
        if item is page or _active(item):
            return None
        # a page or link into the page's own folder is written relative to it
        target = getattr(item, "url", None)
        if isinstance(target, str) and target.startswith(folder):
            return None
    return folder[: folder.rstrip("/").rfind("/") + 1]


def _walk(items: Any) -> Iterator[Any]:
    for item in items or ():
        yield item
        yield from _walk(getattr(item, "children", None))


def _active(item: Any) -> bool:
    return bool(getattr(item, "active", False))


def install(env: Environment) -> dict[tuple[str, str], str]:
    """Wrap the partials' render functions in env; returns the cache (empty, for this build)."""
    cache: dict[tuple[str, str], str] = {}
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:  # another theme: nothing to share
            continue
        original = template.root_render_func
        if getattr(original, "_dangjian_cached", False):
            original = original.__wrapped__  # type: ignore[attr-defined]
        template.root_render_func = _cached(name, original, cache, env)  # type: ignore[method-assign]
    return cache


def _cached(name: str, render: Callable[[Any], Iterator[str]], cache: dict[tuple[str, str], str],
            env: Environment) -> Callable[[Any], Iterator[str]]:
    def cached(context: Any) -> Iterator[str]:
        depth = page_key(context.get("page"), context.get("nav"))
        if depth is None:
            yield from render(context)
            return
        text = cache.get((name, depth))
        if text is None:
            text = cache[(name, depth)] = env.concat(render(context))  # type: ignore[attr-defined]
        yield text

    cached._dangjian_cached = True  # type: ignore[attr-defined]
    cached.__wrapped__ = render  # type: ignore[attr-defined]
    return cached
