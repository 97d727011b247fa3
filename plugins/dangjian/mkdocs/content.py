"""Plugin `dangjian/content`: loads the catalog once per build and generates every page."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from dangjian.government import Government
from dangjian.load import format_all, load_catalog
from dangjian.load.images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS
from dangjian.mkdocs import siteconfig
from dangjian.mkdocs.broken import BrokenPreview
from dangjian.mkdocs.generated import ASSET_PREFIX, GeneratedSite
from dangjian.mkdocs.memory import LongLived
from dangjian.mkdocs.previewcache import PreviewCache
from dangjian.render import navcache, news
from dangjian.render.government import footer_html
from dangjian.render.offline import localize_theme_scripts
from dangjian.render.preload import with_script_preloads
from dangjian.render.reference import expand as expand_reference
from dangjian.render.text import escape_page_meta
from dangjian.settings import Settings, from_options

HOME_MARKER = "<!-- dangjian:home-sections -->"


class ContentConfig(Config):
    enabled = c.Type(bool, default=True)
    # where the data lives, relative to mkdocs.yml's folder
    data_dir = c.Type(str, default="data")
    routes_dir = c.Type(str, default="routes")
    # the box every position must fall in: south, west, north, east, name
    area = c.Type(dict, default={})
    # render the theme's navigation once per folder for pages not in it (render/navcache.py)
    nav_cache = c.Type(bool, default=True)
    # the 编辑此页 button and the repository link (repo_url, edit_uri): for an intranet only
    edit_links = c.Type(bool, default=False)
    # the publishing build (make publish, CI deploy): refuses an unset or loopback site_url
    publish = c.Type(bool, default=False)
    # the largest picture data/images/ may hold (load/images.py): bytes on the disk, decoded pixels
    images_max_bytes = c.Type(int, default=DEFAULT_MAX_BYTES)
    images_max_pixels = c.Type(int, default=DEFAULT_MAX_PIXELS)


class ContentPlugin(BasePlugin[ContentConfig]):
    """Generates a page per public entity and the section directories."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.site: GeneratedSite | None = None
        self.serving = False
        self.broken: BrokenPreview | None = None
        self.memory = LongLived()
        self.government = Government()
        self.news: news.NewsIndex | None = None
        # the generated pages of the last rebuild, while `mkdocs serve` runs (previewcache.py)
        self.preview: PreviewCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # In `mkdocs serve`, bad data shows an error page instead of stopping the server.
        self.serving = command == "serve"
        # MkDocs keeps this object (it has on_startup) for the whole serve session, so the
        # cache lives from one rebuild to the next; any other command builds every page
        self._close_preview()
        if self.serving:
            self.preview = PreviewCache()

    def on_shutdown(self) -> None:
        self._close_preview()

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None:
            self.preview.build_failed()

    def _close_preview(self) -> None:
        if self.preview is not None:
            self.preview.close()
        self.preview = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None and self.config.enabled:
            # before MkDocs empties the site folder: the last rebuild's pages are kept aside
            self.preview.hold(Path(config.site_dir))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.memory.start(one_shot=not self.serving)
        root = Path(config.config_file_path).resolve().parent
        # docs_dir too: the catalog load reports docs/ pages linked to outside the project
        self.settings = from_options(root, dict(self.config), docs_dir=config.docs_dir)
        self.government = siteconfig.government(config)
        siteconfig.check_site_url(config, publish=self.config.publish, serving=self.serving)
        if not self.config.edit_links:
            siteconfig.hide_editing_links(config)
        config.extra_css.insert(0, ASSET_PREFIX + "stylesheets/dangjian.css")
        # 长辈模式, keyboard focus, the dark scheme (its script, a11y.js, is in main.html's head)
        config.extra_css.insert(1, ASSET_PREFIX + "stylesheets/a11y.css")
        config.extra_css.insert(1, ASSET_PREFIX + "stylesheets/directory.css")
        # an ES module: it defines no page globals, runs once and restarts through document$
        script = c.ExtraScriptValue(ASSET_PREFIX + "javascripts/dangjian.js")
        script.type = "module"
        config.extra_javascript.append(script)
        return config

    # Runs before other plugins' on_files so that they see the generated pages.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.settings is None:
            return None
        result = load_catalog(self.settings)
        self.site = self.broken = None
        if result.catalog is None and self.serving:
            self.broken = BrokenPreview(result)
            self.broken.report()
            self.broken.add_to(files, config)
            return files
        if result.catalog is None:
            raise PluginError("数据有误，网站未生成：\n" + format_all(result.diagnostics))
        self.site = GeneratedSite(result.catalog, config, self.government)
        self.site.add_to(files)
        self.news = news.NewsIndex.build(result.catalog, self.settings)
        self.memory.settle()  # the catalog and the generated files stay to the end
        return files

    # After the blog plugin's on_nav (-50), which has placed the posts and put them back into
    # the build (drafts stay out); before any page's content is made.
    @event_priority(-60)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.news is not None:
            self.news.resolve(files)
        if self.preview is not None and self.site is not None and self.serving:
            # the posts' addresses are known now: the last rebuild's unchanged pages are reused
            self.preview.reuse(self.site, files, nav, config)
        return None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.memory.settle()  # every page's content is made, and stays to the end
        if self.config.enabled and self.config.nav_cache:
            navcache.install(env)
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        if self.site is None or not self.site.is_generated(page.file.src_uri):
            escape_page_meta(page.meta)  # Material prints a page's title and description raw
        # the editor guide's field reference and code list, generated from the code
        return expand_reference(markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.broken is not None:
            return self.broken.body()
        if self.site is None:
            return None
        if self.site.is_generated(page.file.src_uri):
            body = self.site.body(page.file.src_uri)
            if self.news is None:
                return body.replace(news.NEWS_MARKER, "")
            return self.news.fill_entity(body, page.file.src_uri, page.url)
        post = self.news.post_for(page.file.src_uri) if self.news else None
        if post is not None and self.news is not None:
            return self.news.fill_post(html, post, page.url)
        if HOME_MARKER in html:
            return html.replace(HOME_MARKER, self.site.home_sections(page.url))
        return None

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        return self._with_footer(context)

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext | None:
        if template_name == "sitemap.xml" and self.preview is not None and self.site is not None:
            # the pages the preview wrote from its last build are listed as a full build lists them
            context["pages"] = self.preview.sitemap_pages(context["pages"])  # type: ignore[typeddict-item]
        return self._with_footer(context)  # 404.html

    def _with_footer(self, context: TemplateContext) -> TemplateContext | None:
        if not self.config.enabled:
            return None
        base = str(context.get("base_url") or "").rstrip("/") + "/"
        context["dangjian_footer"] = footer_html(self.government, base)  # type: ignore[typeddict-unknown-key]
        return context

    # Last of all post-page handlers (the guard's is at -100): the page's scripts are all in
    # it, and the preview stores the page exactly as it is written.
    @event_priority(-200)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        self.memory.page_written()
        if not self.config.enabled:
            return None
        output = with_script_preloads(output)
        if self.preview is not None and self.site is not None:
            self.preview.record(page, output)
        return output

    @event_priority(-200)
    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        return with_script_preloads(output_content) if self.config.enabled else None  # 404.html

    # First of all post-build handlers: the pages are as MkDocs wrote them.
    @event_priority(100)
    def _pages_written(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None and self.site is not None:
            self.preview.pages_written(Path(config.site_dir))

    # Before the guard's verification (-100), which reads the feed like every published file.
    def _exports(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            localize_theme_scripts(Path(config.site_dir))
        if self.news is not None and self.site is not None:
            news.write_feed(self.news, Path(config.site_dir), config, self.government)

    # Last of all post-build handlers, after the guard's (-100), which may withdraw pages.
    @event_priority(-200)
    def _build_done(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None and self.site is not None:
            self.preview.build_done(Path(config.site_dir))

    on_post_build = CombinedEvent(_pages_written, _exports, _build_done)

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        if self.settings is not None:
            for folder in (self.settings.data_path, self.settings.routes_path):
                if folder.is_dir():
                    server.watch(str(folder))
        return server
