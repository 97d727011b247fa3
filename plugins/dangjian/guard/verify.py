"""The final verification: every file under site/ read once, HTML with a real parser.

The sources were checked at load time (sourcecheck.py); this pass proves that nothing else
reached the published files: no script the package and theme do not ship, no event handler
or script URL, no active element (iframe, object, embed, base, meta refresh …), no personal
data, border content or text of internal entries, whatever template or plugin wrote it.

- HTML (and SVG) is parsed by Lexbor (selectolax), the parser of a real browser engine:
  elements and attributes are what a browser would see, not what a pattern recognises.
  Its text (text nodes, the attributes people read, JSON data blocks) is checked in the
  shared plain form (dangjian.textnorm).
- JSON, XML, GPX, KML, ICS, CSV, JS, CSS, TXT and other text files are checked as text
  (JSON with its escapes decoded).
- .xlsx, .docx, .zip and other zip containers are opened and every member checked.
- Images and fonts are allowed by type, but a picture that still carries EXIF (GPS above all),
  XMP or IPTC is refused (imagemeta.py), and so is a .jpg, .png, .gif or .webp that is no
  picture; any other binary type is refused unless `allow_binary` in the guard's options
  names its extension.
- Files byte-identical to one the theme or this package ships are left out.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dangjian.guard.border import BorderRules
from dangjian.guard.csp import STANDALONE_POLICY, script_hash
from dangjian.guard.imagemeta import PICTURE_SUFFIXES, Unreadable, metadata_blocks
from dangjian.guard.links import LINK_ATTRS, element_links
from dangjian.guard.personal import find_personal_folded
from dangjian.guard.visibility import Needle, NeedleFinder
from dangjian.textnorm import fold

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"})
FONT_SUFFIXES = frozenset({".woff", ".woff2", ".ttf", ".otf", ".eot"})
ZIP_SUFFIXES = frozenset({".xlsx", ".docx", ".pptx", ".zip", ".odt", ".ods"})
MARKUP_SUFFIXES = frozenset({".html", ".htm", ".svg", ".xhtml"})

_ACTIVE = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                     "fencedframe"})
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                        "srcset", "data", "codebase", "to", "from", "values", "dynsrc", "lowsrc", "ping"})
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap", "text/template",
                         "application/geo+json"})
_SCRIPT_TYPES = frozenset({"", "text/javascript", "module", "application/javascript", "text/ecmascript",
                           "application/ecmascript"})
_READ_ATTRS = ("alt", "title", "aria-label", "aria-description", "placeholder", "value", "label",
               "summary", "content", "download")
_TEXT_DECODING = "utf-8"
DERIVED = frozenset({"search/search_index.json"})
"""Files made of the text of pages checked themselves, plus index terms (not prose)."""
DERIVED_FOLDERS = ("search/dict/", "search/post/")
"""Folders of the search index's term files (dangjian.search.shards): terms, not prose."""
_MAX_MEMBERS = 2000
_MAX_DEPTH = 3
_MAX_MEMBER_BYTES = 64 << 20


@dataclass(frozen=True, order=True)
class Finding:
    """One thing that must not be published, in one output file (and the source it came from)."""

    output: str
    code: str
    shown: str
    what: str = field(compare=False)
    source: str | None = field(default=None, compare=False)

    def format(self) -> str:
        from dangjian.load.diagnostics import CODES

        origin = f"（来源：{self.source}）" if self.source else ""
        head = f"site/{self.output}: {self.code} 发现{self.what}“{self.shown}”{origin}"
        return f"{head}\n    提示：{CODES[self.code][1]}"


