"""What each field of a model is, in words an editor reads: for skeletons and the field reference.

Both the `dangjian new` skeletons and the editor guide's field reference are generated
from here, so neither can drift from the models.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel

_SCALARS: dict[type, str] = {str: "文字", int: "整数", float: "数字", bool: "true/false"}


@dataclass(frozen=True)
class FieldDoc:
    """One field: its name, meaning, type in words, whether required, its allowed values."""

    name: str
    description: str
    type_label: str
    required: bool
    internal: bool = False
    choices: tuple[str, ...] = ()
    limits: str = ""
    is_list: bool = False
    model: type[BaseModel] | None = None
    item_scalar: str = ""
    children: tuple[FieldDoc, ...] = field(default=(), compare=False)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Optional and Annotated; return the core type and the constraint metadata."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, metadata
        else:
            return annotation, metadata


def _limits(metadata: list[Any]) -> str:
    low = high = None
    for item in metadata:
        for sub in getattr(item, "metadata", [item]) if not isinstance(item, annotated_types.BaseMetadata) \
                else [item]:
            if isinstance(sub, annotated_types.Ge):
                low = f"≥ {sub.ge}"
            elif isinstance(sub, annotated_types.Gt):
                low = f"> {sub.gt}"
            elif isinstance(sub, annotated_types.Le):
                high = f"≤ {sub.le}"
            elif isinstance(sub, annotated_types.Lt):
                high = f"< {sub.lt}"
    return "，".join(x for x in (low, high) if x)


def describe(model: type[BaseModel], order: list[str] | None = None) -> list[FieldDoc]:
    """Every field of model (in order, when given), nested models described recursively."""
    docs: list[FieldDoc] = []
    for name in order or list(model.model_fields):
        info = model.model_fields[name]
        core, metadata = _unwrap(info.annotation)
        metadata.extend(info.metadata)
        is_list = get_origin(core) is list
        item = _unwrap(get_args(core)[0])[0] if is_list else core
        choices: tuple[str, ...] = ()
        nested: type[BaseModel] | None = None
        if get_origin(item) is Literal:
            choices = tuple(str(a) for a in get_args(item))
            label = "可选值之一"
        elif isinstance(item, type) and issubclass(item, BaseModel):
            nested = item
            label = "映射"
        else:
            label = _SCALARS.get(item, "文字") if isinstance(item, type) else "文字"
        item_label = label
        if is_list:
            label = f"列表，每项为{label}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        docs.append(FieldDoc(
            name=name,
            description=info.description or "",
            type_label=label,
            required=info.is_required(),
            internal=bool(extra.get("x-internal")),
            choices=choices,
            limits=_limits(metadata),
            is_list=is_list,
            model=nested,
            item_scalar="" if nested else item_label,
            children=tuple(describe(nested)) if nested else (),
        ))
    return docs
