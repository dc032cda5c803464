"""The base of the undoable edits not yet played as data: a use case forward, another backward.

New edits are :class:`~qcoder.ui.commands.edit_command.EditCommand`: the use case states its
inverse. What is left here (recordings, re-reading a source, speaker–case links, merging a file,
resolving a disagreement, a REFI-QDA import) moves there as its use cases learn to state theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from qcoder.core.errors import QcoderError

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class UseCaseCommand(QUndoCommand):
    """Subclasses implement :meth:`do` and :meth:`undo_it`; both run use cases via ``controller.run``.

    If the first :meth:`do` fails with a :class:`QcoderError`, ``failed`` holds it and the
    controller removes the command again, so the stack never holds an edit that did not happen.
    An undo or redo refused because another coder changed the same thing since
    (:class:`EditConflictError`), or that fails for any reason the user can understand (the
    passage was deleted meanwhile, the disk is full), makes the command obsolete too: the stack
    drops it, the controller's ``edit_refused`` says why, and nobody's change is overwritten.
    """

    def __init__(self, controller: ProjectController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed: QcoderError | None = None
        self._done_once = False

    def redo(self) -> None:
        if self.failed is not None:
            return
        try:
            self.do()
        except QcoderError as error:
            if self._done_once:
                self._refused(error)
                return
            self.failed = error
            self.setObsolete(True)
            return
        self._done_once = True

    def undo(self) -> None:
        if self.failed is not None:
            return
        try:
            self.undo_it()
        except QcoderError as error:
            self._refused(error)

    def _refused(self, error: QcoderError) -> None:
        """Not raised: out of a Qt virtual the message would come prefixed with Qt's plumbing."""
        self.setObsolete(True)
        self.controller.edit_refused.emit(str(error))

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError
