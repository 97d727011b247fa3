"""The post-build scan: every file under site/ is searched for what must never be published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dangjian.guard.markup import unsafe_markup
from dangjian.guard.personal import find_personal
from dangjian.guard.sitefiles import SiteFile, site_files
from dangjian.guard.sources import SourceIndex
from dangjian.guard.views import views
from dangjian.guard.visibility import Needle
from dangjian.load.diagnostics import CODES

DEFAULT_SENSITIVE_TERMS: tuple[str, ...] = (
    "执勤点坐标", "执勤点位置图", "执勤点分布图", "执勤哨位", "执勤排班", "执勤时间表",
    "巡逻路线", "巡逻路线图", "巡逻时间表", "巡逻排班", "巡逻班次", "巡边路线",
    "潜伏蹲守点位", "蹲守点位", "蹲守位置", "布控点位", "护边员名单", "护边员花名册",
    "护边员联系方式", "边防部署", "警力部署",
)
"""Terms that only a text about duty-point positions or patrol arrangements would use.

The site may say that the city set up 26 duty points and a 383-member patrol team (the
source article does), and that their positions are not published; none of these terms is
needed for that.
"""

_UNKNOWN_SOURCE = "（来源：未在数据文件中找到，请检查文档页、模板和其他插件的输出）"
_MARKUP_SUFFIXES = (".html", ".htm", ".xml", ".svg", ".kml", ".gpx")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing that must not be published, in one output file."""

    output: str
    line: int
    col: int
    code: str
    match: str
    what: str = field(compare=False)
    source: str | None = field(default=None, compare=False)

    def format(self) -> str:
        where = f"site/{self.output}:{self.line}:{self.col}" if self.line else f"site/{self.output}"
        origin = f"（来源：{self.source}）" if self.source else _UNKNOWN_SOURCE
        head = f"{where}: {self.code} 发现{self.what}“{self.match}”{origin}"
        return f"{head}\n    提示：{CODES[self.code][1]}"


@dataclass
class Scanner:
    """Searches published files for needles, personal data, sensitive terms and unsafe markup."""

    needles: list[Needle]
    sources: SourceIndex
    allow_phones: frozenset[str] = frozenset()
    sensitive_terms: tuple[str, ...] = DEFAULT_SENSITIVE_TERMS
    _text_re: re.Pattern[str] | None = None
    _id_re: re.Pattern[str] | None = None
    _by_text: dict[str, Needle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        texts = sorted({n.text for n in self.needles if not n.is_id}, key=len, reverse=True)
        ids = sorted({n.text for n in self.needles if n.is_id}, key=len, reverse=True)
        self._by_text = {n.text: n for n in self.needles}
        if texts:
            self._text_re = re.compile("|".join(re.escape(t) for t in texts))
        if ids:
            self._id_re = re.compile(
                r"(?<![A-Za-z0-9_-])(?:" + "|".join(re.escape(t) for t in ids) + r")(?![A-Za-z0-9_-])"
            )
        terms = [t for t in self.sensitive_terms if t]
        self._terms_re = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))) \
            if terms else None

    def scan_file(self, file: SiteFile) -> Iterator[Finding]:
        raw = file.text
        markup = file.suffix in _MARKUP_SUFFIXES
        seen: set[tuple[str, str]] = set()

        def finding(code: str, match: str, what: str, source: str | None, offset: int | None = None) -> \
                Finding | None:
            if (code, match) in seen:
                return None
            seen.add((code, match))
            if offset is None:
                offset = raw.find(match)
            line, col = _line_col(raw, offset) if offset >= 0 else (0, 0)
            return Finding(file.rel, line, col, code, match, what, source)

        for view in views(raw, markup):
            found: list[Finding | None] = []
            if self._id_re is not None:
                for m in self._id_re.finditer(view):
                    n = self._by_text[m[0]]
                    found.append(finding(n.code, m[0], n.what, n.source))
            if self._text_re is not None:
                for m in self._text_re.finditer(view):
                    n = self._by_text[m[0]]
                    found.append(finding(n.code, m[0], n.what, self.sources.locate(m[0][:20], n.source)))
            for p in find_personal(view, self.allow_phones):
                code, what = ("DJ203", "手机号码") if p.kind == "mobile" else ("DJ204", "身份证号码")
                found.append(finding(code, p.text, what, self.sources.locate_personal(p.canonical)))
            if self._terms_re is not None:
                for m in self._terms_re.finditer(view):
                    found.append(finding("DJ205", m[0], "敏感词", self.sources.locate(m[0])))
                squeezed = "".join(view.split())
                if squeezed != view:
                    for m in self._terms_re.finditer(squeezed):
                        found.append(finding("DJ205", m[0], "敏感词", self.sources.locate(m[0])))
            yield from (f for f in found if f is not None)
        if file.is_html:
            for offset, match, what in unsafe_markup(raw):
                hit = finding("DJ220", match, what, None, offset)
                if hit is not None:
                    yield hit


def scan_site(site_dir: Path, scanner: Scanner, shipped: frozenset[str] = frozenset()) -> list[Finding]:
    """Every finding in every text file under site_dir, sorted by file and position."""
    findings: list[Finding] = []
    for file in site_files(site_dir, shipped):
        findings.extend(scanner.scan_file(file))
    return sorted(findings)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
