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

from dangjian.guard.csp import base_urls, policy, theme_script_hashes
from dangjian.guard.postbuild import GuardOptions, guard_site, verifier
from dangjian.guard.sourcecheck import DEFAULT_SENSITIVE_TERMS
from dangjian.load.diagnostics import display_path
from dangjian.mkdocs.logging import get_logger

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

    # After the content plugin's on_env: every generated page is among the files by now.
    @event_priority(-50)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).resolve().parent
        self._sources = _sources(files, root)
        if self.config.csp:
            depths = {f.dest_uri.count("/") for f in files if f.dest_uri.endswith(".html")}
            absolute = _site_path(config.site_url or "")
            folders = [Path(d) for d in config.theme.dirs]
            self._hashes = theme_script_hashes(env, folders, base_urls(depths, absolute), {"config": config})
            self._policy = policy(self.config.csp_sources, self._hashes)
            env.globals["dangjian_csp"] = self._policy
        return env

    # Last of all post-build handlers: other plugins write their exports before the check.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        content = config.plugins.get("dangjian/content")
        site = getattr(content, "site", None)
        options = GuardOptions(
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
        check = verifier(getattr(site, "catalog", None), options, self._sources)
        report = guard_site(Path(config.site_dir), config.site_url or "", check, self.config.check_links)
        if not report.ok:
            raise PluginError("网站中有不得发布的内容或失效链接，构建失败：\n" + report.format())


def _site_path(site_url: str) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(site_url).path
    return path if path.endswith("/") else (path or "") + "/"


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
