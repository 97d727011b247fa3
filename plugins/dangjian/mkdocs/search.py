"""Plugin `dangjian/search`: Chinese search that finds sub-words, proper names and pinyin.

Thin glue around dangjian.search: checks the setup loudly, loads the catalog's words into
jieba before anything is segmented, writes the sharded index of the generated pages made
from the catalog's models (Material indexes only the hand-written pages: the generated ones
say `search: exclude` in their front matter) with the search worker, and points every page
at that worker. The index needs nothing but the catalog, so in a large build it is made on
the other core while MkDocs renders the pages (dangjian.parallel).
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from dangjian import parallel
from dangjian.catalog import Catalog
from dangjian.mkdocs.logging import get_logger
from dangjian.mkdocs.shared import content_site
from dangjian.render.pages import SECTION_TITLES
from dangjian.search import build
from dangjian.search.requirements import SearchSetupError, check_jieba, check_search_config, search_plugin
from dangjian.search.worker import material_worker_name, point_to_worker

log = get_logger("dangjian/search")


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    # the index made in a worker beside the build: unset = when it pays (dangjian.parallel)
    workers = c.Optional(c.Type(int))


class SearchPlugin(BasePlugin[SearchConfig]):
    """Makes the site's search find Chinese sub-words, names and pinyin, at any size."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.material_worker = ""
        self.catalog: Catalog | None = None
        self.serving = False
        self._pool: ProcessPoolExecutor | None = None
        self._written: Future[build.Written] | None = None
        self.memo: build.IndexMemo | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps a plugin with this handler for the whole serve session: the memo of
        # records and terms lasts from one rebuild to the next
        self.serving = command == "serve"
        self.memo = build.IndexMemo() if self.serving else None

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
        self._close()
        site = content_site(config, "dangjian/search")
        self.catalog = None if site is None else site.catalog
        if self.catalog is None:
            return None
        # Material indexes the hand-written pages with jieba: the catalog's words first
        build.load_user_dictionary(self.catalog)
        # The index needs the catalog only: on a spare core it is made while the pages are
        workers = self.config.workers
        if workers is None:
            workers = parallel.pool_size(len(files.documentation_pages()), self.serving)
        if workers and not self.serving:
            self._pool = parallel.forked_pool(1, build.start_worker, (self.catalog, SECTION_TITLES))
            self._written = self._pool.submit(build.worker_task, str(config.site_dir))
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
        if not self.config.enabled or self.catalog is None:
            return
        site_dir = Path(config.site_dir)
        written = None
        if self._written is not None:
            try:
                written = self._written.result()
            except BrokenProcessPool:
                written = None  # the worker died (killed for memory?): made here instead
        self._close()
        if written is None:
            written = build.write_site_index(self.catalog, SECTION_TITLES, site_dir, self.memo)
        log.info(f"搜索索引：{written.pages} 个页面，{written.files} 个文件，共 {written.bytes / 1e6:.2f} MB")

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        self._written = None
