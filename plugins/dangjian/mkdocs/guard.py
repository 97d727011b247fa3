"""Plugin `dangjian/guard`: every page carries a policy made from the theme's sources, and the
build fails closed when anything unpublishable reached site/.

The sources (data strings and docs pages) were checked when the catalog was loaded
(dangjian.guard.sourcecheck); this plugin writes the Content-Security-Policy and verifies
every published file once after the build (dangjian.guard.verify).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from dangjian import parallel
from dangjian.catalog import Catalog
from dangjian.guard.beside import BesideChecks
from dangjian.guard.csp import STANDALONE_POLICY, base_urls, policy, theme_script_hashes
from dangjian.guard.links import site_path
from dangjian.guard.memo import SERVE_STORE
from dangjian.guard.postbuild import GuardOptions, GuardReport, guard_site, verifier
from dangjian.guard.sourcecheck import DEFAULT_SENSITIVE_TERMS
from dangjian.guard.verify import Finding, Verifier
from dangjian.load.diagnostics import display_path
from dangjian.mkdocs.livereload import inject_file_script
from dangjian.mkdocs.logging import get_logger
from dangjian.render.errorpage import withdrawn_page

log = get_logger("dangjian/guard")


class GuardConfig(Config):
    enabled = c.Type(bool, default=True)
    # what must never be published
    sensitive_terms = c.ListOfItems(c.Type(str), default=list(DEFAULT_SENSITIVE_TERMS))
    border_words = c.ListOfItems(c.Type(str), default=[])
    allow_phones = c.ListOfItems(c.Type(str), default=[])
    # binary file types that may be published besides images and fonts, e.g. [".pdf"]
    allow_binary = c.ListOfItems(c.Type(str), default=[])
    # links and anchors in the generated HTML
    check_links = c.Type(bool, default=True)
    # verify pages in a worker process while the next ones are written (guard/beside.py);
    # unset: when the site is big and a core is spare; 0: never
    workers = c.Optional(c.Type(int))
    # Content-Security-Policy: extra sources per directive, e.g. {img-src: [https://tiles.example]}
    csp = c.Type(bool, default=True)
    csp_sources = c.Type(dict, default={})


class GuardPlugin(BasePlugin[GuardConfig]):
    """Writes every page's policy and verifies site/ after every build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._hashes: frozenset[str] = frozenset()
        self._policy: str | None = None
        self._sources: dict[str, str] = {}
        self._serving = False
        self._check: Verifier | None = None
        self._beside: BesideChecks | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    # After the content plugin's on_env: every generated page is among the files by now.
    @event_priority(-50)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).resolve().parent
        self._sources = _sources(files, root)
        if self.config.csp:
            depths = {f.dest_uri.count("/") for f in files if f.dest_uri.endswith(".html")}
            absolute = site_path(config.site_url or "")
            folders = [Path(d) for d in config.theme.dirs]
            self._hashes = theme_script_hashes(env, folders, base_urls(depths, absolute), {"config": config})
            self._policy = policy(self.config.csp_sources, self._hashes)
            env.globals["dangjian_csp"] = self._policy
        self._close()
        self._check = verifier(_catalog(config), self._options(config), self._sources)
        workers = self.config.workers if self.config.workers is not None else \
            parallel.pool_size(len(files.documentation_pages()), self._serving)
        if workers:
            site_url = (config.site_url or "") if self.config.check_links else None
            self._beside = BesideChecks(self._check, Path(config.site_dir), workers, site_url)
        return env

    # Last of all post-page handlers: the page is written right after this event.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self._beside is not None:
            self._beside.page(page.file.dest_uri)
        return None

    # Last of all post-build handlers: other plugins write their exports before the check.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if getattr(config.plugins.get("dangjian/content"), "broken", None) is not None:
            self._close()
            return  # a preview of broken data shows the problems; nothing of it is published
        check = self._check  # made in on_env, which every build runs before this
        assert check is not None
        site_dir = Path(config.site_dir)
        # a preview verifies again only the files whose bytes changed (guard/memo.py)
        store = SERVE_STORE if self._serving else None
        try:
            report = guard_site(site_dir, config.site_url or "", check, self.config.check_links,
                                self._beside, store)
        finally:
            self._close()
        self._check = None
        if report.ok:
            return
        if self._serving:
            # the preview never stops answering: a withdrawn page is replaced by the list of
            # what was found in it, which reloads itself once the source is fixed
            withdraw_in_preview(site_dir, report, self._policy or STANDALONE_POLICY, config.site_name)
            log.error("预览中有不得发布的内容或失效链接，正式发布会失败：\n" + report.format())
            return
        raise PluginError("网站中有不得发布的内容或失效链接，构建失败：\n" + report.format())


    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # the preview runs under the published policy: its live-reload script becomes a file
        if self.config.enabled and self.config.csp:
            inject_file_script(server)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _close(self) -> None:
        if self._beside is not None:
            self._beside.close()
        self._beside = None

    def _options(self, config: MkDocsConfig) -> GuardOptions:
        return GuardOptions(
            sensitive_terms=tuple(self.config.sensitive_terms),
            border_words=tuple(self.config.border_words),
            allow_phones=tuple(self.config.allow_phones),
            allow_binary=tuple(self.config.allow_binary),
            check_links=self.config.check_links,
            csp_policy=self._policy,
            script_hashes=self._hashes,
            public_extra=tuple(str(v) for v in (config.site_name, config.site_description,
                                                config.copyright) if v),
        )


def withdraw_in_preview(site_dir: Path, report: GuardReport, policy_text: str, site_name: str) -> None:
    """Write the preview's explanation where each withdrawn page was."""
    by_page: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.output.endswith((".html", ".htm")):
            by_page.setdefault(f.output, []).append(f)
    for rel, found in by_page.items():
        base = "../" * rel.count("/")
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(withdrawn_page(found, policy_text, base, site_name), encoding="utf-8")


def _catalog(config: MkDocsConfig) -> Catalog | None:
    site = getattr(config.plugins.get("dangjian/content"), "site", None)
    return getattr(site, "catalog", None)



def _sources(files: Files, root: Path) -> dict[str, str]:
    """Each output file's source, as an editor names it: a docs page or an entity's data file."""
    found: dict[str, str] = {}
    for f in files:
        if f.generated_by:
            if f.edit_uri and not f.edit_uri.startswith(("http:", "https:")):
                found[f.dest_uri] = f.edit_uri
        elif f.abs_src_path:
            found[f.dest_uri] = display_path(Path(f.abs_src_path), root)
    return found
