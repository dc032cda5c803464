"""The retrieval pane's preview of the chosen passage: its words in context, where it is from.

A read-only text view rather than a word-wrapping label: a label's new text changes its size
hint, so every passage shown (each new code chosen shows its own) laid out the pane's splitter and
the label's rich text again, several times; a text view lays out its own contents and no more,
and a long memo scrolls inside it instead of growing the pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar


class PassagePreview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBar(SteadyScrollBar(self))  # each passage shown moves its range
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.document().setDocumentMargin(6)
        palette = self.palette()  # the pane's own background, as the label had
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.setPalette(palette)
        self._html = ""

    def setHtml(self, html: str) -> None:
        """The new text in place of the old, its scroll bar shown or hidden at most once: Qt
        empties the document first, which hid the bar (laying out the view) and showed it again
        for the new text (laying it out again) each time a longer passage followed another."""
        self._html = html
        bar = self.verticalScrollBar()
        policy = self.verticalScrollBarPolicy()
        if policy != Qt.ScrollBarPolicy.ScrollBarAsNeeded or not self.isVisible():
            super().setHtml(html)
            return
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn if bar.isVisibleTo(self) else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        try:
            super().setHtml(html)
        finally:
            self.setVerticalScrollBarPolicy(policy)  # shown or hidden as the new text needs

    def clear(self) -> None:
        self._html = ""
        super().clear()

    def text(self) -> str:
        """The rich text shown, as it was given (as a label's ``text()``)."""
        return self._html
