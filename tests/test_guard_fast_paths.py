"""The guard's fast paths give exactly what the plain ones give: literal search as a regex
alternation, links as urljoin resolves them, text forms piece by piece as on the whole text,
and the scan that skips pieces found clean before as a scan of the whole text."""

from __future__ import annotations

import html
import random
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from dangjian.guard.links import LinkChecker
from dangjian.guard.literals import WORD_CHARS, Literals
from dangjian.guard.scan import Scanner
from dangjian.guard.sitefiles import SiteFile
from dangjian.guard.sources import SourceIndex
from dangjian.guard.views import views
from dangjian.guard.visibility import Needle

WORDS = ["王某某", "王某", "某某人", "内部 备注", "nc-a", "nc-a-1", "a", "巡逻路线", "路线"]
PIECES = ["<p>", "</p>", ">", "<b>", "</b>", "&amp;", "&lt", "&gt>", "\\u738b", "\\u003e", "\\ud83d", "\\ude00",
          "%E7%8E%8B", "%3E", "%E7%99", "nc-a", "-1", "_", ".", "王", "某", "某某", "人", "内部", " ", "\n",
          "备注", "138", "0013", "8000", "１３８", "＋８６ ", "11010519491231002X", "巡逻", "路线",
          "<article>", "</article>", "<img onerror=x>", "<script>a>b</script>", "<a href='x>y'>", "a",
          "&amp", "&#62", "&#x3e;", "&not", "&notin;", "&a", "&", ";", "#", "<", "< b"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20))) for _ in range(count)]


def test_literals_match_like_a_longest_first_alternation() -> None:
    alternation = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    bounded = re.compile(r"(?<![A-Za-z0-9_-])(?:" + alternation.pattern + r")(?![A-Za-z0-9_-])")
    plain, ids = Literals(WORDS), Literals(WORDS, boundary=WORD_CHARS)
    for text in _texts(1, 3000):
        assert [(s, m) for s, m in plain.finditer(text)] == [(m.start(), m[0]) for m in alternation.finditer(text)]
        assert [(s, m) for s, m in ids.finditer(text)] == [(m.start(), m[0]) for m in bounded.finditer(text)]
        assert plain.found_in(text) == {w for w in WORDS if w in text}


def _views_whole(text: str, markup: bool) -> list[str]:
    # the forms computed on the whole text, as the guard first did
    def rendered(t: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", t)).split())

    def json(t: str) -> str:
        decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), t)
        return decoded.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")

    found = [text] + ([rendered(text)] if markup else [])
    if "\\u" in text:
        found.append(json(text))
        if markup:
            found.append(rendered(found[-1]))
    if re.search(r"%[0-9A-Fa-f]{2}", text):
        found.append(unquote(text))
    fold = str.maketrans("０１２３４５６７８９＋－Ｘｘ", "0123456789+-Xx")
    distinct: list[str] = []
    for view in found:
        if view.translate(fold) not in distinct:
            distinct.append(view.translate(fold))
    return distinct


def test_text_forms_computed_piece_by_piece_equal_the_whole_text_forms() -> None:
    for text in _texts(2, 3000):
        for markup in (True, False):
            assert views(text, markup) == _views_whole(text, markup), text


def test_plain_links_resolve_as_urljoin_does(tmp_path: Path) -> None:
    rng = random.Random(3)
    parts = ["..", ".", "", "a", "x y", "%2e%2e", "%E5%86%9C", "b;c", "?q=1", "#frag", "#", "//", "/",
             "index.html", ":", "http:", "\t", "c#d", "?", "%"]
    for site_url in ("http://127.0.0.1:8000/", "", "http://h/sub/", "http://h/a//b/", "foo/"):
        checker = LinkChecker(tmp_path, site_url, set(), set())
        for _ in range(3000):
            url = "".join(rng.choice(parts) + rng.choice(["/", "", "#", "?"]) for _ in range(rng.randint(1, 5)))
            page = rng.choice(["index.html", "brands/x/index.html", "a/b/c.html", "x;y/index.html", "c#d/e.html"])
            expected = _reference_target(checker, page, url)
            assert checker._target(page, url) == expected, (site_url, page, url)


def test_links_resolved_once_per_folder_resolve_as_each_page_would(tmp_path: Path) -> None:
    # page_links resolves a link once per folder when its target cannot depend on the file name
    rng = random.Random(4)
    parts = ["..", ".", "", "a", "%2e%2e", "b;c", "?q=1", "#frag", "#", "/", "index.html", "http:", "c#d", "?"]
    pages = ["index.html", "other.html", "brands/x/index.html", "brands/x/y.html", "brands/", "a/b/c.html",
             "a/b/d.htm", "x;y/index.html", "x;y/z.html", "c#d/e.html", "c#d/f.html"]
    for site_url in ("http://127.0.0.1:8000/", "", "http://h/sub/", "foo/"):
        resolver = LinkChecker(tmp_path, site_url, set(), set()).resolver
        urls = ["".join(rng.choice(parts) + rng.choice(["/", "", "#", "?"]) for _ in range(rng.randint(1, 4)))
                for _ in range(300)]
        for _ in range(200):
            page = rng.choice(pages)
            chosen = [rng.choice(urls) for _ in range(8)]
            body = "\n".join(f'<a href="{html.escape(u, quote=True)}">x</a>' for u in chosen)
            links = resolver.page_links(page, body).links
            expected = [(n, u, *t) for n, u in enumerate(chosen, start=1)
                        if (t := resolver.resolve(page, u.strip())) is not None and u.strip() not in ("", "#")]
            assert [(line, url, *rest) for line, url, *rest in links] == expected, (site_url, page)


