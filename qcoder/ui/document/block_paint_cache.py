"""Where each coded piece lies on each line of a paragraph, measured once and kept for the next paints.

Measuring (where the cursor stands at each piece's ends, a box per line's stretch) is what a paint
of the codings cost in Python. It is kept per block (paragraph) for the fraction of a pixel its
top-left lies at, and per line: a coding forgets only the lines of its text (the places of the
pieces' ends stay, so only its own two ends are measured anew); a change of the text, its formats,
the view's width or font forgets every block, and so does a change of colours or codings.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

if TYPE_CHECKING:
    from qcoder.ui.document.coded_text_paint import Look, Pieces, Stretch

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
_EVERY_LINE = 1 << 30


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds right-to-left script (its paragraphs are painted as selections)."""
    return _RIGHT_TO_LEFT.search(text) is not None


class BlockPaintCache:
    """The painted blocks' coded stretches (see the module)."""

    LONGEST = 300
    """Lines: a longer paragraph is measured at each paint, only its lines in the paint."""

    def __init__(self) -> None:
        self._blocks: dict[int, _Block] = {}
        self._view: tuple[object, ...] = ()

    def clear(self) -> None:
        self._blocks.clear()

    def forget(self, document: QTextDocument, qt_start: int, qt_end: int) -> None:
        """Forget the lines whose codings changed in ``[qt_start, qt_end)``."""
        first = document.findBlock(qt_start).blockNumber()
        last = document.findBlock(max(qt_end - 1, qt_start)).blockNumber()
        if first < 0 or last < 0:
            self._blocks.clear()
            return
        for number in range(first, last + 1):
            kept = self._blocks.get(number)
            if kept is not None:
                kept.forget(qt_start - kept.position, qt_end - kept.position)

    def check(self, view: QPlainTextEdit) -> None:
        """Forget every block when the view's width, font or text changed (its lines moved)."""
        document = view.document()
        key = (view.viewport().width(), document.revision(), document.defaultFont().key())
        if key != self._view:
            self._blocks.clear()
            self._view = key

    def stretches(self, block: QTextBlock, layout: QTextLayout, fraction: QPointF, top: int, bottom: int,
                  coded: Pieces) -> list[Stretch]:
        """The stretches of the block's lines between ``top`` and ``bottom``, in pixels from the
        whole pixel before its top-left (which lies at ``fraction``)."""
        count = layout.lineCount()
        key = (fraction.x(), fraction.y(), count, block.position())
        kept = self._blocks.get(block.blockNumber())
        if kept is None or kept.key != key:
            if count > self.LONGEST:
                return _Block(key, lines_between(layout, fraction.y(), top, bottom)).stretches(
                    layout, 0, _EVERY_LINE, coded)
            kept = self._blocks[block.blockNumber()] = _Block(
                key, lines_between(layout, fraction.y(), -_EVERY_LINE, _EVERY_LINE))
        return kept.stretches(layout, top, bottom, coded)


class Line(NamedTuple):
    """A laid-out line."""

    number: int
    start: int
    """Where its text starts in the block."""
    end: int
    top: float
    """Its top from the block's whole pixel."""
    bottom: float
    baseline: float
    right: float
    """Where its text ends, not counting the spaces where it wraps (in the block)."""


class _Block:
    """One block's lines and their stretches (None: to be measured)."""

    def __init__(self, key: tuple[float, float, int, int], lines: list[Line]) -> None:
        self.key, self.lines, self.position = key, lines, key[3]
        self.tops = [line.top for line in lines]
        self.bottoms = [line.bottom for line in lines]
        self.measured: list[list[Stretch] | None] = [None] * len(lines)
        self.xs: dict[int, float] = {}
        """Where the cursor stands before a position within a line (at ``-1 - position`` for a
        line's end): one piece ends where the next begins, measured once."""

    def forget(self, start: int, end: int) -> None:
        for index, line in enumerate(self.lines):
            if line.start <= end and line.end >= start:
                self.measured[index] = None

    def stretches(self, layout: QTextLayout, top: int, bottom: int, coded: Pieces) -> list[Stretch]:
        found: list[Stretch] = []
        measured = self.measured
        for index in range(bisect.bisect_left(self.bottoms, top), bisect.bisect_right(self.tops, bottom)):
            line_stretches = measured[index]
            if line_stretches is None:
                line = self.lines[index]
                pieces = coded(self.position, self.position + line.start, self.position + line.end)
                line_stretches = measured[index] = _line_stretches(
                    line, layout.lineAt(line.number), pieces, self.key[0], self.xs)
            found += line_stretches
        return found


def lines_between(layout: QTextLayout, y0: float, top: int, bottom: int) -> list[Line]:
    """The block's lines that reach between ``top`` and ``bottom`` (the block's top at ``y0``),
    found by halving: a paragraph may run to thousands of lines."""
    low, high = 0, layout.lineCount()
    while low < high:  # the first line whose bottom reaches top
        middle = (low + high) // 2
        line = layout.lineAt(middle)
        if y0 + line.y() + line.height() < top:
            low = middle + 1
        else:
            high = middle
    lines = []
    for number in range(low, layout.lineCount()):
        line = layout.lineAt(number)
        line_top = y0 + line.y()
        if line_top > bottom:
            break
        start = line.textStart()
        lines.append(Line(number, start, start + line.textLength(), line_top, line_top + line.height(),
                           line_top + line.ascent(), line.x() + line.naturalTextWidth()))
    return lines


def _line_stretches(line: Line, text_line: QTextLine, pieces: list[tuple[int, int, Look]], x0: float,
                    xs: dict[int, float]) -> list[Stretch]:
    """``(box, baseline, right, look)`` of the line's stretch of each piece: where a format's
    background would lie (on the whole pixels the stretch touches, not the spaces where the line
    wraps)."""
    found: list[Stretch] = []
    floor, ceil = math.floor, math.ceil
    line_start, line_end, line_top, line_bottom, baseline, line_right = line[1:]
    box_top = floor(line_top)
    height = ceil(line_bottom) - box_top
    for piece_start, piece_end, look in pieces:
        if piece_start >= line_end or piece_end <= line_start:
            continue
        begin, end = max(piece_start, line_start), min(piece_end, line_end)
        left = xs.get(begin)
        if left is None:
            left = xs[begin] = _x(text_line, begin)
        key = end if end != line_end else -1 - end  # a line's end is the next one's start
        right = xs.get(key)
        if right is None:
            right = xs[key] = _x(text_line, end)
        right = min(right, line_right)
        if right > left:
            box_left = floor(x0 + left)
            found.append((QRect(box_left, box_top, ceil(x0 + right) - box_left, height), baseline,
                          floor(x0 + right), look))
    return found


def _x(line: QTextLine, position: int) -> float:
    """Where the cursor stands before ``position`` (in the block) on ``line``."""
    found = line.cursorToX(position)  # PySide hands back (x, position)
    return float(found[0])  # type: ignore[index]
