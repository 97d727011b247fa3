"""Entity ids already in use, and whether a new id may be taken."""

from __future__ import annotations

import re
from pathlib import Path

from dangjian.catalog import fold_id
from dangjian.load.diagnostics import display_path
from dangjian.load.loader import data_files, load_file
from dangjian.model import KINDS
from dangjian.model.common import ID_PATTERN
from dangjian.settings import Settings

_ID = re.compile(ID_PATTERN)


def used_ids(settings: Settings) -> dict[str, str]:
    """Every id in use (folded) -> the file that uses it, valid files or not.

    A file's name counts as well as the id written in it, so that a half-written file
    still reserves its name.
    """
    used: dict[str, str] = {}
    for kind in KINDS:
        for path in data_files(settings, kind):
            rel = display_path(path, settings.root)
            used.setdefault(fold_id(path.stem), rel)
            value = load_file(path, kind).parsed.value
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                used.setdefault(fold_id(value["id"]), rel)
    return used


def id_problem(new_id: str, used: dict[str, str]) -> str | None:
    """Why new_id cannot be used (in Chinese), or None when it can."""
    if not (2 <= len(new_id) <= 80) or not _ID.match(new_id):
        return (f"编号“{new_id}”格式不对：只能用小写英文字母、数字和单个连字符，"
                "2 到 80 个字符，如 nc-dangbi-10。")
    owner = used.get(fold_id(new_id))
    if owner is not None:
        return f"编号“{new_id}”已被 {owner} 使用，请换一个编号。"
    return None


def relative(path: Path, settings: Settings) -> str:
    return display_path(path, settings.root)