@dataclass
class Verifier:
    """What every published file is checked for."""

    needles: tuple[Needle, ...] = ()
    allow_phones: frozenset[str] = frozenset()
    rules: BorderRules = field(default_factory=BorderRules)
    script_hashes: frozenset[str] = frozenset()
    policy: str | None = None  # the Content-Security-Policy every page carries, None: not checked
    allow_binary: frozenset[str] = frozenset()
    shipped: frozenset[str] = frozenset()
    sources: Mapping[str, str] = field(default_factory=dict)  # output file -> its source file

    def __post_init__(self) -> None:
        self._needles = NeedleFinder(self.needles)
        self._text_cache: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self.last_links: tuple[frozenset[str], list[str]] | None = None
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """A digest of everything a file's verification depends on besides its name and bytes.

        `sources` is left out: it only names the source of a finding (a result with findings
        is never reused, see memo.py)."""
        if self._fingerprint is None:
            inputs = (self.needles, sorted(self.allow_phones), self.rules.words, self.rules.terms,
                      self.rules.window, sorted(self.script_hashes), self.policy, sorted(self.allow_binary),
                      sorted(self.shipped))
            self._fingerprint = hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()
        return self._fingerprint

    # -- text --------------------------------------------------------------------------
    def text_problems(self, text: str, prose: bool = True) -> tuple[tuple[str, str, str], ...]:
        """(code, shown, what) of everything in one published text (prose: also the border
        rules, which read words near each other and mean nothing in a list of index terms)."""
        cached = self._text_cache.get(text) if prose else None
        if cached is not None:
            return cached
        folded = fold(text, track=False)
        found: list[tuple[str, str, str]] = []
        for p in find_personal_folded(folded, self.allow_phones):
            found.append((p.code, p.masked, p.what))
        # a page may show an entity's own position: bare coordinates are a source check only
        for b in self.rules.find(folded, coordinates=False) if prose else ():
            found.append((b.code, b.text[:40], b.what))
        for start, end, needle in self._needles.find(folded.text):
            found.append((needle.code, folded.text[start:end][:40], needle.what))
        result = tuple(found)
        if prose and len(text) < 2000:
            if len(self._text_cache) > 50_000:
                self._text_cache.clear()
            self._text_cache[text] = result
        return result

    # -- files -------------------------------------------------------------------------
    def verify(self, rel: str, data: bytes, digest: str | None = None,
               ) -> tuple[list[Finding], tuple[frozenset[str], list[str]] | None]:
        """One published file's findings and, for a page, its anchors and links (None for a
        file that was not parsed as a page, such as one the theme ships); digest: the SHA-256
        of data (hexadecimal) when the caller has it."""
        self.last_links = None
        found = self.check_file(rel, data, digest=digest)
        return found, self.last_links

    def check_file(self, rel: str, data: bytes, depth: int = 0, digest: str | None = None) -> list[Finding]:
        """Every finding in one published file's bytes."""
        if self.shipped and (digest or hashlib.sha256(data).hexdigest()) in self.shipped:
            return []
        suffix = PurePosixPath(rel).suffix.lower()
        if suffix == ".gz":
            try:
                inner = gzip.decompress(data)
            except (OSError, EOFError):
                return [self._finding(rel, "DJ221", rel, "无法读取的压缩文件")]
            return self.check_file(rel[:-3], inner, depth) if depth < _MAX_DEPTH else []
        if suffix in PICTURE_SUFFIXES:
            found = self._picture_problems(rel, data, suffix)
            if found or suffix in IMAGE_SUFFIXES:
                return found
        if suffix in FONT_SUFFIXES:
            return []
        if suffix in ZIP_SUFFIXES or data[:4] == b"PK\x03\x04":
            return self._check_zip(rel, data, depth)
        text = _decode(data)
        if text is None:
            if suffix in self.allow_binary:
                return []
            return [self._finding(rel, "DJ221", suffix or rel, "不允许发布的二进制文件")]
        if suffix in MARKUP_SUFFIXES:
            return self.check_markup(rel, text)
        if suffix in (".json", ".geojson", ".webmanifest", ".map"):
            try:
                return self._from_texts(rel, _json_strings(json.loads(text)))
            except (ValueError, RecursionError):
                pass
        if suffix in (".xml", ".gpx", ".kml", ".rss", ".atom"):
            return self._from_texts(rel, _xml_texts(text))
        return self._from_texts(rel, [text])

    def _picture_problems(self, rel: str, data: bytes, suffix: str) -> list[Finding]:
        """A picture that still says where, when or with what it was taken (imagemeta.py), or
        that is no picture at all (a page renamed to .jpg would pass unread)."""
        try:
            blocks = metadata_blocks(data, suffix)
        except Unreadable:
            return [self._finding(rel, "DJ221", suffix, "无法读取的图片文件")]
        if not blocks:
            return []
        return [self._finding(rel, "DJ224", "、".join(blocks), "带有拍摄信息的图片")]

    def _from_texts(self, rel: str, texts: Iterable[str]) -> list[Finding]:
        found: dict[tuple[str, str], Finding] = {}
        # one text, its pieces a paragraph apart: no number or border phrase spans two
        prose = rel not in DERIVED and not rel.startswith(DERIVED_FOLDERS)
        for code, shown, what in self.text_problems("\n\n".join(texts), prose=prose):
            found.setdefault((code, shown), self._finding(rel, code, shown, what))
        return list(found.values())

    def _finding(self, rel: str, code: str, shown: str, what: str) -> Finding:
        return Finding(rel, code, shown, what, self.sources.get(rel))

    def _check_zip(self, rel: str, data: bytes, depth: int) -> list[Finding]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return [self._finding(rel, "DJ221", rel, "无法读取的压缩文件")]
        if len(members) > _MAX_MEMBERS or depth >= _MAX_DEPTH:
            return [self._finding(rel, "DJ221", rel, "层数或文件数过多的压缩文件")]
        found: list[Finding] = []
        for info in members:
            if info.is_dir():
                continue
            if info.file_size > _MAX_MEMBER_BYTES:
                found.append(self._finding(rel, "DJ221", info.filename, "过大的压缩文件成员"))
                continue
            found += self._from_texts(rel, [info.filename])
            try:
                inner = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
                found.append(self._finding(rel, "DJ221", info.filename, "无法读取的压缩文件成员"))
                continue
            name = info.filename.lower()
            if name.endswith((".xml", ".rels")):
                found += self._from_texts(rel, _xml_texts(inner.decode(_TEXT_DECODING, errors="replace")))
            else:
                for f in self.check_file(f"{rel}!{info.filename}", inner, depth + 1):
                    found.append(Finding(rel, f.code, f.shown, f.what, f.source or self.sources.get(rel)))
        return found

    # -- markup ------------------------------------------------------------------------
    def check_markup(self, rel: str, text: str, fragment: bool = False) -> list[Finding]:
        """Executable markup and published text of one HTML or SVG file: every element and
        attribute as the parser builds them, in one walk (attributes that are never run nor
        read, such as class, are passed over by name). Comments count as text (they are
        published in the page's source); a <template>'s content, which the parser keeps
        apart and a script could put into the page, is checked as a fragment of its own."""
        tree = LexborHTMLParser(text)
        self.last_links = (frozenset(), [])
        root = tree.root
        if root is None:
            return []
        found: list[Finding] = []
        texts: list[str] = []
        ids: list[str] = []
        urls: list[str] = []
        scripts: list[LexborNode] = []
        for node in root.traverse(include_text=False):
            tag = node.tag or ""
            if tag == "-comment":
                texts.append(node.comment_content or "")
                continue
            attrs = node.attributes
            if tag in _SPECIAL:
                if tag == "script":
                    scripts.append(node)
                elif tag in _ACTIVE:
                    found.append(self._finding(rel, "DJ220", f"<{tag}>", "可执行或嵌入外部内容的元素"))
                elif tag == "template":
                    inner = (node.html or "").removeprefix("<template>")
                    found += self.check_markup(rel, inner, fragment=True)
            if not attrs:
                continue
            if tag in LINK_ATTRS:
                found += self._outside_resources(rel, tag, attrs)
                urls += element_links(tag, attrs)
            for name, value in attrs.items():
                if name in _PLAIN_ATTRS:
                    continue  # class, rel, type …: never a script, never read as text
                if name in _READ_ATTRS:
                    if value and "http-equiv" not in attrs:
                        texts.append(value)
                    continue
                if name == "id" or (name == "name" and tag == "a"):
                    ids.append(value or "")
                    continue
                if value and (name in _URL_ATTRS or name.startswith("data-")):
                    texts.append(value)  # a tel: link or a data attribute publishes its value too
                problem = _verdict(name, value or "")
                if problem is not None:
                    found.append(self._finding(rel, "DJ220", *problem))
        if not fragment:
            found += self._meta_problems(rel, tree)
        for node in scripts:
            problem = self._script_problem(node)
            if problem is not None:
                found.append(self._finding(rel, "DJ220", *problem))
            elif _script_type(node) in _DATA_TYPES:
                body = node.text(deep=True)
                try:
                    texts.extend(_json_strings(json.loads(body)))
                except (ValueError, RecursionError):
                    texts.append(body)
        id_set = frozenset(ids) - {""}
        # the page's text as one, the pieces joined by a space as a reader sees them: a
        # number split over two elements (138<b>0013</b>8000) is still one number; scripts
        # and styles were checked above as code, not text
        for node in tree.css("script, style"):
            node.decompose()
        texts.append(root.text(separator=" "))
        # each attribute value, comment and data block is a text of its own: a row of links
        # (../13/ ../14/ ../15/) is not one number to a reader
        found += self._from_texts(rel, texts)
        self.last_links = (id_set, urls)  # the link check reads the same parse
        return found

    def _outside_resources(self, rel: str, tag: str, attrs: dict[str, str | None]) -> list[Finding]:
        """Images, scripts, styles, frames and media the page would load from another host."""
        if tag in ("a", "form", "area", "script"):
            return []  # a link the visitor follows (a script from elsewhere is DJ220)
        if tag == "link" and not _LOADED_RELS & set((attrs.get("rel") or "").lower().split()):
            return []
        found = []
        for name in ("src", "href", "poster", "srcset", "data"):
            value = (attrs.get(name) or "").strip()
            candidates = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" else [value]
            for url in candidates:
                if url and _outside(url) and not url.lower().startswith(("data:", "blob:")):
                    shown = f'<{tag} {name}="{url[:60]}">'
                    found.append(self._finding(rel, "DJ223", shown, "从其他网站加载的资源"))
        return found

    def _meta_problems(self, rel: str, tree: LexborHTMLParser) -> list[Finding]:
        found = []
        policies = 0
        for node in tree.css("meta[http-equiv]"):
            attrs = node.attributes
            kind = (attrs.get("http-equiv") or "").strip().lower()
            if kind == "content-security-policy" and self.policy is not None and policies == 0 \
                    and (attrs.get("content") or "") in (self.policy, STANDALONE_POLICY):
                policies += 1
            elif kind not in ("content-type", "x-ua-compatible") and not (
                    kind == "content-security-policy" and self.policy is None):
                shown = f'<meta http-equiv="{kind}">'
                found.append(self._finding(rel, "DJ220", shown, "页面跳转或策略标记"))
        if self.policy is not None and policies == 0 and rel.endswith((".html", ".htm")):
            found.append(self._finding(rel, "DJ222", rel, "没有内容安全策略的页面"))
        return found

    def _script_problem(self, node: LexborNode) -> tuple[str, str] | None:
        attrs = node.attributes
        kind = _script_type(node)
        src = (attrs.get("src") or "").strip()
        if "src" in attrs:
            if not src or _outside(src):
                return f'<script src="{src[:60]}">', "来自其他网站的脚本"
            return None
        if kind in _DATA_TYPES:
            return None
        body = node.text(deep=True)
        if kind not in _SCRIPT_TYPES:
            return f'<script type="{kind[:30]}">', "未知类型的脚本"
        if script_hash(body) in self.script_hashes:
            return None
        return f"<script>{' '.join(body.split())[:40]}", "不是本站模板自带的内联脚本"


