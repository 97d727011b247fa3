"""Where a project's files may be: inside the project folder, under plain names.

A data file, a docs page or a route track that is a link to somewhere outside the project
would publish whatever it points at; a folder or file name with markup or invisible
characters ends up in page addresses and edit links. Each is reported at its file.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePath, PureWindowsPath

from dangjian.load.diagnostics import CONTROL_CHARS, Diagnostic, describe_control

YAML_SUFFIXES = (".yml", ".yaml")  # compared without case: .YML is read like .yml

_MARKUP = frozenset("<>\"'`&#?%\\")
_PLAIN_ASCII = re.compile(r"^[A-Za-z0-9._\- ()\[\]+,;=~!@$^{}]*$")


def lexical(path: Path | str, root: Path) -> str:
    """path relative to root as it is written (links not followed), with forward slashes."""
    text = os.fspath(path)
    base = os.fspath(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    if text.startswith(prefix):
        return PurePath(text[len(prefix):]).as_posix()
    return PurePath(text).as_posix()


def inside(real: str, folder: str) -> bool:
    """Whether a resolved path is folder itself or somewhere below it."""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return real == folder or real.startswith(prefix)


def outside_target(path: Path | str, root: Path) -> str | None:
    """Where path really is when that is outside the project root, else None."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    return None if inside(real, os.fspath(root)) else real


def _outside(rel: str, target: str, what: str) -> Diagnostic:
    return Diagnostic(rel, 1, 1, "DJ014", f"{what}“{rel}”是指向项目文件夹之外（{target}）的链接")


def scan_yaml(folder: Path, root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every YAML file below folder, at any depth, in a stable order, and the links that lead
    out of the project (those files are never read). Linked folders are not walked."""
    if not folder.is_dir():
        return [], []
    target = outside_target(folder, root)
    if target is not None:
        return [], [_outside(lexical(folder, root), target, "数据文件夹")]
    files: list[Path] = []
    problems: list[Diagnostic] = []
    stack = [os.fspath(folder)]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            is_yaml = os.path.splitext(entry.name)[1].lower() in YAML_SUFFIXES
            if entry.is_symlink():
                if not (is_yaml or entry.is_dir()):
                    continue
                target = outside_target(entry.path, root)
                if target is not None:
                    what = "数据文件" if is_yaml else "文件夹"
                    problems.append(_outside(lexical(entry.path, root), target, what))
                    continue
                if is_yaml and entry.is_file():
                    files.append(Path(entry.path))
            elif is_yaml and entry.is_file(follow_symlinks=False):
                files.append(Path(entry.path))
    files.sort()
    return files, problems


@lru_cache(maxsize=4096)
def name_problem(name: str) -> str | None:
    """What makes a file or folder name unsafe in addresses and links, or None when it is plain."""
    if _PLAIN_ASCII.match(name) and not _MARKUP.intersection(name):
        return None
    found: list[str] = []
    for char in dict.fromkeys(name):
        if char in _MARKUP:
            found.append(f"“{char}”")
        elif CONTROL_CHARS.match(char):
            found.append(describe_control(char))
        elif unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"):
            found.append(f"看不见的字符 U+{ord(char):04X}")
    return "、".join(found) or None


def name_problems(folder: Path, files: list[Path], root: Path) -> list[Diagnostic]:
    """One diagnostic for each file, and for each folder (at its first file), whose name below
    folder is not plain."""
    problems: list[Diagnostic] = []
    reported: set[tuple[str, ...]] = set()
    base = len(folder.parts)
    for path in files:
        parts = path.parts[base:]
        for depth, part in enumerate(parts, start=1):
            bad = name_problem(part)
            if bad is None or parts[:depth] in reported:
                continue
            reported.add(parts[:depth])
            what = "文件名" if depth == len(parts) else "文件夹名"
            problems.append(Diagnostic(lexical(path, root), 1, 1, "DJ013", f"{what}“{part}”含有{bad}"))
    return problems


def docs_outside(docs: Path, root: Path) -> list[Diagnostic]:
    """Every file or folder under docs/ that is a link to somewhere outside the project.

    MkDocs reads docs/ itself and follows linked folders, so the whole tree is walked the same
    way (each real folder once); names starting with "." are left out, as MkDocs leaves them.
    """
    if not docs.is_dir():
        return []
    target = outside_target(docs, root)
    if target is not None:
        return [_outside(lexical(docs, root), target, "文档文件夹")]
    problems: list[Diagnostic] = []
    stack = [os.fspath(docs)]
    seen = {os.path.realpath(docs)}
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            is_link = entry.is_symlink()
            if is_link:
                target = outside_target(entry.path, root)
                if target is not None:
                    problems.append(_outside(lexical(entry.path, root), target, "文档页"
                                             if not os.path.isdir(entry.path) else "文档文件夹"))
                    continue
            if entry.is_dir():
                real = os.path.realpath(entry.path) if is_link else entry.path
                if real not in seen:
                    seen.add(real)
                    stack.append(entry.path)
    return sorted(problems)


def track_problem(track: str, routes: Path, root: Path, routes_name: str) -> tuple[str, str] | None:
    """(code, message) when a route's track: is not a path inside routes/, else None."""
    if CONTROL_CHARS.search(track) or "\x00" in track:
        return "DJ124", f"轨迹路径“{track}”中有控制字符"
    slashed = track.replace("\\", "/")
    if slashed.startswith("/") or PureWindowsPath(track).drive:
        return "DJ124", f"轨迹路径“{track}”是绝对路径"
    normal = posixpath.normpath(slashed)
    if normal == ".." or normal.startswith("../"):
        return "DJ124", f"轨迹路径“{track}”用“..”跳出了 {routes_name}/ 文件夹"
    path = routes / track
    if not os.path.lexists(path):
        return None  # reported as a missing track file
    target = outside_target(path, root)
    if target is not None:
        return "DJ014", f"轨迹文件“{track}”是指向项目文件夹之外（{target}）的链接"
    real = os.path.realpath(path)
    if not inside(real, os.path.realpath(routes)):
        return "DJ124", f"轨迹文件“{track}”是指向 {routes_name}/ 文件夹之外（{lexical(real, root)}）的链接"
    return None
