"""What Chinese search needs from the build, checked loudly before anything is indexed.

Material's search plugin silently indexes no Chinese word when jieba cannot be imported,
and a `separator` without the zero-width space glues every jieba token of a run together.
"""

from __future__ import annotations

import re
from typing import Any

ZWSP = "\u200b"


class SearchSetupError(Exception):
    """The search cannot work as configured; the message says how to fix it, in Chinese."""


def search_plugin(plugins: Any) -> Any | None:
    """Material's search plugin in the build's plugin collection, or None."""
    for key in ("material/search", "search"):
        plugin = plugins.get(key) if hasattr(plugins, "get") else None
        if plugin is not None:
            return plugin
    return None


def check_jieba() -> None:
    """jieba must be importable, by us and by Material's search plugin."""
    try:
        import jieba  # noqa: F401
    except ImportError:
        raise SearchSetupError(
            "中文搜索需要 jieba 分词，但当前环境无法导入 jieba：没有它，搜索索引里不会有任何中文词。"
            "请运行 `.venv/bin/pip install -e .`（或 `pip install jieba==0.42.1`）后重新构建。"
        ) from None
    from material.plugins.search import plugin as search

    if getattr(search, "jieba", None) is None:
        raise SearchSetupError(
            "Material 的搜索插件没有加载 jieba（导入失败），中文将无法被搜索。"
            "请重新安装依赖：`.venv/bin/pip install -e .`，然后重新构建。"
        )


def check_search_config(config: Any) -> None:
    """The search plugin must segment Chinese: lang zh and a separator that splits on U+200B."""
    if config is None:
        raise SearchSetupError(
            "dangjian/search 需要 Material 的 search 插件：请在 mkdocs.yml 的 plugins 中、"
            "dangjian/search 之前加入 `- search:`（lang: zh）。"
        )
    lang = config.get("lang") or []
    if "zh" not in lang:
        raise SearchSetupError(
            f"search 插件的 lang 为 {lang!r}，中文分词不会生效：请在 mkdocs.yml 中设置 `lang: zh`。"
        )
    separator = config.get("separator") or ""
    try:
        splits = re.fullmatch(separator, ZWSP) is not None
    except re.error:
        splits = False
    if not splits:
        raise SearchSetupError(
            f"search 插件的 separator 为 {separator!r}，不能在零宽空格（\\u200b）处断词："
            "Material 用零宽空格分隔 jieba 切出的词，缺了它整句中文会被当成一个词，搜不到其中的词。"
            "请在 mkdocs.yml 中改为 `separator: '[\\s\\u200b\\-]+'`。"
        )


def makes_records(plugins: Any) -> bool:
    """True when `dangjian/search` makes the generated pages' search records (from the
    catalog), so that Material's search plugin must leave those pages out."""
    ours = plugins.get("dangjian/search") if hasattr(plugins, "get") else None
    return ours is not None and bool(ours.config.get("enabled", True))
