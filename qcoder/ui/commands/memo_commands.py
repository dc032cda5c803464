"""Undoable memo edits on a source, a code or a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.rows import RowSnapshot
from qcoder.core.usecases.memos import add_memo, delete_memo, restore_memos
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class AddMemoCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, text: str, target: str, target_id: int | None) -> None:
        super().__init__(controller, f"Add memo on {target}")
        self.text, self.target, self.target_id = text, target, target_id
        self.coder_id = controller.coder_id()
        self.memo_id: int | None = None
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        if self._snapshot is not None:
            self.controller.run(restore_memos, self._snapshot)
            return
        changes = self.controller.run(add_memo, self.text, self.coder_id, target=self.target, target_id=self.target_id)
        self.memo_id = changes.created_id

    def undo_it(self) -> None:
        assert self.memo_id is not None
        _changes, self._snapshot = self.controller.run(delete_memo, self.memo_id)