_UNSEEN: Any = object()
_ATTRIBUTE_VERDICTS: dict[tuple[str, str], tuple[str, str] | None] = {}
"""Each attribute's verdict, by name and value (the theme's attributes repeat on every page)."""

_SPECIAL = _ACTIVE | {"script", "template"}
_LOADED_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                          "apple-touch-icon", "import", "shortcut"})
_PLAIN_ATTRS = frozenset({"class", "rel", "type", "lang", "dir", "tabindex", "role", "hidden", "width",
                          "height", "viewbox", "viewBox", "d", "fill", "stroke", "stroke-width", "x", "y",
                          "cx", "cy", "r", "for", "method", "autocomplete", "spellcheck", "charset",
                          "crossorigin", "integrity", "loading", "decoding", "sizes", "media", "property",
                          "http-equiv", "checked", "disabled", "required", "transform", "points"})
"""Attributes a browser never runs and a reader never sees as text."""


def _verdict(name: str, value: str) -> tuple[str, str] | None:
    key = (name, value)
    problem = _ATTRIBUTE_VERDICTS.get(key, _UNSEEN)
    if problem is _UNSEEN:
        problem = _attribute_problem(name, value)
        if len(_ATTRIBUTE_VERDICTS) > 100_000:
            _ATTRIBUTE_VERDICTS.clear()
        _ATTRIBUTE_VERDICTS[key] = problem
    return problem


