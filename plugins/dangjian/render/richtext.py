"""Rich-text fields: Markdown to HTML, then an allowlist sanitizer, so data never injects script."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code",
    "h3", "h4", "h5", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize(html: str) -> str:
    """Keep only the tags, attributes and URL schemes a text may use."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def richtext(text: str | None) -> Markup:
    """A Markdown field rendered and sanitized, safe to place in a template."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    return Markup(sanitize(html))
