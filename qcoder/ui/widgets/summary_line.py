"""A line of text that changes with every coding (the retrieval pane's passage count).

A ``QLabel`` given new text asks its layout again, and Qt passes that up through the pane, its
dock and the main window, which lays out every dock anew and repaints their title bars: most of
a millisecond per coding. This line keeps one size whatever it says and is only repainted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

WIDTH_OF = "00,000 passages in 000 sources"
"""What the line is sized for; a longer text is cut with an ellipsis (its tool tip has it all)."""


class SummaryLine(QWidget):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._width = 0
        """How wide the text is in the widget's font: measured once, not again when the next text replaces it."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paints its own background: not the dock's
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            width = self.fontMetrics().horizontalAdvance(text)
            reach = max(self._width, width)
            self._text, self._width = text, width
            self.setToolTip(text)
            self.setAccessibleName(text)
            self.update(QRect(0, 0, min(reach + 4, self.width()), self.height()))  # the words, not the blank after

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._width = self.fontMetrics().horizontalAdvance(self._text)
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(WIDTH_OF), metrics.height() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("0,000…"), self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        shown = self._text if self._width <= self.width() else (  # it fits: no second measuring
            self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, self.width()))
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
