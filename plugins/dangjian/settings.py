"""Project settings shared by the CLI and the MkDocs plugins.

The options live in mkdocs.yml under the `dangjian/content` plugin, so that the site, the
CLI and CI read one place. The CLI reads them without starting MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Area:
    """The box every published position must fall in (WGS-84 degrees)."""

    south: float = 44.9
    west: float = 131.0
    north: float = 46.1
    east: float = 133.3
    name: str = "密山市及兴凯湖沿岸"

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class Settings:
    """Where the data lives and the options editors may change in mkdocs.yml."""

    root: Path
    data_dir: str = "data"
    routes_dir: str = "routes"
    area: Area = field(default_factory=Area)
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def data_path(self) -> Path:
        return self.root / self.data_dir

    @property
    def routes_path(self) -> Path:
        return self.root / self.routes_dir


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its tags name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


def plugin_options(config_file: Path, plugin: str = "dangjian/content") -> dict[str, Any]:
    """The options of one plugin as written in mkdocs.yml ({} when absent)."""
    if not config_file.is_file():
        return {}
    with config_file.open(encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_TolerantLoader) or {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and plugin in entry:
            return dict(entry[plugin] or {})
    return {}


def from_options(root: Path, options: dict[str, Any]) -> Settings:
    """Settings from a plugin's options (mkdocs.yml) with the defaults filled in."""
    area_opts = options.get("area") or {}
    area = Area(**{k: area_opts[k] for k in ("south", "west", "north", "east", "name") if k in area_opts})
    return Settings(
        root=root,
        data_dir=options.get("data_dir", "data"),
        routes_dir=options.get("routes_dir", "routes"),
        area=area,
        options=options,
    )


def load_settings(root: Path) -> Settings:
    """Settings for a project folder, read from its mkdocs.yml when there is one."""
    root = root.resolve()
    return from_options(root, plugin_options(root / "mkdocs.yml"))
