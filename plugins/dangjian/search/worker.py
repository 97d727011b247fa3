"""The site's search worker: Material's worker behind a better Chinese query segmenter.

The worker file is written next to Material's (assets/javascripts/workers/), because
Material's worker loads its language support relative to its own address, and every page's
`__config` is pointed at it.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

WORKER_NAME = "dangjian-search.js"
WORKER_DIR = "assets/javascripts/workers/"
_MATERIAL_WORKER = re.compile(r"workers/(search\.[0-9a-f]+\.min\.js)")


def material_worker_name() -> str:
    """The file name of Material's search worker (it carries a content hash)."""
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    found = _MATERIAL_WORKER.search(base.read_text(encoding="utf-8"))
    if found is None:  # pragma: no cover - only with an incompatible Material version
        raise RuntimeError("Material's base.html names no search worker")
    return found.group(1)


def worker_script(material_name: str) -> str:
    """Our worker's source, loading Material's worker by name."""
    source = (resources.files("dangjian") / "templates" / "search_worker.js").read_text(encoding="utf-8")
    return source.replace("__MATERIAL_WORKER__", material_name)


def point_to_worker(html: str, material_name: str) -> str:
    """A page whose `__config` names our worker instead of Material's."""
    return html.replace(f"workers/{material_name}\"", f"workers/{WORKER_NAME}\"")
