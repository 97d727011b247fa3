"""The forms in which a published file can carry a text: raw, as rendered, JSON- or URL-escaped."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

_TAG = re.compile(r"<[^>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Full-width digits and the signs of a phone or ID number; Chinese punctuation stays as it is.
_FULLWIDTH_CHARS = "０１２３４５６７８９＋－Ｘｘ"
_FULLWIDTH = re.compile(f"[{_FULLWIDTH_CHARS}]")
_TO_ASCII = str.maketrans(_FULLWIDTH_CHARS, "0123456789+-Xx")


def _unescape_json(text: str) -> str:
    decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    # re-join surrogate pairs that JSON writes for characters beyond the BMP
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def rendered_text(text: str) -> str:
    """What a reader sees of HTML/XML: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def views(text: str, markup: bool) -> list[str]:
    """Distinct forms of text to search: raw, rendered, JSON-unescaped, URL-decoded (full-width folded)."""
    found = [text]
    if markup:
        found.append(rendered_text(text))
    if "\\u" in text:
        found.append(_unescape_json(text))
        if markup:
            found.append(rendered_text(found[-1]))
    if _PERCENT.search(text):
        found.append(unquote(text))
    normalized = []
    for view in found:
        # １３８ and ＋８６ read as 138 and +86, as a person reads them
        folded = view.translate(_TO_ASCII) if _FULLWIDTH.search(view) else view
        if folded not in normalized:
            normalized.append(folded)
    return normalized
