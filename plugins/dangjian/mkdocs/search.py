"""Plugin `dangjian/search`: Chinese search that finds sub-words, proper names and pinyin.

Thin glue around dangjian.search: checks the setup loudly, loads the catalog's words into
jieba before Material's search plugin segments any page, ships the search worker with the
better query segmenter, and post-processes the index Material writes.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dangjian import background
from dangjian.background import worker_count
from dangjian.load.loader import data_files
from dangjian.mkdocs.logging import get_logger
from dangjian.mkdocs.shared import content_site
from dangjian.model import KINDS
from dangjian.search import build
from dangjian.search.background import BackgroundIndex, page_for_index
from dangjian.search.dictionary import user_words
from dangjian.search.index import EntityNames, entity_names
from dangjian.search.requirements import SearchSetupError, check_jieba, check_search_config, search_plugin
from dangjian.search.sections import LeanSearchIndex
from dangjian.search.worker import WORKER_DIR, WORKER_NAME, point_to_worker

log = get_logger("dangjian/search")
_ABSENT = object()


def _material_enabled(config: MkDocsConfig) -> bool:
    material = search_plugin(config.plugins)
    return material is not None and bool(material.config.get("enabled", True))


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    # make Material's search entries in the build's worker process while it renders the
    # next pages (dangjian.background); unset: when a core is spare and the site is big; 0: never
    workers = c.Optional(c.Type(int))


class SearchPlugin(BasePlugin[SearchConfig]):
    """Makes Material's search find Chinese sub-words, names and pinyin."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.material_worker = ""
        self.catalog = None
        self._background: BackgroundIndex | None = None
        self.dirty = False
        self.serving = False
        # pages whose front matter says search.exclude for Material until on_post_page; the
        # Page is held so that its id() stays its own meanwhile
        self._hidden: dict[int, tuple[Page, object]] = {}
        self._entities: dict[str, EntityNames] = {}
        # the worker started at pre-build, held until post-build (the guard shares it)
        self._early: Executor | None = None
        self._words_here = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve --dirty` keeps Material's index of the previous build and adds the
        # pages it rebuilds: there every page must go through Material's own plugin
        self.dirty = dirty
        self.serving = command == "serve"

    # Before MkDocs empties site/ and the content plugin loads the catalog: the worker is
    # started now and loads jieba's dictionary meanwhile (dangjian.background).
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._release_early()
        if not self.config.enabled or self.dirty or not _material_enabled(config):
            return
        content = config.plugins.get("dangjian/content")
        settings = getattr(content, "settings", None)
        if settings is None or not background.can_fork():
            return
        pages = sum(len(data_files(settings, kind)) for kind in KINDS)
        workers = worker_count(self.config.workers, pages)
        if workers:
            self._early = background.acquire(config, workers)
            if self._early is not None:
                self._early.submit(build.warm_up)

    # After Material's search plugin has filled in its defaults (lang, separator).
    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            check_jieba()
            plugin = search_plugin(config.plugins)
            check_search_config(None if plugin is None else plugin.config)
        except SearchSetupError as err:
            raise PluginError(str(err)) from None
        if plugin is not None and hasattr(plugin, "search_index"):
            # the same entries as Material's, from a leaner parser (dangjian.search.sections)
            plugin.search_index = LeanSearchIndex(**plugin.config)
        return config

    # After dangjian/content (priority 50) has loaded the catalog; before any page is indexed.
    @event_priority(40)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        site = content_site(config, "dangjian/search")
        self.catalog = None if site is None else site.catalog
        self.material_worker, source = build.worker_file()
        files.append(File.generated(config, WORKER_DIR + WORKER_NAME, content=source))
        self._close_index()
        material = search_plugin(config.plugins)
        workers = worker_count(self.config.workers, len(files.documentation_pages()))
        if workers and self.catalog is not None and _material_enabled(config) and not self.dirty:
            # the pages are segmented in the worker: the catalog's words go there with them
            self._entities = entity_names(self.catalog)
            self._background = BackgroundIndex(config, workers, material.config.separator,
                                               user_words(self.catalog))
        # `mkdocs serve` rebuilds in this process (it runs threads, so no worker): its jieba
        # is made ready in the first build, not in the first rebuild an editor waits for
        here = self._background is None or not self._background.running
        if self.catalog is not None and (here or self.serving):
            build.load_user_dictionary(self.catalog)
            build.warm_up_pinyin()
        return files

    # Before Material's search plugin (priority 0) parses the page: a worker does it instead.
    @event_priority(10)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        background = self._background
        if background is None or not background.running:
            if background is not None and self.catalog is not None and not self._words_here:
                # the worker stopped: Material indexes the rest here, with the catalog's words
                build.load_user_dictionary(self.catalog)
                self._words_here = True
            return None
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return None
        background.submit(page_for_index(page.content or "", page.toc, page.url, page.meta, page.title,
                                         self._entities.get(page.url)))
        self._hidden[id(page)] = (page, page.meta.get("search", _ABSENT))
        page.meta["search"] = {**search, "exclude": True}
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        hidden = self._hidden.pop(id(page), None)
        if hidden is not None:  # the page's front matter as it was written
            if hidden[1] is _ABSENT:
                page.meta.pop("search", None)
            else:
                page.meta["search"] = hidden[1]
        if not self.config.enabled or not self.material_worker:
            return None
        return point_to_worker(output, self.material_worker)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not self.material_worker:
            return None
        return point_to_worker(output_content, self.material_worker)

    # After Material's search plugin has written the index (priority 0), before the
    # publishing guard scans site/ (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.catalog is None:
            self._close()
            return
        made = self._background.entries() if self._background is not None else []
        if self._background is not None:
            log.debug(f"{len(made)} 条搜索条目已在构建的同时生成")
        self._close()
        before, after = build.rewrite_index(Path(config.site_dir), self.catalog, made)
        if made:  # Material's file held none of the entries made beside the build: no "before"
            log.info(f"搜索索引 {after / 1e6:.2f} MB")
        else:
            log.info(f"搜索索引 {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB")

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _release_early(self) -> None:
        background.release(self._early)
        self._early = None

    def _close(self) -> None:
        self._release_early()
        self._close_index()

    def _close_index(self) -> None:
        self._words_here = False
        if self._background is not None:
            self._background.close()
        self._background = None
        self._hidden = {}
        self._entities = {}
