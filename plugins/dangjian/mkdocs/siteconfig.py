"""What the content plugin reads from the site's own settings in mkdocs.yml at config time:
extra.government, whether site_url may be published, and whether editing links are shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from dangjian.government import Government, read_government
from dangjian.load import format_all
from dangjian.mkdocs.logging import get_logger
from dangjian.settings import ProjectConfig, SettingsError, read_config
from dangjian.siteaddress import is_preview_address, preview_notice, publish_refusal

log = get_logger("dangjian/content")


def government(config: MkDocsConfig) -> Government:
    """extra.government, validated; a PluginError lists every problem at its place."""
    extra: dict[str, Any] = dict(config.extra or {})
    value = extra.get("government")
    if value is None:
        return Government()
    found, problems = read_government(value, _as_written(config))
    if problems:
        raise PluginError("mkdocs.yml 中的网站信息（extra.government）有误：\n" + format_all(problems))
    return found


def _as_written(config: MkDocsConfig) -> ProjectConfig | None:
    """mkdocs.yml as written, for the line and column of a problem (None when unreadable)."""
    path = config.config_file_path
    if not path or not Path(path).is_file():
        return None
    try:
        return read_config(Path(path))
    except SettingsError:
        return None


def check_site_url(config: MkDocsConfig, *, publish: bool, serving: bool) -> None:
    """A publishing build stops without a public site_url; any other build of a preview says
    it is one, in one line (at info level: `--strict` keeps passing)."""
    if serving:
        return  # the live preview always runs on this machine
    refusal = publish_refusal(config.site_url) if publish else None
    if refusal:
        raise PluginError(refusal)
    if is_preview_address(config.site_url):
        log.info(preview_notice(config.site_url))


def hide_editing_links(config: MkDocsConfig) -> None:
    """No 编辑此页 button and no repository link: the public site is not where editors work."""
    config.repo_url = None
    config.repo_name = None
    config.edit_uri = None
    config.edit_uri_template = None
