"""What the content plugin reads from the site's own settings in mkdocs.yml at config time:
whether site_url may be published."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from dangjian.mkdocs.logging import get_logger
from dangjian.siteaddress import is_preview_address, preview_notice, publish_refusal

log = get_logger("dangjian/content")


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
