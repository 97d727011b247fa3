"""The site's search worker: Material's worker protocol over the sharded index.

Material's search box starts the worker its page `__config` names; every page is pointed
at ours (point_to_worker). The worker is one file, written after the index is made: the
index's manifest, then the package's search scripts (assets/javascripts/search/core.js,
which ranks, and worker.js, which speaks Material's protocol and fetches the index files).
It is written where Material's worker is, under assets/javascripts/workers/.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

WORKER_NAME = "dangjian-search.js"
WORKER_DIR = "assets/javascripts/workers/"
SCRIPTS = ("core.js", "worker.js")
_MATERIAL_WORKER = re.compile(r"workers/(search\.[0-9a-f]+\.min\.js)")


def material_worker_name() -> str:
    """The file name of Material's search worker (it carries a content hash)."""
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    found = _MATERIAL_WORKER.search(base.read_text(encoding="utf-8"))
    if found is None:  # pragma: no cover - only with an incompatible Material version
        raise RuntimeError("Material's base.html names no search worker")
    return found.group(1)


def worker_script(manifest: dict[str, Any]) -> str:
    """Our worker's source, with the index's manifest."""
    folder = resources.files("dangjian") / "assets" / "javascripts" / "search"
    scripts = [(folder / name).read_text(encoding="utf-8") for name in SCRIPTS]
    head = "self.dangjianSearchManifest = " + json.dumps(manifest, ensure_ascii=False) + ";\n"
    return head + ";\n".join(scripts)


def point_to_worker(html: str, material_name: str) -> str:
    """A page whose `__config` names our worker instead of Material's."""
    return html.replace(f"workers/{material_name}\"", f"workers/{WORKER_NAME}\"")