def _script_type(node: LexborNode) -> str:
    return (node.attributes.get("type") or "").strip().lower().split(";")[0]


def _outside(url: str) -> bool:
    """True for a URL on another host (scheme or protocol-relative)."""
    head = url.split("/", 1)[0]
    return url.startswith("//") or url.startswith("\\") or ":" in head


def _attribute_problem(name: str, value: str) -> tuple[str, str] | None:
    lowered = name.lower()
    if lowered.startswith("on"):
        return f"{lowered}=…", "事件处理属性"
    if (lowered in _URL_ATTRS or lowered.endswith(":href")) and dangerous_url(value):
        return f'{lowered}="{value.strip()[:40]}"', "脚本或 data: 地址"
    if lowered == "style" and ("expression(" in value.lower() or "javascript:" in value.lower()):
        return f'style="{value[:40]}"', "样式中的脚本"
    if lowered in ("srcdoc", "formaction"):
        return f"{lowered}=…", "可执行的属性"
    return None


_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and non-image data: URLs, as a browser reads them
    (control characters and white space inside the scheme are ignored by browsers)."""
    if ":" not in value:
        return False  # no scheme at all (the parser has decoded character references)
    cleaned = _INVISIBLE_IN_URL.sub("", value).lower()
    for scheme in ("javascript:", "vbscript:", "livescript:"):
        if cleaned.startswith(scheme) or f",{scheme}" in cleaned or f" {scheme}" in value.lower():
            return True
    if cleaned.startswith("data:"):
        return not cleaned.startswith(("data:image/png", "data:image/jpeg", "data:image/gif",
                                       "data:image/webp", "data:image/avif"))
    return False


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n") if "\r" in text else text


def _json_strings(value: Any) -> list[str]:
    """Every key and string in a value json.loads made: an object's keys, then its values
    and a list's items depth first from the last. json.loads makes exactly str, dict and
    list (no subclasses), so the types are compared, not tested with isinstance."""
    found: list[str] = []
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            found.append(item)
        elif kind is dict:
            found.extend(item)  # JSON keys are strings
            extend(item.values())
        elif kind is list:
            extend(item)
    return found


def _xml_texts(text: str) -> list[str]:
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError:
        return [text]
    found = []
    for element in root.iter():
        if element.text and element.text.strip():
            found.append(element.text)
        if element.tail and element.tail.strip():
            found.append(element.tail)
        found.extend(v for v in element.attrib.values() if v)
    return found


def shipped_digests(folders: Iterable[Path]) -> frozenset[str]:
    """SHA-256 of every file in folders: theme and vendored files that carry no project data."""
    digests = set()
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return frozenset(digests)
