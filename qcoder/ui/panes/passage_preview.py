"""The retrieval pane's preview of the chosen passage: its words in context, where it is from.

A read-only text view rather than a word-wrapping label: a label's new text changes its size
hint, so every passage shown (each in-vivo code selects its own) laid out the pane's splitter and
the label's rich text again, several times; a text view lays out its own contents and no more,
and a long memo scrolls inside it instead of growing the pane."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget


class PassagePreview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.document().setDocumentMargin(6)
        palette = self.palette()  # the pane's own background, as the label had
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.setPalette(palette)
        self._html = ""

    def setHtml(self, html: str) -> None:
        self._html = html
        super().setHtml(html)

    def clear(self) -> None:
        self._html = ""
        super().clear()

    def text(self) -> str:
        """The rich text shown, as it was given (as a label's ``text()``)."""
        return self._html
