"""A multi-line text dialog (memos, definitions) that works from the keyboard alone.

Qt's ``QInputDialog.getMultiLineText`` traps the keyboard: Tab types a tab into the text, so the
OK button cannot be reached, and no key accepts. Here Tab moves on to the buttons, Ctrl+Enter
saves, Escape cancels, and the focus goes back where it was when the dialog closes.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from shiboken6 import Shiboken

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class MultiLineTextDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label = QLabel(label, self)
        self.label.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        self.label.setBuddy(self.editor)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setToolTip("Ctrl+Enter")
        hint = QLabel("Ctrl+Enter saves · Esc cancels · Tab moves to the buttons", self)
        hint.setEnabled(False)
        for keys in SAVE_KEYS:
            QShortcut(QKeySequence(keys), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(460, 260)
        self.editor.setFocus()
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def text(self) -> str:
        return self.editor.toPlainText()


def get_multiline_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """Like ``QInputDialog.getMultiLineText``: the text and whether it was accepted."""
    previous = QApplication.focusWidget()
    dialog = MultiLineTextDialog(parent, title, label, text)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.text()
    finally:
        dialog.deleteLater()
    if previous is not None and Shiboken.isValid(previous) and previous.isVisible():
        previous.activateWindow()
        previous.setFocus()
    return value, accepted
