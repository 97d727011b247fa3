"""The pages and assets the content plugin adds to a build, as MkDocs `File.generated`."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from pydantic import BaseModel

from dangjian.assetfiles import asset_files
from dangjian.catalog import SECTIONS, Catalog, Entry
from dangjian.directory.data import DATA_FOLDER
from dangjian.directory.listing import page_address
from dangjian.government import Government
from dangjian.render import government, pages
from dangjian.render.directory import list_page_title as directory_title
from dangjian.render.images import ImageProcessingError, SitePhotos
from dangjian.search.requirements import makes_records

ASSET_PREFIX = "assets/dangjian/"

PageInputs = tuple[list[Entry[BaseModel]], list[object]]
"""What a generated page shows besides its own entity: other entities, and plain values."""


def _front_matter(meta: Mapping[str, object]) -> str:
    # JSON strings are valid YAML, and never re-interpreted (no yes/no or dates).
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


class GeneratedSite:
    """Knows which page is generated from what, and renders its body on demand."""

    def __init__(self, catalog: Catalog, config: MkDocsConfig,
                 details: Government | None = None) -> None:
        self.catalog = catalog
        self.government = details or Government()
        root = catalog.settings.root
        docs = Path(config.docs_dir).resolve()
        self.docs_prefix = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else ""
        self.config = config
        self.index = pages.SiteIndex.build(catalog, config.site_url or "")
        self.photos = photo_set(catalog)
        self.index.photos = self.photos.by_entry
        self._bodies: dict[str, Callable[[], str]] = {}
        # what each page that the preview may take from its last build shows (previewcache.py)
        self._inputs: dict[str, Callable[[], PageInputs]] = {}
        self.reused: dict[str, str] = {}
        """Generated pages written from the preview's cache this build: src_uri -> dest_uri.
        They are static files of the build, not pages: no page event runs for them."""
        # dangjian/search makes the search records of the pages generated from the catalog
        self._search: dict[str, object] = {}
        if makes_records(config.plugins):
            self._search = {"search": {"exclude": True}}

    def add_to(self, files: Files) -> None:
        """Add every generated page, poster and asset to files; set edit links."""
        for file in files:
            if file.is_documentation_page():
                file.edit_uri = "/".join(p for p in (self.docs_prefix, file.src_uri) if p)
        for kind, section in SECTIONS.items():
            title = pages.SECTION_TITLES[kind]
            self._add(files, f"{section}/index.md", {"title": title, "description": title, **self._search},
                      partial(pages.section_page, kind, self.index), edit=None,
                      inclusion=InclusionLevel.UNDEFINED)
            for entry in self.catalog.public(kind):
                self._add_entity(files, entry)
        self._add_directory(files)
        if self.government.has_contact:
            # its source, as 编辑此页 and the guard's findings name it, is mkdocs.yml
            self._add(files, government.CONTACT_PAGE, government.contact_meta(),
                      lambda: government.contact_page(self.government),
                      edit=Path(self.config.config_file_path or "mkdocs.yml").name,
                      inclusion=InclusionLevel.NOT_IN_NAV)
        add_package_assets(files, self.config, self._put)
        for src_uri, made in self.photos.files.items():
            picture = File.generated(self.config, src_uri, abs_src_path=str(made))
            picture.edit_uri = self.photos.sources[src_uri]  # the guard names it in a finding
            self._put(files, picture)

    def _add_directory(self, files: Files) -> None:
        """The brand list's further pages (brands/page/2/, ...) and the directory's JSON files."""
        directory, data = self.index.directory, self.index.directory_data
        assert directory is not None and data is not None
        for number in range(2, directory.page_count + 1):
            title = directory_title(number)
            # a page of links to brand pages: nothing of its own to find by search
            self._add(files, f"{SECTIONS['brand']}/{page_address(number)}index.md",
                      {"title": title, "description": title, "search": {"exclude": True}},
                      partial(pages.brand_list_page, self.index, number), edit=None,
                      inclusion=InclusionLevel.NOT_IN_NAV)
            self._inputs[f"{SECTIONS['brand']}/{page_address(number)}index.md"] = \
                partial(pages.brand_list_inputs, self.index, number)
        for name, content in data.files.items():
            self._put(files, File.generated(self.config, f"{ASSET_PREFIX}{DATA_FOLDER}/{name}",
                                            content=content))

    def _add_entity(self, files: Files, entry: Entry[BaseModel]) -> None:
        src = f"{SECTIONS[entry.kind]}/{entry.id}.md"
        self._add(files, src, {**pages.entity_meta(entry), **self._search},
                  partial(pages.entity_page, entry, self.index), edit=entry.rel,
                  inclusion=InclusionLevel.NOT_IN_NAV)
        self._inputs[src] = partial(pages.entity_inputs, entry, self.index)
        if entry.kind in ("site", "school"):
            poster = pages.poster_page(entry, self.index, self.config.site_name)
            self._put(files, File.generated(self.config, f"{entry.url}poster.html", content=poster))

    def _add(self, files: Files, src: str, meta: Mapping[str, object], body: Callable[[], str],
             edit: str | None, inclusion: InclusionLevel) -> None:
        file = File.generated(self.config, src, content=_front_matter(meta), inclusion=inclusion)
        file.edit_uri = edit
        self._put(files, file)
        self._bodies[src] = body

    def _put(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None and not existing.generated_by:
            raise PluginError(
                f"docs/{file.src_uri} 与根据数据生成的页面同名：请删除或改名这个手写文件。"
            )
        files.append(file)

    def is_generated(self, src_uri: str) -> bool:
        return src_uri in self._bodies

    def body(self, src_uri: str) -> str:
        return self._bodies[src_uri]()

    def cacheable(self) -> dict[str, Callable[[], PageInputs]]:
        """The pages the preview may write from its last build, with what each shows."""
        return self._inputs

    def home_sections(self, page_url: str) -> str:
        return pages.home_sections(self.index, base=pages.depth_prefix(page_url))


def photo_set(catalog: Catalog) -> SitePhotos:
    """The public entities' pictures, made (or taken from the cache) before any page is written."""
    public = [e for kind in SECTIONS for e in catalog.public(kind)]
    try:
        return SitePhotos.build(catalog.settings, public)
    except ImageProcessingError as err:
        raise PluginError(str(err)) from None


def add_package_assets(files: Files, config: MkDocsConfig,
                       put: Callable[[Files, File], None] | None = None) -> None:
    """The package's front-end files (CSS, scripts, vendored libraries) under assets/dangjian/."""
    for name, asset in asset_files():
        file = File.generated(config, ASSET_PREFIX + name, content=asset.read_bytes())
        if put is not None:
            put(files, file)
        elif files.get_file_from_path(file.src_uri) is None:
            files.append(file)
