"""Live preview with bad data: every page shows the diagnostics instead of the server stopping.

Only `mkdocs serve` uses this. A publishing build (`mkdocs build --strict`) still fails.
Placeholder pages are added at the address of every entity whose file declares an id
(valid or not) and at each section, so the page the editor is looking at turns into the
error page, and reloads itself into the real page once the file is fixed.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from dangjian.catalog import SECTIONS
from dangjian.load import LoadResult, format_all
from dangjian.mkdocs.generated import add_package_assets
from dangjian.mkdocs.logging import get_logger
from dangjian.model.common import ID_PATTERN
from dangjian.render.errorpage import preview_error

log = get_logger("dangjian/content")
_ID = re.compile(ID_PATTERN)
TITLE = "数据有误"


class BrokenPreview:
    """What the preview serves while the data has problems."""

    def __init__(self, result: LoadResult) -> None:
        self.diagnostics = result.diagnostics
        self.addresses = {f"{section}/index.md" for section in SECTIONS.values()}
        for loaded in result.files.values():
            value = loaded.parsed.value
            entity_id = value.get("id") if isinstance(value, dict) else None
            # the file name is the id too (DJ110): a file too broken to read still turns the
            # page the editor is looking at into the error page
            for candidate in (entity_id, loaded.path.stem):
                if isinstance(candidate, str) and _ID.fullmatch(candidate):
                    self.addresses.add(f"{SECTIONS[loaded.kind]}/{candidate}.md")
        self._body = preview_error(self.diagnostics)

    def report(self) -> None:
        """Print every diagnostic in the terminal, as errors."""
        log.error("数据有误，预览显示问题列表，修正后自动恢复：\n" + format_all(self.diagnostics))

    def add_to(self, files: Files, config: MkDocsConfig) -> None:
        """Add the placeholder pages, and pause the other dangjian plugins but the guard for this build.

        They read the catalog, which does not exist while the data is bad. Their options
        are read afresh from mkdocs.yml on the next build, which switches them back on.
        """
        for name, plugin in config.plugins.items():
            options = getattr(plugin, "config", None)
            # the guard stays on: the error page carries the published policy (it verifies
            # nothing while the data is broken, see mkdocs/guard.py)
            if name.startswith("dangjian/") and name not in ("dangjian/content", "dangjian/guard") \
                    and "enabled" in (options or {}):
                options["enabled"] = False  # type: ignore[index]
        # the site's own styles and the live-reload script, so that the error page looks like
        # the site and turns back into the page by itself once the files are fixed
        add_package_assets(files, config)
        # the pages the nav names that other plugins generate (研学规划, ...) answer too
        for src in sorted(self.addresses | set(_nav_pages(config.nav))):
            if files.get_file_from_path(src) is None:
                files.append(File.generated(config, src, content=f"---\ntitle: {TITLE}\n---\n",
                                            inclusion=InclusionLevel.NOT_IN_NAV))

    def body(self) -> str:
        return self._body


def _nav_pages(nav: object) -> list[str]:
    """Every Markdown page named in mkdocs.yml's nav."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    return []
