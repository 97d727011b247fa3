"""The 版本 of a brand in an exported sheet: a short hash of what its file says.

It is taken from the file's values (not its bytes), so comments and layout do not count,
and an import that rewrote a file's lines the same way gives the same version.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

VERSION_LENGTH = 8


def brand_version(model: BaseModel) -> str:
    """"v" and eight hex digits that change whenever any field of the entity changes (the
    letter in front keeps a spreadsheet from reading "0012e345" as a number)."""
    data = model.model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "v" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:VERSION_LENGTH]
