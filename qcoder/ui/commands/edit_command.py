"""The one undoable edit: it plays an :class:`~qcoder.core.edits.Edit` and keeps the inverse.

Redo plays the edit; the use case states in its ``Changes.undo`` the edit that takes it back,
which undo plays; that play states the edit that does it again, which the next redo plays. The
command holds only these values (ids and plain data), never ORM objects, and never reads the
project itself (Orange Canvas Core's commands are as small). Composite edits are one
:class:`EditGroup` whose children are edit commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, play
from qcoder.core.errors import QcoderError

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class EditCommand(QUndoCommand):
    """Play ``edit`` on redo and its inverse on undo, each in one transaction via the controller.

    ``done``: the edit has already run (off the GUI thread) with these changes; the first redo
    only announces them. If the first play fails with a :class:`QcoderError`, ``failed`` holds it
    and the command makes itself obsolete, so the stack never holds an edit that did not happen.
    An undo or redo refused later (another coder changed the same thing since, the passage was
    deleted meanwhile…) makes the command obsolete too; ``edit_refused`` on the controller says why.
    Subclasses read what they need of the first play's answer in :meth:`played`.
    """

    def __init__(
        self, controller: ProjectController, text: str, edit: Edit | None = None, *,
        done: Changes | None = None,
    ) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed: QcoderError | None = None
        self._forward = edit
        self._backward: Edit | None = None
        self._done = done
        self._played = False

    def redo(self) -> None:
        if self.failed is not None:
            return
        if self._done is not None:
            changes, self._done = self._done, None
            if not changes.empty:
                self.controller.changed.emit(changes)
        else:
            assert self._forward is not None
            try:
                changes = self._play(self._forward)
            except QcoderError as error:
                if self._played:
                    self._refused(error)
                else:
                    self.failed = error
                    self.setObsolete(True)
                return
        first, self._played = not self._played, True
        self._backward = changes.undo
        self.played(changes, first)

    def undo(self) -> None:
        if self.failed is not None or self._backward is None:
            return
        try:
            self._forward = self._play(self._backward).undo
        except QcoderError as error:
            self._refused(error)

    def played(self, changes: Changes, first: bool) -> None:
        """Called after each redo with what it changed; ``first`` on the edit's first run."""

    def _play(self, edit: Edit) -> Changes:
        project = self.controller.project
        assert project is not None
        changes: Changes = self.controller.run(play, edit, project.own_versions)
        return changes

    def _refused(self, error: QcoderError) -> None:
        """Not raised: out of a Qt virtual the message would come prefixed with Qt's plumbing."""
        self.setObsolete(True)
        self.controller.edit_refused.emit(str(error))


class EditGroup(QUndoCommand):
    """Several edits as one undo step (a composite command, as Orange Canvas Core makes them).

    Its children are edit commands played by :meth:`run` one after the other (a later one may use
    what an earlier one created); then the group is pushed. Redo plays the children in order,
    undo backwards. They are held here rather than as Qt children: PySide leaves a Qt child
    command owned by Python, and the stack deleting its parent would then free it twice.
    """

    def __init__(self, controller: ProjectController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed: QcoderError | None = None
        self.children: list[EditCommand] = []
        self._played = False

    def run(self, child: EditCommand) -> EditCommand:
        """Play ``child`` now; if it fails, take back the children played before it and raise."""
        child.redo()
        if child.failed is not None:
            for done in reversed(self.children):
                done.undo()
            self.failed = child.failed
            raise child.failed
        self.children.append(child)
        return child

    def redo(self) -> None:
        if not self._played:  # pushed after run() played every child
            self._played = True
            return
        for child in self.children:
            child.redo()

    def undo(self) -> None:
        for child in reversed(self.children):
            child.undo()
