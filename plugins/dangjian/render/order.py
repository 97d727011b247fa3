"""The order of the places on the section pages: what is verified first, from the data."""

from __future__ import annotations

from pydantic import BaseModel

from dangjian.catalog import Entry


def place_order(entry: Entry[BaseModel]) -> tuple[bool, str]:
    """Sites and schools whose records are real (the places the source article names, kept
    with `sample: false`) before the sample ones, then by file; a sample entry only shows what
    a page can hold, so it never leads the list. The data's own `sample` flag decides."""
    return (bool(getattr(entry.model, "sample", False)), entry.rel)
