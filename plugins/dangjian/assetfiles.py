"""The package's own front-end files (scripts, styles, images, vendored libraries) under its
assets/ folder, each by its name there ("javascripts/planner/main.js"): published under
assets/dangjian/ (mkdocs/generated.py) and read for their imports (render/preload.py)."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from posixpath import join


def asset_files() -> list[tuple[str, Traversable]]:
    """Every file under the package's assets/ (hidden files aside), sorted by name."""
    found: list[tuple[str, Traversable]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = join(prefix, child.name) if prefix else child.name
            if child.is_dir():
                walk(child, name)
            elif not child.name.startswith("."):
                found.append((name, child))

    walk(resources.files("dangjian") / "assets", "")
    return sorted(found, key=lambda item: item[0])
