"""Positions across line-ending conventions.

qcoder stores LF text and counts code points, half-open. On export a CRLF variant needs every
position shifted by the number of line breaks before it. On import, a text with CRLF is
ambiguous: some tools count CRLF as two positions (the file as it is, what the standard says),
others as one. :func:`decide_convention` settles it per file by checking the selections' ``name``
previews under both readings; :class:`LineEndingMap` then maps positions to the stored LF text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_ELLIPSIS = ("…", "...")
MIN_PREVIEW = 3
MAX_CHECKED = 400


class CrlfShift:
    """Maps LF positions to the positions of the same text with every ``\\n`` written as ``\\r\\n``."""

    def __init__(self, text: str) -> None:
        self._newlines = [match.start() for match in re.finditer("\n", text)]

    def __call__(self, position: int) -> int:
        return position + bisect.bisect_left(self._newlines, position)


def to_crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def lf_text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Convention:
    crlf_as_two: bool
    checked: int
    """Selections whose previews could tell the two readings apart."""
    agreeing: int
    """Of those, how many matched the reading chosen."""
    by_word_starts: bool = False
    """Decided without previews, by where selections start (people select from a word's start)."""

    def describe(self) -> str:
        reading = "two characters" if self.crlf_as_two else "one character"
        if self.by_word_starts:
            return f"CRLF counted as {reading} (no previews; that reading puts the selections at word starts)"
        if not self.checked:
            return f"CRLF counted as {reading} (the standard's reading; no previews to check)"
        return f"CRLF counted as {reading} ({self.agreeing} of {self.checked} selection previews agree)"


class LineEndingMap:
    """Maps positions in a raw text (with CR or CRLF) to positions in its LF form."""

    def __init__(self, raw: str, *, crlf_as_two: bool) -> None:
        self.crlf_as_two = crlf_as_two
        self._pairs = [m.start() for m in re.finditer("\r\n", raw)] if crlf_as_two else []

    def __call__(self, position: int) -> int:
        return position - bisect.bisect_left(self._pairs, position) if self._pairs else position


def _normalise(text: str) -> str:
    text = text.strip()
    for suffix in _ELLIPSIS:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return _SPACE.sub(" ", text).strip()


def preview_matches(preview: str, text: str) -> bool:
    """Whether a selection's ``name`` preview is the start of (or all of) ``text``."""
    wanted = _normalise(preview)
    found = _normalise(text)
    if len(wanted) < MIN_PREVIEW or not found:
        return False
    return found.startswith(wanted)


def _at_word_start(text: str, position: int) -> bool:
    return 0 <= position < len(text) and not text[position].isspace() and (
        position == 0 or not text[position - 1].isalnum())


def decide_convention(raw: str, selections: Iterable[tuple[int, int, str | None]]) -> Convention:
    """How to read positions in ``raw`` (a text with CR): CRLF as one or as two characters.

    The selections' ``name`` previews decide. Without previews, where people select (at the start
    of a word, nearly always) decides; with no signal at all, the standard's reading: two.
    """
    lf = lf_text(raw)
    two = LineEndingMap(raw, crlf_as_two=True)
    votes_two = votes_one = checked = starts_two = starts_one = sampled = 0
    for start, end, name in selections:
        if checked + sampled >= MAX_CHECKED:
            break
        span_two = (two(start), two(end))
        if span_two == (start, end):
            continue  # before the first CRLF both readings agree
        if not name:
            sampled += 1
            starts_two += _at_word_start(lf, span_two[0])
            starts_one += _at_word_start(lf, start)
            continue
        as_two = preview_matches(name, lf[span_two[0]:span_two[1]])
        as_one = preview_matches(name, lf[start:end])
        if as_two == as_one:
            continue
        checked += 1
        votes_two += as_two
        votes_one += as_one
    if not checked and starts_one > starts_two:
        return Convention(False, 0, 0, by_word_starts=True)
    if votes_one > votes_two:
        return Convention(False, checked, votes_one)
    return Convention(True, checked, votes_two, by_word_starts=not checked and starts_two > starts_one)
