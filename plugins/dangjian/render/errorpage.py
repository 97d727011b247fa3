"""The page the live preview shows instead of the site while the data has problems."""

from __future__ import annotations

from itertools import groupby
from typing import Any

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


def withdrawn_page(findings: list[Any], policy: str, base: str, site_name: str) -> str:
    """The standalone page the preview serves in place of a page the guard withdrew
    (findings: the guard's, each with code, what, shown and source; all values escaped)."""
    hints = {code: fix for code, (_title, fix) in CODES.items()}
    return render("guard_preview.html", findings=findings, policy=policy, base=base,
                  site_name=site_name, hints=hints)
