"""The status bar says what Undo and Redo just did ("Undone: Code passage with “Data”."): an undo
may change what is out of sight, and the bar otherwise went on saying "Coded 40 characters with
“Data”." for seconds after that coding was undone."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QUndoStack


class UndoMessages(QObject):
    message = Signal(str)

    def __init__(self, stack: QUndoStack, undo: QAction, redo: QAction, refused: SignalInstance) -> None:
        super().__init__(stack)
        self._stack = stack
        self._refused = False
        """An edit was refused during the undo or redo just triggered: its warning said so, and the
        command, now obsolete, is gone from the stack."""
        refused.connect(self._note_refusal)
        # Connected after the stack's own: the step is done when these run.
        undo.triggered.connect(lambda: self._say("Undone", self._stack.index()))
        redo.triggered.connect(lambda: self._say("Redone", self._stack.index() - 1))

    def _note_refusal(self, _why: str) -> None:
        self._refused = True

    def _say(self, done: str, index: int) -> None:
        refused, self._refused = self._refused, False
        command = self._stack.command(index)  # None past either end
        if command is not None and not refused:
            self.message.emit(f"{done}: {command.text()}.")
