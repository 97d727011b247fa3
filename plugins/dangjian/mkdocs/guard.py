"""Plugin `dangjian/guard`: the build fails closed when anything unpublishable reached site/."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from dangjian.background import worker_count
from dangjian.guard import DEFAULT_SENSITIVE_TERMS, GuardOptions, guard_site
from dangjian.guard.background import BackgroundScans
from dangjian.guard.csp import EarlyPolicy, policy
from dangjian.guard.pagescan import PageScan, ScanSetup, digest, page_bytes
from dangjian.guard.postbuild import scan_setup
from dangjian.mkdocs.logging import get_logger

log = get_logger("dangjian/guard")


class GuardConfig(Config):
    enabled = c.Type(bool, default=True)
    # what must never be published
    sensitive_terms = c.ListOfItems(c.Type(str), default=list(DEFAULT_SENSITIVE_TERMS))
    allow_phones = c.ListOfItems(c.Type(str), default=[])
    # links and anchors in the generated HTML
    check_links = c.Type(bool, default=True)
    # Content-Security-Policy: extra sources per directive, e.g. {img-src: [https://tiles.example]}
    csp = c.Type(bool, default=True)
    csp_sources = c.Type(dict, default={})
    # scan pages in the build's worker process while it renders the next ones
    # (dangjian.background); unset: when a core is spare and the site is big; 0: never
    workers = c.Optional(c.Type(int))


class GuardPlugin(BasePlugin[GuardConfig]):
    """Writes the page policy and scans site/ after every build (most pages already scanned beside it)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self._pages = 0
        self._setup: ScanSetup | None = None
        self._background: BackgroundScans | None = None
        # each page's policy, filled in as it is written (csp.EarlyPolicy)
        self._early: EarlyPolicy | None = None
        self._known: dict[str, PageScan] = {}
        # the previous build's scans (mkdocs serve): pages whose bytes did not change are not scanned again
        self._previous: tuple[ScanSetup, dict[str, PageScan]] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # the live-reload script `mkdocs serve` injects is inline and changes on every request
        self.serving = command == "serve"

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled and self.config.csp and not self.serving:
            env.globals["dangjian_csp"] = policy(self.config.csp_sources)
        self._pages = len(files.documentation_pages())
        self._close()
        return env

    # Last of all post-page handlers: the output is the page as MkDocs writes it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if self._setup is None:
            self._start(config)
        rel = page.file.dest_uri
        filled = self._early.fill(rel, output) if self._early is not None else None
        output = filled or output
        previous = self._previous[1].get(rel) if self._previous else None
        # only a clean page is taken as it was: a finding names its source file and line,
        # which may have moved although the page did not change
        if previous is not None and not previous.findings and previous.digest == digest(page_bytes(output)):
            self._known[rel] = previous
        elif self._background is not None:
            self._background.submit(rel)  # scanned in the worker once written
        return filled

    # The theme's own pages (404.html) are written before any page: their scripts' hashes
    # are in every page's policy too.
    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        if self._setup is None:
            self._start(config)
        return self._early.fill(template_name, output_content) if self._early is not None else None

    # Before the search plugin's post-build step (priority -50), which waits for its own
    # batches in the worker: the build takes over the guard's unstarted batches meanwhile.
    @event_priority(-40)
    def _collect_scans(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self._background is not None:
            beside = self._background.results()
            log.debug(f"{len(beside)} 个页面已在构建的同时检查")
            self._known.update(beside)
            self._background.close()
            self._background = None

    # Last of all post-build handlers: other plugins write their exports before the scan.
    @event_priority(-100)
    def _scan_site(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self._setup is None:
            self._start(config)
        assert self._setup is not None
        known = self._known  # with the worker's scans (_collect_scans)
        setup = self._setup
        written = self._early.written if self._early is not None else None
        self._close()
        report = guard_site(Path(config.site_dir), setup, self._options(config), known, written)
        self._previous = (setup, report.scans) if self.serving else None
        if not report.ok:
            raise PluginError("网站中有不得发布的内容或失效链接，构建失败：\n" + report.format())

    on_post_build = CombinedEvent(_collect_scans, _scan_site)

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _start(self, config: MkDocsConfig) -> None:
        content = config.plugins.get("dangjian/content")
        site = getattr(content, "site", None)
        setup = scan_setup(config.site_url or "", getattr(site, "catalog", None),
                           Path(config.config_file_path).resolve().parent, Path(config.docs_dir),
                           self._options(config))
        if self._previous is not None and self._previous[0] != setup:
            self._previous = None  # what is searched for changed: every page is scanned again
        self._setup = setup
        self._early = EarlyPolicy() if self.config.csp and not self.serving else None
        # a rebuild in `mkdocs serve` scans only the pages that changed: not worth a worker
        workers = 0 if self._previous is not None else worker_count(self.config.workers, self._pages)
        self._background = BackgroundScans(config, setup, Path(config.site_dir), workers) if workers else None

    def _close(self) -> None:
        if self._background is not None:
            self._background.close()
        self._background = None
        self._setup = None
        self._early = None
        self._known = {}

    def _options(self, config: MkDocsConfig) -> GuardOptions:
        csp_on = self.config.csp and not self.serving
        return GuardOptions(
            sensitive_terms=tuple(self.config.sensitive_terms),
            allow_phones=tuple(self.config.allow_phones),
            check_links=self.config.check_links,
            csp_policy=policy(self.config.csp_sources) if csp_on else None,
            public_extra=tuple(str(v) for v in (config.site_name, config.site_description,
                                                config.copyright) if v),
        )
