"""The base of every undoable edit: a use case forward, another backward, both through the controller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from qcoder.core.errors import QcoderError
from qcoder.core.versions import Versioned, current_version

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

    def expected_version(self, model: Versioned, row_id: int, since: int | None) -> int | None:
        """The version to claim for an edit of a row last seen (or last edited here) at ``since``:
        the current one if only this window edited it since, else ``since`` (so it is refused)."""
        assert self.controller.project is not None
        current = self.controller.read(current_version, model, row_id)
        return self.controller.project.own_versions.expected(model, row_id, since, current)

    def _refused(self, error: QcoderError) -> None:
        """Not raised: out of a Qt virtual the message would come prefixed with Qt's plumbing."""
        self.setObsolete(True)
        self.controller.edit_refused.emit(str(error))

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError
