"""The codings' colours painted around the document's text, which keeps no format of them.

Qt's own paint of the plain text edit draws the text, the user's selection and the caret. Before
it, :meth:`CodedTextPaint.tints` fills each coded piece's tint behind its lines (where a format's
background would lie); after it, :meth:`CodedTextPaint.over` underlines the pieces where codes
overlap. No format of the text changes, so a coding never makes Qt lay the text out again: it
costs the repaint of its lines. The rare pieces whose glyphs change colour (white on a dark tint)
and paragraphs with right-to-left script (where one piece may be several stretches of a line)
are drawn again over Qt's paint, as Qt draws a selection, with the user's selection over them.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from typing import ClassVar, NamedTuple

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QRegion,
    QTextBlock,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


class Look(NamedTuple):
    """How a coded piece looks: the tint behind it, its glyphs' colour and its underline."""

    background: QColor
    recolour: QColor | None
    """The glyphs' colour where it is not their own (white on a dark tint), else None."""
    underline: QColor | None
    selection: QTextCharFormat
    """The same look as a format, for a piece drawn as Qt draws a selection."""

    @staticmethod
    def of(background: QColor, text: QColor, underline: QColor | None, own: QColor) -> Look:
        """The look of text in colour ``text`` (its glyphs' ``own`` colour elsewhere) on ``background``."""
        selection = QTextCharFormat()
        selection.setBackground(background)
        selection.setForeground(text)
        if underline is not None:
            selection.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            selection.setUnderlineColor(underline)
        return Look(background, None if text.rgba() == own.rgba() else text, underline, selection)


Stretch = tuple[QRect, float, int, Look]
"""One line's stretch of a coded piece: its box, baseline and right end (for an underline)."""
Pieces = Callable[[int, int, int], list[tuple[int, int, Look]]]
"""``(block start, start, end)``: the coded pieces of the block's text ``[start, end)`` (Qt
positions), relative to the block."""


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds right-to-left script (its paragraphs are painted as selections)."""
    return _RIGHT_TO_LEFT.search(text) is not None


class CodedTextPaint:
    """One paint of the coded text in the ``dirty`` rectangle of ``view``'s viewport."""

    def __init__(self, view: QPlainTextEdit, dirty: QRect, coded: Pieces, right_to_left: bool) -> None:
        self.view, self.dirty = view, dirty
        self.blocks: list[tuple[QTextBlock, QTextLayout, QPointF, list[Stretch], list[tuple[int, int, Look]]]] = []
        """``(block, layout, offset, stretches, pieces)`` of the coded blocks in ``dirty``; no
        stretches for a right-to-left paragraph."""
        offset = view.contentOffset()
        top, bottom, height = dirty.top(), dirty.bottom(), view.viewport().height()
        block = view.firstVisibleBlock()
        below = view.cursorForPosition(QPoint(0, top)).block()  # a coding repaints a few lines down the view
        if below.blockNumber() > block.blockNumber():
            block = below
            offset.setY(view.blockBoundingGeometry(block).translated(offset).top())
        while block.isValid():
            rect = view.blockBoundingRect(block)
            block_top = offset.y()
            if block_top > bottom:
                break
            if block_top + rect.height() >= top and block.length() > 1 and block.isVisible():
                layout = block.layout()
                origin = offset + layout.position()
                lines = _lines_between(layout, origin.y(), top, bottom)
                start = block.position()
                pieces = coded(start, start + lines[0].start, start + lines[-1].end) if lines else []
                if pieces and right_to_left and has_right_to_left(block.text()):
                    self.blocks.append((block, layout, QPointF(offset), [], pieces))
                elif pieces:
                    self.blocks.append((block, layout, QPointF(offset), _stretches(lines, pieces, origin.x()), pieces))
            offset.setY(offset.y() + rect.height())
            if offset.y() > height:
                break
            block = block.next()

    def tints(self) -> None:
        """Fill the coded pieces' tints (before Qt paints the text over them)."""
        if not self.blocks:
            return
        painter = QPainter(self.view.viewport())
        painter.setClipRect(self.dirty)
        fill = painter.fillRect
        for _block, _layout, _offset, stretches, _pieces in self.blocks:
            for box, _baseline, _right, look in stretches:
                fill(box, look.background)
        painter.end()

    def over(self) -> None:
        """Underline the overlaps and draw again what Qt's paint did not colour (after it)."""
        if not self.blocks:
            return
        view = self.view
        painter = QPainter(view.viewport())
        painter.setClipRect(self.dirty)
        underline = _Underline.of(view.document().defaultFont())
        context = None
        for block, layout, offset, stretches, pieces in self.blocks:
            boxes = [box for box, _baseline, _right, look in stretches if look.recolour is not None]
            if boxes or not stretches:
                context = context or view.getPaintContext()
                self._again(painter, context, block, layout, offset, pieces, boxes, stretches)
            underline.draw(painter, stretches)
        painter.end()

    def _again(self, painter: QPainter, context: QAbstractTextDocumentLayout.PaintContext, block: QTextBlock,
               layout: QTextLayout, offset: QPointF, pieces: list[tuple[int, int, Look]], boxes: list[QRect],
               stretches: list[Stretch]) -> None:
        """Draw the recoloured ``boxes`` of a block again, or the whole of a right-to-left block
        (no ``stretches``) as Qt draws selections: the pieces, then the user's selection."""
        view, start, length = self.view, block.position(), block.length()
        painter.save()
        if stretches:
            region = QRegion()
            for box in boxes:
                region += box
            painter.setClipRegion(region, Qt.ClipOperation.IntersectClip)
            for box, _baseline, _right, look in stretches:
                painter.fillRect(box, look.background)  # over the glyphs Qt drew in their own colour
            ranges = [_range(s, e, _recoloured(look)) for s, e, look in pieces if look.recolour is not None]
        else:
            top = offset.y() + layout.position().y()
            painter.fillRect(QRectF(0, top, view.viewport().width(), layout.boundingRect().height()),
                             view.viewport().palette().color(view.viewport().backgroundRole()))
            ranges = [_range(s, e, look.selection) for s, e, look in pieces]
        for selection in context.selections:
            cursor = selection.cursor
            if cursor.hasSelection() and cursor.selectionStart() - start < length and cursor.selectionEnd() > start:
                ranges.append(_range(cursor.selectionStart() - start, cursor.selectionEnd() - start,
                                     QTextCharFormat(selection.format)))
        painter.setPen(context.palette.text().color())
        layout.draw(painter, offset, ranges, QRectF(self.dirty))
        position = context.cursorPosition
        if start <= position < start + length and (
                not view.isReadOnly() or view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard):
            layout.drawCursor(painter, offset, position - start, view.cursorWidth())
        painter.restore()


