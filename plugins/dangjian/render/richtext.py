"""Rich-text fields: Markdown to HTML, then an allowlist sanitizer, so data never injects script."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from dangjian.render.markup import sanitized


def richtext(text: str | None) -> Markup:
    """A Markdown field rendered and sanitized, safe to place in a template."""
    return sanitized(markdown.markdown(text, extensions=["tables"], output_format="html") if text else "")
