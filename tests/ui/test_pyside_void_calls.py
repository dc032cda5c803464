"""PySide6 6.12.0 on Python 3.11 aborts ("none_dealloc: deallocating None") after some thousands
of calls of Qt methods that return nothing. The dependency is constrained below 6.12 there; this
test makes ~100,000 such calls so that a bad pairing fails loudly instead of in a user's session."""

from PySide6.QtGui import QTextCursor, QUndoStack
from PySide6.QtWidgets import QLabel, QPlainTextEdit


def test_a_hundred_thousand_void_qt_calls_do_not_abort(qtbot):
    label = QLabel()
    editor = QPlainTextEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(editor)
    editor.setPlainText("x" * 100)
    cursor = QTextCursor(editor.document())
    stack = QUndoStack()
    for index in range(25_000):
        label.setText("a")              # void
        label.setEnabled(index % 2 == 0)  # void
        cursor.setPosition(index % 100)   # void
        stack.setUndoLimit(0)             # void
    assert label.text() == "a"