class _Line(NamedTuple):
    """A laid-out line, measured once per paint."""

    start: int
    """Where its text starts in the block."""
    end: int
    line: QTextLine
    top: float
    """Its top in the viewport."""
    bottom: float
    baseline: float
    right: float
    """Where its text ends, not counting the spaces where it wraps (in the block)."""


def _lines_between(layout: QTextLayout, y0: float, top: int, bottom: int) -> list[_Line]:
    """The block's lines that reach between ``top`` and ``bottom`` (viewport y; the block's
    top at ``y0``), found by halving: a paragraph may run to thousands of lines."""
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
        lines.append(_Line(start, start + line.textLength(), line, line_top, line_top + line.height(),
                           line_top + line.ascent(), line.x() + line.naturalTextWidth()))
    return lines


def _stretches(lines: list[_Line], pieces: list[tuple[int, int, Look]], x0: float) -> list[Stretch]:
    """``(box, baseline, right, look)`` of each line's stretch of each piece, in viewport pixels:
    where a format's background would lie (on the whole pixels the stretch touches, not the
    spaces where its line wraps)."""
    starts = [line.start for line in lines]
    found: list[Stretch] = []
    floor, ceil = math.floor, math.ceil
    xs: dict[int, float] = {}  # one piece ends where the next begins: measured once
    count = len(lines)
    for piece_start, piece_end, look in pieces:
        index = max(bisect.bisect_right(starts, piece_start) - 1, 0)
        while index < count:
            line_start, line_end, line, line_top, line_bottom, baseline, line_right = lines[index]
            if line_start >= piece_end:
                break
            index += 1
            if piece_start >= line_end:
                continue
            begin, end = max(piece_start, line_start), min(piece_end, line_end)
            left = xs.get(begin)
            if left is None:
                left = xs[begin] = _x(line, begin)
            right = xs.get(end)
            if right is None or end == line_end:  # a line's end is the next one's start
                right = _x(line, end)
                if end != line_end:
                    xs[end] = right
            right = min(right, line_right)
            if right > left:
                box_left, box_top = floor(x0 + left), floor(line_top)
                box = QRect(box_left, box_top, ceil(x0 + right) - box_left, ceil(line_bottom) - box_top)
                found.append((box, baseline, floor(x0 + right), look))
    return found


def _x(line: QTextLine, position: int) -> float:
    """Where the cursor stands before ``position`` (in the block) on ``line``."""
    found = line.cursorToX(position)  # PySide hands back (x, position)
    return float(found[0])  # type: ignore[index]


def _range(start: int, end: int, look: QTextCharFormat) -> QTextLayout.FormatRange:
    piece = QTextLayout.FormatRange()
    piece.start, piece.length, piece.format = start, end - start, look
    return piece


def _recoloured(look: Look) -> QTextCharFormat:
    """The piece's glyphs in their colour on its tint (a selection with no background of its
    own is left out by Qt where it touches another)."""
    glyphs = QTextCharFormat()
    glyphs.setBackground(look.background)
    glyphs.setForeground(look.recolour or look.background)
    return glyphs


class _Underline:
    """An underline where Qt draws one for the font: below the baseline, ceiled, in the descent."""

    _by_font: ClassVar[dict[str, _Underline]] = {}

    @classmethod
    def of(cls, font: QFont) -> _Underline:
        """The font's underline, measured once (with its pens) for every paint."""
        found = cls._by_font.get(font.key())
        if found is None:
            found = cls._by_font[font.key()] = cls(font)
        return found

    def __init__(self, font: QFont) -> None:
        metrics = QFontMetricsF(font)
        below = metrics.underlinePos()
        self.offset = math.ceil(below) + 0.5
        if below <= metrics.descent():
            self.offset = min(self.offset, metrics.descent() - 0.5)
        self.width = metrics.lineWidth()
        self._pens: dict[int, QPen] = {}

    def draw(self, painter: QPainter, stretches: list[Stretch]) -> None:
        """The underlines of the ``stretches`` whose look has one, after their glyphs."""
        by_colour: dict[int, list[QLineF]] = {}
        colours: dict[int, QColor] = {}
        for box, baseline, right, look in stretches:
            if look.underline is not None:
                key = look.underline.rgba()
                colours[key] = look.underline
                y = baseline + self.offset
                by_colour.setdefault(key, []).append(QLineF(box.left(), y, right, y))
        for key, lines in by_colour.items():
            pen = self._pens.get(key)
            if pen is None:
                pen = self._pens[key] = QPen(colours[key], self.width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLines(lines)
