"""A horizontal bar chart drawn with QPainter: one labelled bar per row of a frequency table."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_HEIGHT, GAP, MARGIN = 16, 4, 6


class BarChart(QWidget):
    bar_clicked = Signal(int)
    """The index of the bar clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int, QColor]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMouseTracking(True)

    def set_bars(self, bars: list[tuple[str, int, QColor]]) -> None:
        self._bars = list(bars)
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, int, QColor]]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(420, max(60, 2 * MARGIN + len(self._bars) * (BAR_HEIGHT + GAP)))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(label) for label, _, _ in self._bars), default=0)
        return min(widest + 12, self.width() // 2)

    def bar_at(self, y: float) -> int | None:
        index = int((y - MARGIN) // (BAR_HEIGHT + GAP))
        return index if 0 <= index < len(self._bars) and y >= MARGIN else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().y())
        if index is not None:
            self.bar_clicked.emit(index)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if not self._bars:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to chart yet")
            return
        metrics = QFontMetrics(self.font())
        label_width = self._label_width()
        number_width = metrics.horizontalAdvance("000000")
        space = max(10, self.width() - label_width - number_width - 2 * MARGIN)
        largest = max(value for _, value, _ in self._bars) or 1
        text = self.palette().color(QPalette.ColorRole.Text)
        for index, (label, value, colour) in enumerate(self._bars):
            top = MARGIN + index * (BAR_HEIGHT + GAP)
            painter.setPen(text)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 8)
            painter.drawText(QRectF(MARGIN, top, label_width - 8, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            width = space * value / largest
            painter.fillRect(QRectF(MARGIN + label_width, top + 2, max(width, 1 if value else 0), BAR_HEIGHT - 4), colour)
            painter.drawText(QRectF(MARGIN + label_width + width + 4, top, number_width, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.end()
