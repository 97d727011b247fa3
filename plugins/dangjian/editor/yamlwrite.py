"""Write an entity as YAML in the style of the shipped data files.

Keys follow the model's own fields first, then the shared provenance fields (visibility,
sample, ...), as the shipped files do. Short lists of words (tags, sample_fields) are
written in flow style; every other list is a block list indented under its key. Any
string that YAML 1.1 could read as something else (yes, 0467, 9:30, 2024-01-01, ...)
is written in double quotes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from dangjian.model.common import Provenance

FLOW_LISTS = frozenset({"tags", "sample_fields"})
"""Lists of short words written on one line, as the shipped files write them."""

SCHEMA_FILES: dict[str, str] = {
    "site": "site.schema.json",
    "school": "school.schema.json",
    "brand": "brand.schema.json",
    "route": "route.schema.json",
}


class _Flow(list):  # type: ignore[type-arg]
    """A list to be written in flow style: [a, b]."""


class _Dumper(yaml.SafeDumper):
    """Indents block lists under their key and prefers double quotes."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


# Strings that start like a number (phones, times, dates) are quoted even where YAML would
# read them as text, so that nobody has to know which ones are safe.
_NUMBERISH = re.compile(r"^[-+.]?[0-9]")
# A text like "b：…" would read as a field name with a full-width colon (DJ006) if unquoted.
_KEY_LIKE = re.compile(r"^[A-Za-z_][\w-]*\s*：")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    style = '"' if _NUMBERISH.match(value) or _KEY_LIKE.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


# A field a subclass declares last but editors read near the top: (field, written after).
_PLACED_AFTER: dict[str, str] = {"kind": "short_name"}


def field_order(model: type[BaseModel]) -> list[str]:
    """The model's own fields, then the provenance fields every entity shares."""
    shared = list(Provenance.model_fields)
    own = [name for name in model.model_fields if name not in shared]
    for name, after in _PLACED_AFTER.items():
        if name in own and after in own:
            own.remove(name)
            own.insert(own.index(after) + 1, name)
    return own + shared


def ordered(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """data with keys in the shipped order; unknown keys keep their place at the end."""
    order = field_order(model)
    out = {k: data[k] for k in order if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def _prepare(value: Any, key: str | None = None, flow: dict[str, bool] | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _prepare(v, k, flow) for k, v in value.items()}
    if isinstance(value, list):
        items = [_prepare(v) for v in value]
        simple = all(isinstance(v, str) and "\n" not in v for v in items)
        wanted = flow.get(key, key in FLOW_LISTS) if flow and key is not None else key in FLOW_LISTS
        return _Flow(items) if wanted and simple else items
    return value


def dump_fields(data: dict[str, Any], flow: dict[str, bool] | None = None) -> str:
    """Fields as the shipped files write them, in the order given.

    flow names the lists to write on one line (True) or one item per line (False) instead
    of the usual choice (FLOW_LISTS), as a file being changed in place already writes them."""
    return yaml.dump(
        _prepare(data, flow=flow),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def dump_entity(model: type[BaseModel], data: dict[str, Any], kind: str, rel_dir: str) -> str:
    """The file text of one entity: the schema comment line, then its fields.

    rel_dir is the folder of the file relative to the project root ("data/brands/农村"),
    so that the schema comment points at schemas/ from where the file lives.
    """
    depth = len([p for p in rel_dir.split("/") if p])
    schema = "../" * depth + "schemas/" + SCHEMA_FILES[kind]
    return f"# yaml-language-server: $schema={schema}\n{dump_fields(ordered(model, data))}"


def entity_data(model: BaseModel) -> dict[str, Any]:
    """The fields an editor wrote: defaults (empty lists, None, false) are left out."""
    return model.model_dump(mode="python", exclude_defaults=True)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)
