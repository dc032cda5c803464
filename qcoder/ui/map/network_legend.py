"""The network figure's legend: what each organisation's circle means and how thick a link is for
how many passages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY, ORG_TYPES
from qcoder.ui.map import map_style as style

if TYPE_CHECKING:
    from qcoder.ui.map.network_painter import NetworkPainter


def paint_legend(figure: NetworkPainter, painter: QPainter, box: QRectF) -> None:
    """The organisation types' symbols and three link widths with their passage counts, in ``box``."""
    u = figure.unit
    painter.setPen(QPen(style.GRID, 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 6 * u, 6 * u)
    font = figure._label_font()
    painter.setFont(font)
    y = box.top() + 22 * u
    for category in (*ORG_TYPES, MENTIONED_ONLY):
        painter.setPen(QPen(style.outline_for(category), 1.4 * u))
        painter.setBrush(style.fill_for(category))
        painter.drawEllipse(QPointF(box.left() + 18 * u, y - 4 * u), 7 * u, 7 * u)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(box.left() + 34 * u, y), style.LEGEND_LABELS[category])
        y += 22 * u
    y += 6 * u
    x = box.left() + 12 * u
    low, top = figure.min_weight, max(1, figure.max_weight)
    for weight in sorted({low, round((low + top) / 2), top}):
        pen = QPen(style.EDGE, figure.link_width(weight))
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([4.0, 2.6])
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y - 4 * u), QPointF(x + 34 * u, y - 4 * u))
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(x + 40 * u, y), f"{weight}")
        x += 84 * u
    painter.drawText(QPointF(box.left() + 12 * u, y + 20 * u), "passages per link")
