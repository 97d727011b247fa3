"""The forms in which a published file can carry a text: raw, as rendered, JSON- or URL-escaped.

Each form is computed piece by piece between `>` characters, and each piece's forms are
remembered: the theme's header, navigation and footer are the same on every page, so most
pieces are seen before. Splitting at `>` changes nothing: no tag, escape sequence or entity
reference that these forms decode spans a `>` in a way that would decode differently.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote

DELIMITER = ">"
_TAG = re.compile(r"<[^>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Full-width digits and the signs of a phone or ID number; Chinese punctuation stays as it is.
_FULLWIDTH_CHARS = "０１２３４５６７８９＋－Ｘｘ"
_FULLWIDTH = re.compile(f"[{_FULLWIDTH_CHARS}]")
_TO_ASCII = str.maketrans(_FULLWIDTH_CHARS, "0123456789+-Xx")
_CACHE = 1 << 16


def _unescape_json(text: str) -> str:
    decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    # re-join surrogate pairs that JSON writes for characters beyond the BMP
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def rendered_text(text: str) -> str:
    """What a reader sees of HTML/XML: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


@lru_cache(maxsize=_CACHE)
def _rendered_piece(piece: str) -> str:
    # a piece followed by `>`: a tag, if it has one, runs from its first `<` to that `>`
    lt = piece.find("<")
    part = piece[:lt] + " " if lt >= 0 else piece + DELIMITER
    return html.unescape(part) if "&" in part else part


def _rendered_parts(pieces: list[str]) -> list[str]:
    """Each piece but the last as rendered (the pieces hold no `>` of their own)."""
    return list(map(_rendered_piece, pieces[:-1]))


def _joined(parts: list[str], last: str) -> str:
    tail = html.unescape(last) if "&" in last else last  # nothing closes a `<` in it
    return " ".join(("".join(parts) + tail).split())


def rendered_pieces_text(pieces: list[str]) -> str:
    """rendered_text of the text these pieces make, from each piece's remembered rendering.

    `<[^>]*>` cannot match across a `>`, and no entity reference decodes differently when
    cut at a `>` (none has `>` in its name), so each piece renders on its own. (A decoded
    piece may hold a `>` of its own, as `\\u003e`: then the pieces are cut again there.)
    """
    if any(DELIMITER in p for p in pieces):
        pieces = DELIMITER.join(pieces).split(DELIMITER)
    return _joined(_rendered_parts(pieces), pieces[-1])


@lru_cache(maxsize=_CACHE)
def _json_piece(piece: str) -> str:
    return _unescape_json(piece) if "\\u" in piece else piece


@lru_cache(maxsize=_CACHE)
def _url_piece(piece: str) -> str:
    return unquote(piece) if "%" in piece else piece


@lru_cache(maxsize=_CACHE)
def _fold_piece(piece: str) -> str:
    # １３８ and ＋８６ read as 138 and +86, as a person reads them
    return piece.translate(_TO_ASCII) if _FULLWIDTH.search(piece) else piece


def _has_fullwidth(text: str) -> bool:
    # a character search per sign: several times faster than the character class on a page
    return any(char in text for char in _FULLWIDTH_CHARS)


def _fold_text(text: str) -> str:
    return text.translate(_TO_ASCII) if _has_fullwidth(text) else text


def view_pieces(text: str, markup: bool, changed_only: bool = False) -> list[list[str]]:
    """The distinct forms of text (see views()), each as its pieces between `>` characters.

    changed_only: of the JSON-unescaped and URL-decoded forms, only the pieces a decoding
    may have changed (whatever else is in them, the raw form has too).
    """
    pieces = text.split(DELIMITER)
    wide = _has_fullwidth(text)
    found = [[_fold_piece(p) for p in pieces] if wide else pieces]
    parts = _rendered_parts(pieces) if markup else []
    if markup:
        found.append(_fold_text(_joined(parts, pieces[-1])).split(DELIMITER))
    if "\\u" in text:
        json_pieces, changed = _derived(pieces, "\\u", _json_piece)
        found.append(_decoded(json_pieces, changed, wide, changed_only))
        if markup:
            found.append(_fold_text(_rendered_again(json_pieces, parts, changed)).split(DELIMITER))
    if _PERCENT.search(text):
        url_pieces, changed = _derived(pieces, "%", _url_piece)
        found.append(_decoded(url_pieces, changed, wide, changed_only))
    distinct: list[list[str]] = []
    for view in found:
        if view not in distinct:
            distinct.append(view)
    return distinct


def _derived(pieces: list[str], marker: str, decode: Callable[[str], str]) -> tuple[list[str], list[int]]:
    """The pieces with those holding marker decoded, and the indices of those."""
    changed = [i for i, p in enumerate(pieces) if marker in p]
    derived = pieces.copy()
    for i in changed:
        derived[i] = decode(pieces[i])
    return derived, changed


def _rendered_again(derived: list[str], parts: list[str], changed: list[int]) -> str:
    """rendered_pieces_text(derived), where derived differs from the pieces of parts (their
    renderings) only at the indices changed."""
    if any(DELIMITER in derived[i] for i in changed):
        return rendered_pieces_text(derived)
    parts = parts.copy()
    for i in changed:
        if i < len(parts):
            parts[i] = _rendered_piece(derived[i])
    return _joined(parts, derived[-1])


def _decoded(derived: list[str], changed: list[int], wide: bool, changed_only: bool) -> list[str]:
    if changed_only:
        return [_fold_piece(derived[i]) for i in changed]
    if wide or changed:
        return [_fold_piece(d) for d in derived]
    return derived


def views(text: str, markup: bool) -> list[str]:
    """Distinct forms of text to search: raw, rendered, JSON-unescaped, URL-decoded (full-width folded)."""
    distinct: list[str] = []
    for pieces in view_pieces(text, markup):
        view = DELIMITER.join(pieces)
        if view not in distinct:
            distinct.append(view)
    return distinct
