"""A logger that prefixes every message with the plugin's name."""

from __future__ import annotations

import logging
from typing import Any


class _Prefixed(logging.LoggerAdapter):  # type: ignore[type-arg]
    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        prefix = (self.extra or {}).get("prefix", "")
        return f"{prefix}: {msg}", kwargs


def get_logger(name: str) -> logging.LoggerAdapter:  # type: ignore[type-arg]
    """A logger under mkdocs.plugins (so --strict counts its warnings) with a prefix."""
    return _Prefixed(logging.getLogger(f"mkdocs.plugins.{name}"), {"prefix": name})
