"""Many literal strings searched at once, in time linear in the text however many strings there are.

A regular expression `a|b|c...` of thousands of needles tries every needle at every position
of the text: the scan would grow with the number of internal entities times the size of the
site. An Aho-Corasick automaton finds every occurrence of every needle in one pass; the
matches are then chosen exactly as `re.finditer` chooses them for an alternation sorted
longest first: the leftmost match, the longest at that position, never overlapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
"""Characters that may not touch an id on either side (an id inside a longer id is no leak)."""


class Literals:
    """A set of literal strings (empty ones are ignored) and the searches the guard needs."""

    def __init__(self, words: Iterable[str], boundary: frozenset[str] | None = None) -> None:
        self.words = frozenset(w for w in words if w)
        self.boundary = boundary
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, len(word))
        if self.words:
            self._automaton.make_automaton()

    def __bool__(self) -> bool:
        return bool(self.words)

    def contains_delimiter(self, char: str) -> bool:
        return any(char in w for w in self.words)

    def _occurrences(self, text: str) -> list[tuple[int, int]]:
        """(start, -length) of every occurrence, overlapping ones included, leftmost then longest first."""
        if not self.words:
            return []
        return sorted((end - length + 1, -length) for end, length in self._automaton.iter(text))

    def finditer(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, text) of each match, as `re.finditer` reports the longest-first alternation.

        With a boundary, a match may not be preceded or followed by a boundary character
        (the regex `(?<![...])(?:a|b)(?![...])`: at a position where the longest needle is
        followed by a word character, a shorter one may still match).
        """
        pos = 0
        boundary = self.boundary
        for start, neg in self._occurrences(text):
            if start < pos:
                continue
            end = start - neg
            if boundary is not None and (
                (start > 0 and text[start - 1] in boundary) or (end < len(text) and text[end] in boundary)
            ):
                continue
            yield start, text[start:end]
            pos = end

    def found_in(self, text: str) -> set[str]:
        """Every string of the set that occurs anywhere in text (overlaps included)."""
        if not self.words:
            return set()
        return {text[end - length + 1: end + 1] for end, length in self._automaton.iter(text)}
