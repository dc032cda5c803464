"""Paints codings, speaker names and timestamps onto the document without touching its text.

A ``QSyntaxHighlighter`` asks for one block (paragraph) at a time, so opening a document costs
one pass over its runs, and a new coding re-paints only the paragraphs it covers. Positions
here are Qt's (UTF-16); :class:`PositionMap` converts from the project's code points.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from qcoder.core.snapshots import TurnInfo
from qcoder.ui.colours import readable_text_colour, tint_strength
from qcoder.ui.document.highlight_runs import flatten_to_tuples
from qcoder.ui.document.text_positions import PositionMap

_TIMESTAMP = re.compile(r"\\?\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\\?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)")
_LABEL_END = re.compile(r"[:\]]\**")

SPEAKER, TIMESTAMP = 1, 2
_GREY = (0.6, 0.6, 0.6)


class CodingHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.positions = PositionMap("")
        self.code_colours: dict[int, QColor] = {}
        self.base = QColor("#FFFFFF")
        self._runs: list[tuple[int, int, tuple[int, ...]]] = []
        self._run_starts: list[int] = []
        self._marks: list[tuple[int, int, int]] = []  # (qt start, qt end, SPEAKER|TIMESTAMP)
        self._mark_starts: list[int] = []
        self._formats: dict[tuple[tuple[int, ...], int], QTextCharFormat] = {}
        self._by_colour: dict[tuple[object, bool, int], QTextCharFormat] = {}
        self._code_rgb: dict[int, tuple[float, float, float]] = {}
        self._base_rgb = (1.0, 1.0, 1.0)
        self.depth = 0

    def set_source(self, text: str, turns: Sequence[TurnInfo]) -> None:
        """Take a new text's positions and its speaker labels and timestamps (no repaint yet)."""
        self.positions = PositionMap(text)
        marks: list[tuple[int, int, int]] = []
        for turn in turns:
            head = text[turn.start : min(turn.end, turn.start + 120)]
            label = _LABEL_END.search(head)
            if label is not None and head[: label.start()].strip():
                marks.append((turn.start, turn.start + label.end(), SPEAKER))
        for match in _TIMESTAMP.finditer(text):
            marks.append((match.start(), match.end(), TIMESTAMP))
        marks.sort()
        to_qt = self.positions.to_qt
        self._marks = [(to_qt(s), to_qt(e), kind) for s, e, kind in marks]
        self._mark_starts = [m[0] for m in self._marks]

    def set_codings(self, spans: Iterable[tuple[int, int, int]], colours: dict[int, str]) -> None:
        """Take the codings as ``(start, end, code_id)`` in code points, and the codes' colours."""
        self.code_colours = {code_id: QColor(colour) for code_id, colour in colours.items()}
        self._code_rgb = {code_id: (c.redF(), c.greenF(), c.blueF()) for code_id, c in self.code_colours.items()}
        to_qt = self.positions.to_qt
        self._runs = [(to_qt(start), to_qt(end), codes) for start, end, codes in flatten_to_tuples(spans)]
        self._run_starts = [run[0] for run in self._runs]
        self.depth = max((len(run[2]) for run in self._runs), default=0)
        """The most codes covering one character: how many stripe lanes the margin needs."""
        self._formats.clear()

    def add_code_colour(self, code_id: int, colour: str) -> None:
        qcolour = QColor(colour)
        self.code_colours[code_id] = qcolour
        self._code_rgb[code_id] = (qcolour.redF(), qcolour.greenF(), qcolour.blueF())

    def update_region(self, start: int, end: int, spans: Iterable[tuple[int, int, int]]) -> bool:
        """Recompute the runs of ``[start, end)`` (code points) from the codings that overlap it,
        and re-format only the paragraphs there: a new coding costs the same in a bare document
        and in one with thousands of codings. Returns :meth:`rehighlight_range`'s answer."""
        qt_start, qt_end = self.positions.span_to_qt(start, end)
        clipped = ((max(s, start), min(e, end), code) for s, e, code in spans if s < end and e > start)
        to_qt = self.positions.to_qt
        fresh = [(to_qt(start), to_qt(end), codes) for start, end, codes in flatten_to_tuples(clipped)]
        first = max(bisect.bisect_right(self._run_starts, qt_start) - 1, 0)
        last = bisect.bisect_left(self._run_starts, qt_end)
        head: list[tuple[int, int, tuple[int, ...]]] = []
        tail: list[tuple[int, int, tuple[int, ...]]] = []
        for run_start, run_end, codes in self._runs[first:last]:
            if run_start < qt_start:
                head.append((run_start, min(run_end, qt_start), codes))
            if run_end > qt_end:
                tail.append((max(run_start, qt_end), run_end, codes))
        middle = head + fresh + tail
        self._runs[first:last] = middle  # in place: no pass over the whole document's runs
        self._run_starts[first:last] = [run[0] for run in middle]
        self.depth = max(self.depth, max((len(run[2]) for run in fresh), default=0))
        return self.rehighlight_range(qt_start, qt_end)

    def set_base_colour(self, colour: QColor) -> None:
        self.base = colour
        self._base_rgb = (colour.redF(), colour.greenF(), colour.blueF())
        self._formats.clear()
        self._by_colour.clear()

    def rehighlight_range(self, qt_start: int, qt_end: int) -> bool:
        """Re-format only the paragraphs that overlap ``[qt_start, qt_end)`` (Qt positions).

        A coding changes colours, never the text's layout, so Qt is kept from repainting the
        whole viewport (what it does for any re-formatted paragraph): returns True when the
        caller must repaint the lines of the range itself, False when the paragraphs' heights
        changed after all and Qt was left to update everything.
        """
        document = self.document()
        layout = document.documentLayout()
        blocks: list[QTextBlock] = []
        block = document.findBlock(qt_start)
        while block.isValid() and (block.position() < qt_end or not blocks):
            blocks.append(block)
            block = block.next()
        lines = [b.layout().lineCount() for b in blocks]  # 0: not laid out yet, Qt will when shown
        was_blocked = layout.blockSignals(True)
        try:
            for block in blocks:
                self.rehighlightBlock(block)
        finally:
            layout.blockSignals(was_blocked)
        # colours never move text, but a format boundary may change kerning and so wrapping
        if all(not count or _laid_out_lines(layout, b) == count for b, count in zip(blocks, lines)):
            return True
        first, last = blocks[0], blocks[-1]
        document.markContentsDirty(first.position(), last.position() + last.length() - first.position())
        return False

    # -- QSyntaxHighlighter -------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        block_start = self.currentBlock().position()
        set_format, format_for = self.setFormat, self._format
        for start, end, codes, style in self._pieces(block_start, block_start + len(text)):
            set_format(start - block_start, end - start, format_for(codes, style))

    def _pieces(self, block_start: int, block_end: int) -> list[tuple[int, int, tuple[int, ...], int]]:
        """``(start, end, codes, style)`` pieces of the block: its runs, split where a speaker
        label or timestamp begins or ends, plus the marks' uncoded stretches."""
        runs = self._overlapping(self._runs, self._run_starts, block_start, block_end)
        pieces = [(max(s, block_start), min(e, block_end), codes, 0) for s, e, codes in runs]
        for mark_start, mark_end, kind in self._overlapping(self._marks, self._mark_starts, block_start, block_end):
            pieces = _with_mark(pieces, max(mark_start, block_start), min(mark_end, block_end), kind)
        return pieces

    @staticmethod
    def _overlapping(items: list[tuple], starts: list[int], block_start: int, block_end: int) -> list[tuple]:
        """The sorted, non-nested items (``(start, end, ...)``) that overlap the block."""
        index = max(bisect.bisect_right(starts, block_start) - 1, 0)
        found = []
        while index < len(items) and items[index][0] < block_end:
            if items[index][1] > block_start:
                found.append(items[index])
            index += 1
        return found

    def _format(self, codes: tuple[int, ...], style: int) -> QTextCharFormat:
        key = (codes, style)
        cached = self._formats.get(key)
        if cached is None:
            cached = self._formats[key] = self._format_for_colour(self._blend(codes), len(codes) > 1, style)
        return cached

    def _blend(self, codes: tuple[int, ...]) -> tuple[int, int, int] | None:
        """The background of text under ``codes``, as 8-bit RGB (plain floats: this runs per run)."""
        if not codes:
            return None
        rgb = self._code_rgb
        red = green = blue = 0.0
        for code in codes:
            r, g, b = rgb.get(code, _GREY)
            red, green, blue = red + r, green + g, blue + b
        count = len(codes)
        strength = tint_strength(count) / count
        base_r, base_g, base_b = self._base_rgb
        return (  # to steps of 3 of 255, finer than the eye can tell: deep overlaps share formats
            _step(base_r + (red - base_r * count) * strength),
            _step(base_g + (green - base_g * count) * strength),
            _step(base_b + (blue - base_b * count) * strength),
        )

    def _format_for_colour(self, background: tuple[int, int, int] | None, overlap: bool, style: int) -> QTextCharFormat:
        """Formats are shared by colour, so dense overlaps create a few hundred, not thousands."""
        key = (background, overlap, style)
        fmt = self._by_colour.get(key)
        if fmt is not None:
            return fmt
        fmt = QTextCharFormat()
        if background is not None:
            colour = QColor(*background)
            fmt.setBackground(colour)
            text = readable_text_colour(colour)
            fmt.setForeground(text)
            if overlap:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(text)
        if style == SPEAKER:
            fmt.setFontWeight(QFont.Weight.Bold)
        elif style == TIMESTAMP:
            fmt.setForeground(QColor("#8A8F98"))
            fmt.setFontPointSize(max(self.document().defaultFont().pointSizeF() * 0.85, 6.0))
        self._by_colour[key] = fmt
        return fmt


