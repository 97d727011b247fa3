"""The strict loader: every file parsed and validated, every problem reported at once."""

from dangjian.load.diagnostics import CODES, Diagnostic, format_all
from dangjian.load.loader import LoadResult, load_catalog, load_file

__all__ = ["CODES", "Diagnostic", "LoadResult", "format_all", "load_catalog", "load_file"]
