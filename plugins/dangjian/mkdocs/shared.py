"""What the dangjian plugins share during a build: the content plugin's loaded catalog."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from dangjian.mkdocs.generated import GeneratedSite

CONTENT = "dangjian/content"


def content_site(config: MkDocsConfig, plugin: str) -> GeneratedSite | None:
    """The pages dangjian/content generated this build, with their catalog.

    None while the preview shows data errors instead of pages (or the content plugin is
    switched off). A missing content plugin is a configuration error, said in Chinese.
    Call it from on_files at a priority below 50, after the content plugin has loaded.
    """
    content = config.plugins.get(CONTENT)
    if content is None:
        raise PluginError(
            f"{plugin} 需要 {CONTENT} 插件：在 mkdocs.yml 的 plugins 中把 {CONTENT} 写在 {plugin} 前面。"
        )
    return getattr(content, "site", None)
