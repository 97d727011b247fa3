"""Sample brands for scale runs, and the bare hand-written pages the baselines build.

Synthetic brands are copies of the shipped ones with a new id and name, always marked
`sample: true`, so a scale copy of the project stays honest and passes `dangjian check`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from dangjian.model import Brand
from dangjian.model.common import Provenance

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/brand.schema.json\n"
ID_PREFIX = "bench"
_PROVENANCE = frozenset(Provenance.model_fields)


@dataclass(frozen=True)
class BrandFile:
    """One data file to write: its path under data/brands/ and its YAML text."""

    rel: str
    text: str


def synthetic_brand(template: Brand, n: int) -> Brand:
    """A valid sample brand number n, made from a shipped brand's fields."""
    data: dict[str, Any] = template.model_dump(exclude_none=True)
    for internal in ("contact", "internal_notes"):
        data.pop(internal, None)
    data.update(
        id=f"{ID_PREFIX}-{n:05d}",
        name=f"{template.name}（示例{n}）",
        visibility="public",
        sample=True,
        sample_fields=[],
        tags=[*data.get("tags", []), "规模测试"],
    )
    return Brand.model_validate(data)


def brand_yaml(brand: Brand) -> str:
    """The YAML an editor would write for brand (defaults left out)."""
    dumped = brand.model_dump(exclude_defaults=True, exclude_none=True)
    dumped["visibility"] = brand.visibility
    # the brand's own fields first, as the shipped files have them
    own = [name for name in Brand.model_fields if name in dumped and name not in _PROVENANCE]
    data = {name: dumped[name] for name in [*own, *(k for k in dumped if k not in own)]}
    return SCHEMA_LINE + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def synthetic_brands(templates: Sequence[Brand], count: int) -> Iterator[BrandFile]:
    """count sample brand files, cycling through templates; ids bench-00001, ..."""
    if count and not templates:
        raise ValueError("no brand to copy from")
    for n in range(1, count + 1):
        brand = synthetic_brand(templates[(n - 1) % len(templates)], n)
        yield BrandFile(f"{brand.field}/{brand.id}.yml", brand_yaml(brand))


def bare_page(brand: Brand) -> str:
    """A hand-written Markdown page with the same text as a brand page, no plugin needed."""
    lines = [f"# {brand.name}", "", f"**{brand.org}** · {brand.town} · {brand.level} · {brand.field}", ""]
    if brand.slogan:
        lines += [f"> {brand.slogan}", ""]
    lines += [brand.summary, ""]
    for title, items in (("主要做法", brand.practices), ("工作成效", brand.results)):
        if items:
            lines += [f"## {title}", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


def bare_pages(templates: Sequence[Brand], count: int) -> Iterator[tuple[str, str]]:
    """count (file name, Markdown) pairs: the baselines' hand-written pages."""
    for n in range(1, count + 1):
        template = templates[(n - 1) % len(templates)]
        brand = template if n <= len(templates) else synthetic_brand(template, n)
        yield f"p{n:05d}.md", bare_page(brand)
