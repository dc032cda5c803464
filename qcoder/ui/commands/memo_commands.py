"""Undoable memo edits on a source, a code or a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen
from qcoder.core.usecases.commands.memos import add_memo, edit_memo
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class AddMemoCommand(EditCommand):
    def __init__(self, controller: ProjectController, text: str, target: str, target_id: int | None) -> None:
        self.coder_id = controller.coder_id()
        super().__init__(controller, f"Add memo on {target}",
                         Edit.of(add_memo, text, self.coder_id, target=target, target_id=target_id))
        self.memo_id: int | None = None

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.memo_id = changes.created_id


class EditMemoCommand(EditCommand):
    """Edit a memo's text; refused (each way) if another coder edited it since ``seen_version``."""

    def __init__(
        self, controller: ProjectController, memo_id: int, text: str, seen_version: int | None = None
    ) -> None:
        if seen_version is None:
            seen_version = next(m for m in controller.read(list_memos) if m.id == memo_id).version
        super().__init__(controller, "Edit memo", Edit.of(edit_memo, memo_id, text, seen=Seen("memos", memo_id, seen_version)))
        self.memo_id = memo_id
