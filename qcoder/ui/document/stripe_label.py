"""The hovered margin stripe's code name, written across it: horizontal, whole, readable.

The labels painted along the stripes run vertically and are cut to the passage's height; the
margin is a few lanes wide. So the stripe under the mouse gets a flag of its own colour with the
code's full name, laid over the margin and the document's edge (a child of the document view, not
of the margin, so the margin's width never cuts it). It lets every mouse event through to the
margin beneath and goes away when the mouse leaves the stripe or the document scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from qcoder.ui.colours import readable_text_colour

PADDING = 5
"""Pixels of the flag's colour around the name."""


class StripeLabel(QWidget):
    """One per document view; :meth:`show_name` places it, :meth:`hide` takes it away."""

    def __init__(self, view: QPlainTextEdit) -> None:
        super().__init__(view)
        self.view = view
        self.text = ""
        self.colour = QColor("#777777")
        self._shown = ""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFont(QApplication.font())  # the window's text size, not the document's (it may be zoomed)
        self.hide()
        view.verticalScrollBar().valueChanged.connect(self.hide)  # the stripe moved from under it

    def show_name(self, text: str, colour: QColor, stripe: QRect, at_y: int) -> None:
        """Show ``text`` on a flag that starts at ``stripe`` (a rectangle in the view's
        coordinates) and runs right, centred on ``at_y`` but kept on the stripe and in the view."""
        metrics = self.fontMetrics()
        height = metrics.height() + PADDING + 1
        room = self.view.width() - stripe.left() - 4
        self._shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room - 2 * PADDING, 20))
        width = min(metrics.horizontalAdvance(self._shown) + 2 * PADDING + 1, room)
        top = max(stripe.top(), min(at_y - height // 2, stripe.bottom() - height + 1))
        top = max(0, min(top, self.view.height() - height))
        self.text, self.colour = text, QColor(colour)
        self.setGeometry(stripe.left(), top, width, height)
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.rect().adjusted(0, 0, -1, -1)
        painter.setPen(QPen(self.colour.darker(150), 1))
        painter.setBrush(self.colour)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(readable_text_colour(self.colour))
        painter.drawText(box.adjusted(PADDING, 0, -PADDING // 2, 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self._shown)
        painter.end()
