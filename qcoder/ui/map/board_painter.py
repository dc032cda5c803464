"""Paints the lifecycle board: one column per stage with its on-ramps, challenges and quotes.

The group headings are the board's item groups as the codebook names them; a warning (a chosen
group gone from the codebook) is drawn in red under the title, so nothing is missing unsaid.
The caption says what the figures count (every coder's codings, one coder's, or the passages
the coders agree on); under each stage its codebook definition is the column's hint (the whole
definition on hover), and an item found away from the stage the codebook expects says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from qcoder.analysis.lifecycle_board import BoardItem, LifecycleBoard
from qcoder.core.wording import counted
from qcoder.ui.colours import readable_text_colour
from qcoder.ui.map import map_style as style

QUOTES_PER_ITEM = 2
QUOTE_CHARACTERS = 170
HINT_CHARACTERS = 90


def counting_caption(board: LifecycleBoard) -> str:
    """What the bars and counts of ``board`` count, in the researcher's words."""
    if board.consensus == "all":
        what = "passages coded by all coders (the coders' agreement)"
    elif board.consensus is not None:
        what = f"passages coded by at least {board.consensus} coders (the coders' agreement)"
    else:
        what = "passages of all coders' codings (a span once, however many coders coded it)"
    if board.coder and board.consensus is None:
        what = f"passages {board.coder} coded (one coder's codings only)"
    elif board.coder:
        what = f"{what}, among {board.coder}'s passages"
    return f"bar = {what}"