def _with_mark(
    pieces: list[tuple[int, int, tuple[int, ...], int]], mark_start: int, mark_end: int, kind: int
) -> list[tuple[int, int, tuple[int, ...], int]]:
    """Sorted, non-overlapping ``pieces`` with ``[mark_start, mark_end)`` styled ``kind``: pieces
    it crosses are split, and its stretches under no piece become pieces of their own."""
    out: list[tuple[int, int, tuple[int, ...], int]] = []
    position = mark_start  # where the part of the mark not yet placed begins
    for start, end, codes, style in pieces:
        if end <= mark_start or start >= mark_end:
            if start >= mark_end and position < mark_end:
                out.append((position, mark_end, (), kind))
                position = mark_end
            out.append((start, end, codes, style))
            continue
        if start < mark_start:
            out.append((start, mark_start, codes, style))
        low, high = max(start, mark_start), min(end, mark_end)
        if position < low:
            out.append((position, low, (), kind))
        out.append((low, high, codes, kind))
        position = high
        if end > mark_end:
            out.append((mark_end, end, codes, style))
    if position < mark_end:
        out.append((position, mark_end, (), kind))
    return out


def _step(channel: float) -> int:
    """A colour channel (0–1) as 8 bits, rounded to a multiple of 3."""
    return min(round(channel * 85) * 3, 255)


def _laid_out_lines(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> int:
    """How many lines the block has once laid out again (as its next paint would)."""
    layout.blockBoundingRect(block)
    return block.layout().lineCount()
