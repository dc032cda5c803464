"""Finding a phrase or a pattern in one text, with hit positions in the text's own code points.

Case-insensitive matching compares full Unicode case folds (``"STRASSE"`` finds ``"Straße"``).
A fold can be longer than its text (``"ß"`` folds to ``"ss"``, ``"ﬁ"`` to ``"fi"``), so positions
found in the folded text are mapped back; a hit that would begin or end inside one original
character (``"s"`` inside ``"ß"``) is not a hit. Positions are half-open ``[start, end)``.

Regular expressions run on the ``regex`` package (its version 0 is the syntax of ``re``) because it
can stop a match after a time limit and lets go of the GIL while it matches: a pattern with nested
repetition such as ``(a|a)+\\1b`` backtracks for minutes, and must neither hang a command nor
freeze the window.
"""

from __future__ import annotations

import bisect
import functools
import re
import time
from dataclasses import dataclass

import regex

from qcoder.core.store.search_index import is_word_char

_RESTART_AFTER = 0.05
"""Seconds after which a scan with a deadline starts a fresh iterator, whose time limit is the
time left (the ``regex`` package limits each match attempt, not the whole scan)."""


@functools.cache
def _expanding() -> re.Pattern[str]:
    """Characters whose case fold is longer than one character (about a hundred)."""
    return re.compile(
        "[" + "".join(re.escape(chr(c)) for c in range(0x80, 0x110000)
                      if not 0xD800 <= c <= 0xDFFF and len(chr(c).casefold()) > 1) + "]"
    )


class FoldedText:
    """A text's case fold and the map from folded positions back to the text's positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        if text.isascii():
            self.folded = text.lower()
            self._starts: list[int] = []
            return
        self.folded = text.casefold()
        self._starts = []  # folded start of each expanding character
        self._origins: list[int] = []  # its position in the text
        self._widths: list[int] = []  # its folded length
        self._shifts: list[int] = []  # extra folded characters up to and including it
        if len(self.folded) == len(text):
            return
        shift = 0
        for match in _expanding().finditer(text):
            position = match.start()
            width = len(text[position].casefold())
            self._starts.append(position + shift)
            self._origins.append(position)
            self._widths.append(width)
            shift += width - 1
            self._shifts.append(shift)

    @property
    def identity(self) -> bool:
        """Whether folded positions are the text's positions (no character folds longer)."""
        return not self._starts

    def original(self, folded_position: int) -> int | None:
        """The text position of a folded position, or ``None`` inside one character's fold."""
        if not self._starts:
            return folded_position
        index = bisect.bisect_right(self._starts, folded_position) - 1
        if index < 0:
            return folded_position
        start = self._starts[index]
        if folded_position == start:
            return self._origins[index]
        if folded_position < start + self._widths[index]:
            return None
        return folded_position - self._shifts[index]


@dataclass(frozen=True)
class Pattern:
    """What to look for: a phrase (literal) or a regular expression, and how."""

    query: str
    regex: bool = False
    case_sensitive: bool = False
    whole_words: bool = False


def compile_regex(pattern: Pattern) -> regex.Pattern[str]:
    """The compiled regular expression of ``pattern``; :class:`regex.error` if it is not one."""
    return _compile(pattern.query, pattern.whole_words, ignore_case=not pattern.case_sensitive)


@functools.lru_cache(maxsize=64)
def _compile(query: str, whole_words: bool, *, ignore_case: bool) -> regex.Pattern[str]:
    body = rf"(?<!\w)(?:{query})(?!\w)" if whole_words else query
    return regex.compile(body, regex.VERSION0 | regex.MULTILINE | (regex.IGNORECASE if ignore_case else 0))


_SAFE_ESCAPES = frozenset("dDsSwWbBAZntrfv")


def _lowercase_equivalent(query: str) -> bool:
    """Whether, on ASCII text, ``query`` with IGNORECASE finds what it finds without on lowered text.

    True for ASCII patterns without upper-case letters, inline flags, or escapes that could
    stand for a letter (``\\x41``, ``\\101``, ``\\N{…}``); then the faster search is the same search.
    """
    if not query.isascii() or "(?" in query:
        return False
    escaped = False
    for character in query:
        if escaped:
            if character.isalnum() and character not in _SAFE_ESCAPES:
                return False
            escaped = False
        elif character == "\\":
            escaped = True
        elif character.isupper():
            return False
    return True