def stage_hint(definition: str) -> str:
    """The first clause of a stage's definition, short enough for under its column's header."""
    text = re.sub(r"\s*\([^)]*\)", "", " ".join(definition.split()))
    for stop in (": ", ". ", "; "):
        if stop in text:
            text = text.split(stop, 1)[0]
    text = text.rstrip(". ")
    return text if len(text) <= HINT_CHARACTERS else text[: HINT_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class ItemBox:
    stage: str
    item: BoardItem
    rect: QRectF
    heading: str | None
    """``On-ramps`` or ``Challenges`` above the first item of each group."""


class BoardPainter:
    def __init__(self, board: LifecycleBoard, *, title: str = "Collaboration across the lifecycle") -> None:
        self.board = board
        self.title = title
        self.rect = QRectF()
        self.unit = 1.0
        self.boxes: list[ItemBox] = []
        self.columns: list[tuple[str, QColor, QRectF]] = []
        self.hints: list[tuple[str, QRectF]] = []
        """Each stage's codebook hint and where it is drawn."""
        self.caption_rect = QRectF()

    def _fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        u = self.unit
        heading, name, small, quote = style.font(10, bold=True), style.font(9, bold=True), style.font(8), style.font(8)
        heading.setPixelSize(max(13, round(15 * u)))
        name.setPixelSize(max(12, round(12.5 * u)))
        small.setPixelSize(max(11, round(11 * u)))
        quote.setPixelSize(max(11, round(11 * u)))
        quote.setItalic(True)
        return heading, name, small, quote

    def preferred_height(self, width: float) -> float:
        self.layout(QRectF(0, 0, width, 100000))
        bottom = max((box.rect.bottom() for box in self.boxes), default=200 * self.unit)
        return bottom + 24 * self.unit

    def layout(self, rect: QRectF) -> None:
        self.rect = QRectF(rect)
        self.unit = u = max(0.7, rect.width() / 1600.0)
        heading_font, name_font, small_font, quote_font = self._fonts()
        gap = 14 * u
        count = max(1, len(self.board.columns))
        width = (rect.width() - 2 * 24 * u - gap * (count - 1)) / count
        caption_width = rect.width() - 48 * u
        self.caption_rect = QRectF(rect.left() + 24 * u, rect.top() + 40 * u, caption_width,
                                   _text_height(small_font, self.caption(), caption_width))
        top = self.caption_rect.bottom() + (12 + 18 * len(self.board.warnings)) * u
        # as tall as the longest stage name needs (two lines for "Public release of model weights")
        header_height = max([40 * u, *(_text_height(heading_font, c.stage, width - 16 * u) + 12 * u
                                       for c in self.board.columns)])
        hint_height = max([0.0, *(_text_height(small_font, stage_hint(c.definition), width - 8 * u) + 6 * u
                                  for c in self.board.columns if c.definition)])
        self.boxes, self.columns, self.hints = [], [], []
        most = max((i.passages for c in self.board.columns for i in c.items), default=1) or 1
        self._most = most
        for index, column in enumerate(self.board.columns):
            left = rect.left() + 24 * u + index * (width + gap)
            self.columns.append((column.stage, QColor(column.colour), QRectF(left, top, width, header_height)))
            if column.definition:
                self.hints.append((column.stage, QRectF(left + 4 * u, top + header_height + 4 * u, width - 8 * u,
                                                        hint_height)))
            y = top + header_height + hint_height + 12 * u
            previous_group = None
            for item in column.items:
                heading = None
                if item.group != previous_group:
                    heading = item.group
                    y += 22 * u
                    previous_group = item.group
                inner = width - 20 * u
                height = 8 * u + _text_height(name_font, item.name, inner - 14 * u) + 24 * u
                if self._away(column.stage, item):
                    height += _text_height(small_font, self._away(column.stage, item), inner - 8 * u) + 4 * u
                for quote in self._quotes(item):
                    height += _text_height(quote_font, quote, inner - 8 * u) + 6 * u
                box = QRectF(left, y, width, height + 6 * u)
                self.boxes.append(ItemBox(column.stage, item, box, heading))
                y = box.bottom() + 8 * u

    @staticmethod
    def _away(stage: str, item: BoardItem) -> str:
        """A note for an item found away from the stage the codebook says it usually goes with."""
        return f"codebook: usually {item.usual_stage}" if item.usual_stage and item.usual_stage != stage else ""

    def caption(self) -> str:
        groups = ", ".join(self.board.item_groups) or "no item groups"
        stages = self.board.stage_group or "no stage group"
        return (f"{groups} coded together with each {stages} code · {counting_caption(self.board)} · "
                "orgs = organisations whose interviews they are in · exemplar quotes in italics")

    def tip_at(self, point: QPointF) -> str:
        """The whole codebook definition of the stage whose header or hint is under ``point``."""
        for stage, _colour, header in self.columns:
            hint = next((r for s, r in self.hints if s == stage), QRectF())
            if header.contains(point) or hint.contains(point):
                column = self.board.column(stage)
                return f"{stage}: {column.definition}" if column and column.definition else stage
        return ""

    @staticmethod
    def _quotes(item: BoardItem) -> list[str]:
        seen: set[str] = set()
        quotes = []
        for evidence in item.exemplars:
            text = " ".join(evidence.text.split())
            if text in seen:
                continue
            seen.add(text)
            if len(text) > QUOTE_CHARACTERS:
                text = text[: QUOTE_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
            quotes.append(f"“{text}” — {evidence.source}")
            if len(quotes) == QUOTES_PER_ITEM:
                break
        return quotes

    def paint(self, painter: QPainter, *, highlight: object = None) -> None:
        u = self.unit
        heading_font, name_font, small_font, quote_font = self._fonts()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect, QColor("#FFFFFF"))
        title = style.font(12, bold=True)
        title.setPixelSize(round(22 * u))
        painter.setFont(title)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(self.rect.left() + 24 * u, self.rect.top() + 30 * u), self.title)
        painter.setFont(small_font)
        painter.setPen(style.MUTED_TEXT)
        painter.drawText(self.caption_rect, Qt.TextFlag.TextWordWrap, self.caption())
        painter.setPen(QColor("#B42318"))
        for index, warning in enumerate(self.board.warnings):
            painter.drawText(QPointF(self.rect.left() + 24 * u, self.caption_rect.bottom() + (16 + 18 * index) * u),
                             "⚠ " + warning)
        for stage, colour, header in self.columns:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(header, 5 * u, 5 * u)
            painter.setPen(readable_text_colour(colour))
            painter.setFont(heading_font)
            painter.drawText(header.adjusted(10 * u, 0, -6 * u, 0), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, stage)
        painter.setFont(small_font)
        painter.setPen(style.MUTED_TEXT)
        for stage, hint in self.hints:
            column = self.board.column(stage)
            painter.drawText(hint, Qt.TextFlag.TextWordWrap, stage_hint(column.definition if column else ""))
        for box in self.boxes:
            self._paint_item(painter, box, highlight == (box.stage, box.item.name), (name_font, small_font, quote_font))
        painter.restore()

    def _paint_item(self, painter: QPainter, box: ItemBox, stressed: bool, fonts: tuple[QFont, QFont, QFont]) -> None:
        u = self.unit
        name_font, small_font, quote_font = fonts
        rect = box.rect
        if box.heading:
            painter.setFont(small_font)
            painter.setPen(style.MUTED_TEXT)
            painter.drawText(QPointF(rect.left() + 2 * u, rect.top() - 8 * u), box.heading.upper())
        painter.setPen(QPen(style.EDGE_HIGHLIGHT if stressed else style.GRID, (2 if stressed else 1) * u))
        painter.setBrush(QColor("#FAFBFC"))
        painter.drawRoundedRect(rect, 4 * u, 4 * u)
        colour = QColor(box.item.colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(rect.left() + 8 * u, rect.top() + 10 * u, 8 * u, 8 * u), 2 * u, 2 * u)
        inner = rect.width() - 20 * u
        name_height = _text_height(name_font, box.item.name, inner - 14 * u)
        painter.setPen(style.TEXT)
        painter.setFont(name_font)
        painter.drawText(QRectF(rect.left() + 22 * u, rect.top() + 6 * u, inner - 14 * u, name_height),
                         Qt.TextFlag.TextWordWrap, box.item.name)
        y = rect.top() + 8 * u + name_height + 4 * u
        counts = f"{counted(box.item.passages, 'passage')} · {counted(len(box.item.organisations), 'org')}"
        counts_width = QFontMetricsF(small_font).horizontalAdvance(counts)
        bar = max(0.0, inner - counts_width - 10 * u) * box.item.passages / self._most  # the counts fit beside it
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRectF(rect.left() + 10 * u, y + 2 * u, max(2 * u, bar), 8 * u))
        painter.setPen(style.MUTED_TEXT)
        painter.setFont(small_font)
        painter.drawText(QPointF(rect.left() + 16 * u + max(2 * u, bar), y + 11 * u), counts)
        y += 20 * u
        away = self._away(box.stage, box.item)
        if away:
            height = _text_height(small_font, away, inner - 8 * u)
            painter.drawText(QRectF(rect.left() + 14 * u, y - 4 * u, inner - 8 * u, height), Qt.TextFlag.TextWordWrap, away)
            y += height + 4 * u
        painter.setFont(quote_font)
        painter.setPen(QColor("#3D444D"))
        for quote in self._quotes(box.item):
            height = _text_height(quote_font, quote, inner - 8 * u)
            painter.drawText(QRectF(rect.left() + 14 * u, y, inner - 8 * u, height), Qt.TextFlag.TextWordWrap, quote)
            y += height + 6 * u

    def item_at(self, point: QPointF) -> tuple[str, BoardItem] | None:
        for box in self.boxes:
            if box.rect.contains(point):
                return box.stage, box.item
        return None


def _text_height(font: QFont, text: str, width: float) -> float:
    metrics = QFontMetricsF(font)
    return metrics.boundingRect(QRectF(0, 0, max(10.0, width), 100000), Qt.TextFlag.TextWordWrap, text).height()
