"""When each data file last changed, from one `git log` per build.

Outside a git work tree, or without git, nothing is known and pages say nothing. In a
shallow clone the oldest commit present stands for all earlier history, so a file last
seen there only changed on or before that date; such dates are marked approximate.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

CHINA = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class LastChange:
    """The day a file last changed; approximate means "on or before" (shallow clone)."""

    day: date
    approximate: bool = False

    @property
    def label(self) -> str:
        text = f"{self.day.year} 年 {self.day.month} 月 {self.day.day} 日"
        return f"不晚于 {text}" if self.approximate else text


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args],
                              capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def parse_log(text: str, shallow: bool) -> dict[str, LastChange]:
    """Parse `git log --format=%x00%ct %P --name-only` output: the first mention of a path wins."""
    found: dict[str, LastChange] = {}
    when: date | None = None
    boundary = False
    for line in text.splitlines():
        if line.startswith("\x00"):
            stamp, _, parents = line[1:].partition(" ")
            when = datetime.fromtimestamp(int(stamp), UTC).astimezone(CHINA).date()
            boundary = shallow and not parents.strip()
        elif line and when is not None and line not in found:
            found[line] = LastChange(when, approximate=boundary)
    return found


def last_changes(root: Path, folders: list[str]) -> dict[str, LastChange]:
    """Path relative to root (forward slashes) -> last change, for every file under folders."""
    log = _git(root, "log", "--relative", "--format=%x00%ct %P", "--name-only", "--", *folders)
    if not log:
        return {}
    shallow = False
    if any(line.startswith("\x00") and not line[1:].partition(" ")[2].strip() for line in log.splitlines()):
        # a commit without parents: the first commit, or the cut-off of a shallow clone
        shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    return parse_log(log, shallow)
