"""The page the live preview shows instead of the site while the data has problems."""

from __future__ import annotations

from itertools import groupby

from dangjian.load.diagnostics import CODES, Diagnostic
from dangjian.render.environment import render


def preview_error(diagnostics: list[Diagnostic]) -> str:
    """Every diagnostic, grouped by file, with its hint, as an HTML body (all values escaped)."""
    ordered = sorted(diagnostics)
    groups = [
        (path, [(d, d.hint or CODES.get(d.code, ("", ""))[1]) for d in items])
        for path, items in groupby(ordered, key=lambda d: d.path)
    ]
    titles = {code: title for code, (title, _fix) in CODES.items()}
    return render("preview_error.html", count=len(ordered), groups=groups, titles=titles)
