"""Shows which turn is being heard: a tint over it in the document, kept in view while playing.

The tint is an extra selection, so the coding colours, the text and the user's own selection stay
as they are; the view scrolls only when the turn leaves it, and never moves the text cursor.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

PLAYING_TINT = QColor(255, 196, 0, 70)


class TurnFollower:
    def __init__(self, view: QPlainTextEdit) -> None:
        self.view = view
        self.span: tuple[int, int] | None = None
        """The code-point span tinted now, or ``None``."""

    def show(self, span: tuple[int, int] | None, *, follow: bool) -> None:
        if span == self.span:
            return
        self.span = span
        if span is None:
            self.view.setExtraSelections([])
            return
        positions = self.view.positions  # type: ignore[attr-defined]  # the document view has its position map
        qt_start, qt_end = positions.span_to_qt(*span)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        tint = QTextCharFormat()
        tint.setBackground(PLAYING_TINT)
        selection.format = tint
        self.view.setExtraSelections([selection])
        if follow:
            self._keep_in_view(qt_start)

    def _keep_in_view(self, qt_position: int) -> None:
        """Scroll so the turn's first line is near the top, if it is out of view. A plain-text
        edit's scroll bar counts the layout's lines (``firstLineNumber``), not pixels."""
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(qt_position)
        rect = self.view.cursorRect(cursor)
        viewport = self.view.viewport().rect()
        if viewport.top() <= rect.top() and rect.bottom() <= viewport.bottom():
            return
        block = self.view.document().findBlock(qt_position)
        line = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            line += layout.lineForTextPosition(qt_position - block.position()).lineNumber()
        self.view.verticalScrollBar().setValue(max(0, line - 1))
