"""QR codes for printed posters: an SVG that links to a page's public address."""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=4096)  # a place's page and its poster carry the same code
def qr_svg(url: str, *, title: str = "二维码") -> str:
    """An inline-able SVG QR code for url (no XML declaration, scalable)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=4, border=2,
        title=title, svgclass="dj-qr", lineclass=None, omitsize=True,
    )
    return buffer.getvalue().decode("utf-8")
