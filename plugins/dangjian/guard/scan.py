"""The post-build scan: every file under site/ is searched for what must never be published."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dangjian.guard.literals import WORD_CHARS, Literals
from dangjian.guard.markup import unsafe_markup
from dangjian.guard.personal import find_personal
from dangjian.guard.sitefiles import SiteFile, site_files
from dangjian.guard.sources import SourceIndex
from dangjian.guard.views import DELIMITER, view_pieces
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


_Hit = tuple[str, str, str, str, object]  # code, match, what, how to find its source, argument
_CLEAN_LIMIT = 1 << 18


@dataclass
class Scanner:
    """Searches published files for needles, personal data, sensitive terms and unsafe markup.

    Every form of a file (views.py) is searched piece by piece between `>` characters, which
    no needle, term, phone or ID number contains and which none of their boundary checks
    treats as part of a word; so a piece has the same matches wherever it stands, and a
    piece found clean once (the theme's header, navigation and footer on every page) is not
    searched again. The pieces not yet known clean are searched together, in one pass.
    """

    needles: list[Needle]
    sources: SourceIndex
    allow_phones: frozenset[str] = frozenset()
    sensitive_terms: tuple[str, ...] = DEFAULT_SENSITIVE_TERMS
    _by_text: dict[str, Needle] = field(default_factory=dict)
    _clean: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_text = {n.text: n for n in self.needles}
        self._texts = Literals(n.text for n in self.needles if not n.is_id)
        self._ids = Literals((n.text for n in self.needles if n.is_id), boundary=WORD_CHARS)
        self._terms = Literals(self.sensitive_terms)
        # a configured term (or needle) containing the delimiter could span two pieces
        literals = (self._texts, self._ids, self._terms)
        self._pieces = not any(lit.contains_delimiter(DELIMITER) for lit in literals)

    def _hits(self, text: str) -> list[_Hit]:
        """Everything in text, in the order the checks report it."""
        found: list[_Hit] = []
        for _, m in self._ids.finditer(text):
            n = self._by_text[m]
            found.append((n.code, m, n.what, "needle-id", n))
        for _, m in self._texts.finditer(text):
            n = self._by_text[m]
            found.append((n.code, m, n.what, "needle-text", n))
        for p in find_personal(text, self.allow_phones):
            code, what = ("DJ203", "手机号码") if p.kind == "mobile" else ("DJ204", "身份证号码")
            found.append((code, p.text, what, "personal", p.canonical))
        if self._terms:
            for _, m in self._terms.finditer(text):
                found.append(("DJ205", m, "敏感词", "term", None))
            squeezed = "".join(text.split())
            if squeezed != text:
                for _, m in self._terms.finditer(squeezed):
                    found.append(("DJ205", m, "敏感词", "term", None))
        return found

    def _view_hits(self, pieces: list[str]) -> list[_Hit]:
        if not self._pieces:
            return self._hits(DELIMITER.join(pieces))
        clean = self._clean
        unknown = [p for p in dict.fromkeys(pieces) if p not in clean]
        if not unknown:
            return []
        found = self._hits(DELIMITER.join(unknown))
        if len(clean) > _CLEAN_LIMIT:
            clean.clear()
        clean.update(unknown if not found else (p for p in unknown if not self._hits(p)))
        return found

    def _source(self, how: str, match: str, arg: object) -> str | None:
        if how == "needle-id":
            return arg.source  # type: ignore[attr-defined]
        if how == "needle-text":
            return self.sources.locate(match[:20], arg.source)  # type: ignore[attr-defined]
        if how == "personal":
            return self.sources.locate_personal(arg)  # type: ignore[arg-type]
        return self.sources.locate(match)

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

        for pieces in view_pieces(raw, markup, changed_only=self._pieces):
            for code, match, what, how, arg in self._view_hits(pieces):
                if (code, match) not in seen:
                    hit = finding(code, match, what, self._source(how, match, arg))
                    if hit is not None:
                        yield hit
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
