"""Plugin `dangjian/search`: Chinese search that finds sub-words, proper names and pinyin.

Thin glue around dangjian.search: checks the setup loudly, loads the catalog's words into
jieba before anything is segmented, makes each generated page's search record from its
model as the page is generated (Material indexes only the hand-written pages: the generated
ones say `search: exclude` in their front matter), writes the sharded index and the search
worker after the build, and points every page at that worker.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from dangjian.catalog import Catalog
from dangjian.mkdocs.logging import get_logger
from dangjian.mkdocs.shared import content_site
from dangjian.render.pages import SECTION_TITLES
from dangjian.search import build
from dangjian.search.records import Record, RecordMaker
from dangjian.search.requirements import SearchSetupError, check_jieba, check_search_config, search_plugin
from dangjian.search.worker import material_worker_name, point_to_worker

log = get_logger("dangjian/search")


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)


class SearchPlugin(BasePlugin[SearchConfig]):
    """Makes the site's search find Chinese sub-words, names and pinyin, at any size."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.material_worker = ""
        self.catalog: Catalog | None = None
        self.maker: RecordMaker | None = None
        # records by page address; kept between the builds of `mkdocs serve --dirty`,
        # which generates only the pages that changed
        self.records: dict[str, Record] = {}
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    # After Material's search plugin has filled in its defaults (lang, separator).
    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            check_jieba()
            check_search_config(None if (p := search_plugin(config.plugins)) is None else p.config)
        except SearchSetupError as err:
            raise PluginError(str(err)) from None
        self.material_worker = material_worker_name()
        return config

    # After dangjian/content (priority 50) has loaded the catalog; before any page is indexed.
    @event_priority(40)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        site = content_site(config, "dangjian/search")
        self.catalog = None if site is None else site.catalog
        self.maker = None
        if not self.dirty:
            self.records = {}
        if self.catalog is not None:
            build.load_user_dictionary(self.catalog)
            self.maker = RecordMaker(self.catalog, SECTION_TITLES)
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.maker is not None:
            record = self.maker.for_source(page.file.src_uri)
            if record is not None:
                self.records[record.location] = record
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or not self.material_worker:
            return None
        return point_to_worker(output, self.material_worker)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not self.material_worker:
            return None
        return point_to_worker(output_content, self.material_worker)

    # Before the publishing guard verifies site/ (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.maker is None:
            return
        records = self.maker.in_page_order(self.records)
        self.records = {r.location: r for r in records}
        count, size = build.write_index(Path(config.site_dir), records)
        log.info(f"搜索索引：{len(records)} 个页面，{count} 个文件，共 {size / 1e6:.2f} MB")