def find_spans(
    text: str, pattern: Pattern, *, folded: FoldedText | None = None, deadline: float | None = None,
) -> list[tuple[int, int]]:
    """Every non-overlapping hit of ``pattern`` in ``text`` as ``(start, end)``, in order.

    ``folded`` may bring the text's :class:`FoldedText` already made (it is not checked).
    A regular expression still running at ``deadline`` (a :func:`time.monotonic` time) raises
    :class:`TimeoutError`.
    """
    if pattern.regex:
        target = text
        if not pattern.case_sensitive and text.isascii() and _lowercase_equivalent(pattern.query):
            target = (folded or FoldedText(text)).folded
            compiled = _compile(pattern.query, pattern.whole_words, ignore_case=False)
        else:
            compiled = compile_regex(pattern)
        return _regex_spans(compiled, target, deadline)
    query = pattern.query if pattern.case_sensitive else pattern.query.casefold()
    if not query:
        return []
    anchor_start = is_word_char(query[0])
    anchor_end = pattern.whole_words and is_word_char(query[-1])
    if text.isascii():  # one pass in C; ASCII word characters are exactly [A-Za-z0-9]
        if not query.isascii():
            return []
        haystack = text if pattern.case_sensitive else (folded or FoldedText(text)).folded
        phrase = _ascii_phrase(query, anchor_start, anchor_end)
        return [match.span() for match in phrase.finditer(haystack)]
    return _find_phrase(text, query, pattern.case_sensitive, anchor_start, anchor_end, folded)


def _regex_spans(compiled: regex.Pattern[str], target: str, deadline: float | None) -> list[tuple[int, int]]:
    """The non-empty matches; with a deadline, no match attempt runs past it.

    A fresh iterator from the end of the last hit finds what the old one would have: the
    pattern still sees the whole text (look-behind, ``^``), and the next match may begin there.
    """
    if deadline is None:
        return [match.span() for match in compiled.finditer(target, concurrent=True) if match.end() > match.start()]
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        started = time.monotonic()
        if started >= deadline:
            raise TimeoutError("regular expression time limit reached")
        for match in compiled.finditer(target, position, timeout=deadline - started, concurrent=True):
            start, end = match.span()
            if end > start:
                spans.append((start, end))
                if time.monotonic() - started > _RESTART_AFTER:
                    position = end
                    break
        else:
            return spans


@functools.lru_cache(maxsize=64)
def _ascii_phrase(query: str, anchor_start: bool, anchor_end: bool) -> re.Pattern[str]:
    """The literal comes first so that ``re`` scans for it quickly; the word-start check looks back."""
    return re.compile(
        re.escape(query)
        + (f"(?<![A-Za-z0-9].{{{len(query)}}})" if anchor_start else "")
        + ("(?![A-Za-z0-9])" if anchor_end else ""),
        re.DOTALL,
    )


@functools.cache
def _word_class() -> str:
    """A character class of every word character in the index's sense, as ranges (built once)."""
    ranges: list[tuple[int, int]] = []
    first: int | None = None
    for code in range(0x110000):
        word = not 0xD800 <= code <= 0xDFFF and is_word_char(chr(code))
        if word and first is None:
            first = code
        elif not word and first is not None:
            ranges.append((first, code - 1))
            first = None
    if first is not None:
        ranges.append((first, 0x10FFFF))
    return "[" + "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    ) + "]"


@functools.lru_cache(maxsize=64)
def _unicode_phrase(query: str, anchor_start: bool, anchor_end: bool) -> re.Pattern[str]:
    word = _word_class()
    return re.compile(
        re.escape(query)
        + (f"(?<!{word}.{{{len(query)}}})" if anchor_start else "")
        + (f"(?!{word})" if anchor_end else ""),
        re.DOTALL,
    )


def _find_phrase(
    text: str, query: str, case_sensitive: bool, anchor_start: bool, anchor_end: bool,
    folded: FoldedText | None = None,
) -> list[tuple[int, int]]:
    """Phrase hits; they begin at a word start when the phrase begins with a word character.

    The word-start anchor is what lets the full-text index rule sources out (see
    :mod:`qcoder.core.store.search_index`); ``whole_words`` anchors the end too. The anchors are
    checked on the folded text: a character and its fold are word characters alike.
    """
    phrase = _unicode_phrase(query, anchor_start, anchor_end)
    if case_sensitive:
        return [match.span() for match in phrase.finditer(text)]
    folded = folded or FoldedText(text)
    if folded.identity:
        return [match.span() for match in phrase.finditer(folded.folded)]
    spans: list[tuple[int, int]] = []
    position: int | None = 0
    original = folded.original
    while position is not None:
        restart = None
        for match in phrase.finditer(folded.folded, position):
            start, end = original(match.start()), original(match.end())
            if start is None or end is None:  # inside one character's fold: look again one further on
                restart = match.start() + 1
                break
            spans.append((start, end))
        position = restart
    return spans