def _reference_target(checker: LinkChecker, page_rel: str, url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if not checker.resolver.site_prefix or not url.startswith(checker.resolver.site_prefix + checker.resolver.base_path):
            return None
        path = parts.path
    else:
        path = urlsplit(urljoin("http://site.invalid" + checker.resolver.base_path + page_rel, url)).path
    if not path.startswith(checker.resolver.base_path):
        return ("\0" + path, parts.fragment)
    rel = unquote(path[len(checker.resolver.base_path):])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    elif (checker.site_dir / rel).is_dir():
        rel += "/index.html"
    return rel, unquote(parts.fragment)


def _findings(scanner: Scanner, text: str, suffix: str) -> list[tuple[object, ...]]:
    found = scanner.scan_file(SiteFile("f" + suffix, suffix, text))
    return sorted((f.line, f.col, f.code, f.match, f.what, f.source) for f in found)


def test_scan_of_remembered_clean_pieces_finds_what_a_whole_text_scan_finds(tmp_path: Path) -> None:
    needles = [Needle(w, "DJ201", "内部条目的名称", "data/x.yml", is_id=w.startswith("nc-") or w == "a")
               for w in WORDS if w not in ("巡逻路线", "路线")]
    sources = SourceIndex.of(tmp_path, [], [])
    remembering = Scanner(needles, sources, allow_phones=frozenset({"13904670000"}))
    whole = Scanner(needles, sources, allow_phones=frozenset({"13904670000"}))
    whole._pieces = False  # every form searched whole, nothing remembered
    for text in _texts(4, 3000):
        for suffix in (".html", ".json"):
            assert _findings(remembering, text, suffix) == _findings(whole, text, suffix), text
    assert any(_findings(remembering, t, ".html") for t in _texts(4, 3000))


def test_article_spans_are_those_of_the_plain_pattern() -> None:
    from dangjian.guard.markup import article_spans

    plain = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
    rng = random.Random(5)
    bits = ["<article>", "<ARTICLE class='x'>", "</article>", "</Article>", "</article >", "<articles>",
            "</article", "<", "/", "article>", "x", "\n", "<p>", "</p>", "<!--", "-->", ">"]
    for _ in range(3000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 14)))
        expected = [(m.start(1), m.end(1)) for m in plain.finditer(text)]
        assert article_spans(text) == expected, text


def test_script_style_and_comment_bodies_are_those_of_the_plain_pattern() -> None:
    from dangjian.guard.markup import _RAW_TEXT

    plain = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
    rng = random.Random(6)
    bits = ["<script>", "<SCRIPT type='x'>", "</script>", "</Script >", "</style>", "<style>", "</script",
            "<scripts>", "<!--", "-->", "--", "-", ">", "<", "/", "x", "\n", "<p>", "</p>", "<!---", "--->"]
    for _ in range(5000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in _RAW_TEXT.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_files_the_theme_ships_are_left_out_by_digest_and_others_of_their_size_are_not(tmp_path: Path) -> None:
    from dangjian.guard.sitefiles import shipped_digests, site_file

    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "bundle.js").write_bytes(b"var a = 1;\n")
    shipped = shipped_digests([theme])
    assert site_file("assets/bundle.js", b"var a = 1;\n", shipped) is None
    same_size = site_file("assets/bundle.js", b"var b = 2;\n", shipped)
    assert same_size is not None and same_size.text == "var b = 2;\n"
    assert site_file("assets/other.js", b"var a = 10;\n", shipped) is not None
    # a set of digests alone (no sizes) leaves every file in the scan
    digests_only = frozenset(d for d in shipped if not d.startswith("size:"))
    assert site_file("assets/bundle.js", b"var a = 1;\n", digests_only) is not None


def test_a_page_is_read_as_one_text_whatever_its_bytes(tmp_path: Path) -> None:
    # the scan decodes a page once; pages with \r, NUL or bad UTF-8 go the careful way, as before
    from dangjian.guard.pagescan import page_text
    from dangjian.guard.sitefiles import site_file

    for data in (b"<p>\xe7\x8e\x8b</p>\n", b"<p>a\r\nb</p>", b"<p>\x00</p>", b"<p>\xff</p>"):
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            decoded = None
        plain = None if decoded is None or "\r" in decoded else decoded
        assert site_file("x.html", data, decoded=plain) == site_file("x.html", data)
        if plain is not None:
            assert plain == page_text(data, errors="replace") == page_text(data, errors="strict")
