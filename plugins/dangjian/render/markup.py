"""The one module where a string becomes Markup: HTML that a template prints as it is.

Templates escape every value (autoescape), and no template marks anything safe. Two kinds
of HTML are let through, both made here:

- `sanitized`: HTML after the allowlist sanitizer (nh3): the rich-text fields, which
  dangjian.render.richtext renders from Markdown;
- `generated_svg`: SVG this package draws itself (dangjian.geo.svgmap's maps,
  dangjian.render.qr's QR codes), every text and attribute value escaped as it was drawn.

tests/test_unsafe_sinks.py fails on Markup made anywhere else without a reviewed reason.
"""

from __future__ import annotations

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


def sanitized(html: str) -> Markup:
    """html after the sanitizer, safe to place in a template."""
    return Markup(sanitize(html))  # safe-sink: the sanitizer's output


def generated_svg(svg: str) -> Markup:
    """An SVG drawn by this package (svgmap, qr), for a template to print as it is.

    Only for markup built here from escaped values: never for text from data or a file.
    """
    return Markup(svg)  # safe-sink: our own SVG, its values escaped as it was drawn
