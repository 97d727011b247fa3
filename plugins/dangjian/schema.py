"""JSON Schema for each kind, exported from the models for editors' YAML autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

from dangjian.model import KINDS


def schema_text(kind: str) -> str:
    """The JSON Schema of one kind, as committed in schemas/<kind>.schema.json."""
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        target = folder / f"{kind}.schema.json"
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """The kinds whose committed schema differs from what the models export."""
    stale = []
    for kind in KINDS:
        target = folder / f"{kind}.schema.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != schema_text(kind):
            stale.append(kind)
    return stale
