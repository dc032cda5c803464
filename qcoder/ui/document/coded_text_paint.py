"""The codings' colours painted around the document's text, which keeps no format of them.

Qt's own paint of the plain text edit draws the text, the user's selection and the caret. Before
it, :meth:`CodedTextPaint.tints` fills each coded piece's tint behind its lines (where a format's
background would lie); after it, :meth:`CodedTextPaint.over` underlines the pieces where codes
overlap. No format of the text changes, so a coding never makes Qt lay the text out again: it
costs the repaint of its lines, and where its pieces lie is measured only on its own lines
(the rest is kept between paints: :mod:`block_paint_cache`). The rare pieces whose glyphs change colour (white on a dark tint)
and paragraphs with right-to-left script (where one piece may be several stretches of a line)
are drawn again over Qt's paint, as Qt draws a selection, with the user's selection over them.
"""

from __future__ import annotations

import math
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
)
from PySide6.QtWidgets import QPlainTextEdit

from qcoder.ui.document.block_paint_cache import BlockPaintCache, Line, has_right_to_left, lines_between


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


class CodedTextPaint:
    """One paint of the coded text in the ``dirty`` rectangle of ``view``'s viewport."""

    def __init__(self, view: QPlainTextEdit, dirty: QRect, coded: Pieces, right_to_left: bool,
                 cache: BlockPaintCache | None = None) -> None:
        self.view, self.dirty = view, dirty
        self.blocks: list[tuple[QTextBlock, QTextLayout, QPointF, QPoint, list[Stretch], list[tuple[int, int, Look]]]] = []
        """``(block, layout, offset, shift, stretches, pieces)`` of the coded blocks in ``dirty``:
        the stretches of its lines in ``dirty``, placed ``shift`` (whole pixels) away from the
        viewport; no stretches for a right-to-left paragraph."""
        cache = cache if cache is not None else BlockPaintCache()
        cache.check(view)
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
                shift = QPoint(math.floor(origin.x()), math.floor(origin.y()))
                fraction, shifted_top, shifted_bottom = origin - QPointF(shift), top - shift.y(), bottom - shift.y()
                if right_to_left and has_right_to_left(block.text()):
                    pieces = _coded(block, lines_between(layout, fraction.y(), shifted_top, shifted_bottom), coded)
                    if pieces:
                        self.blocks.append((block, layout, QPointF(offset), shift, [], pieces))
                else:
                    stretches = cache.stretches(block, layout, fraction, shifted_top, shifted_bottom, coded)
                    if stretches:
                        pieces = []
                        if any(look.recolour is not None for _box, _baseline, _right, look in stretches):
                            lines = lines_between(layout, fraction.y(), shifted_top, shifted_bottom)
                            pieces = _coded(block, lines, coded)
                        self.blocks.append((block, layout, QPointF(offset), shift, stretches, pieces))
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
        for _block, _layout, _offset, shift, stretches, _pieces in self.blocks:
            if stretches:
                painter.translate(shift)
                for box, _baseline, _right, look in stretches:
                    fill(box, look.background)
                painter.translate(-shift)
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
        for block, layout, offset, shift, stretches, pieces in self.blocks:
            if any(look.recolour is not None for _box, _baseline, _right, look in stretches):
                stretches = [(box.translated(shift), baseline + shift.y(), right + shift.x(), look)
                             for box, baseline, right, look in stretches]
                shift = QPoint()
            boxes = [box for box, _baseline, _right, look in stretches if look.recolour is not None]
            if boxes or not stretches:
                context = context or view.getPaintContext()
                self._again(painter, context, block, layout, offset, pieces, boxes, stretches)
            painter.translate(shift)
            underline.draw(painter, stretches)
            painter.translate(-shift)
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


def _coded(block: QTextBlock, lines: list[Line], coded: Pieces) -> list[tuple[int, int, Look]]:
    """The coded pieces of the block's ``lines``."""
    start = block.position()
    return coded(start, start + lines[0].start, start + lines[-1].end) if lines else []


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
