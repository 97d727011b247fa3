"""Plugin `dangjian/guard`: the build fails closed when anything unpublishable reached site/."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from dangjian.guard import DEFAULT_SENSITIVE_TERMS, GuardOptions, guard_site
from dangjian.guard.csp import policy


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


class GuardPlugin(BasePlugin[GuardConfig]):
    """Writes the page policy and scans site/ after every build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # the live-reload script `mkdocs serve` injects is inline and changes on every request
        self.serving = command == "serve"

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled and self.config.csp and not self.serving:
            env.globals["dangjian_csp"] = policy(self.config.csp_sources)
        return env

    # Last of all post-build handlers: other plugins write their exports before the scan.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        content = config.plugins.get("dangjian/content")
        site = getattr(content, "site", None)
        report = guard_site(
            Path(config.site_dir), config.site_url or "", getattr(site, "catalog", None),
            Path(config.config_file_path).resolve().parent, Path(config.docs_dir), self._options(config),
        )
        if not report.ok:
            raise PluginError("网站中有不得发布的内容或失效链接，构建失败：\n" + report.format())

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
