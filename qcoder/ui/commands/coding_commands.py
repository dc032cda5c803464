"""Undoable edits of codings: apply, remove, resize, exemplar flag, passage memo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.codings import apply_coding, resize_coding, set_coding_memo, set_exemplar
from qcoder.core.usecases.commands.in_vivo import in_vivo_code
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class ApplyCodingCommand(EditCommand):
    """Code ``[start, end)`` of a source; redo after undo recreates it with the same GUID."""

    def __init__(
        self, controller: ProjectController, source_id: int, code_id: int, start: int, end: int,
        code_name: str,
    ) -> None:
        self.source_id, self.code_id, self.start, self.end = source_id, code_id, start, end
        self.coder_id = controller.coder_id()
        self.coding_id: int | None = None
        super().__init__(
            controller, f"Code passage with “{code_name}”",
            Edit.of(apply_coding, source_id, code_id, start, end, self.coder_id),
        )

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.coding_id = changes.created_id


class InVivoCommand(EditCommand):
    """Make a code named ``name`` under the “In vivo” group (made if missing) and code the passage
    with it: one edit, played in one transaction, one undo step (undo takes back both). Words
    coded in vivo before get the code they made then (``made_code`` is False)."""

    def __init__(
        self, controller: ProjectController, name: str, source_id: int, start: int, end: int,
    ) -> None:
        super().__init__(controller, f"In-vivo code “{name}”",
                         Edit.of(in_vivo_code, name, source_id, start, end, controller.coder_id()))
        self.code_id: int | None = None
        self.made_code = False

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.code_id, self.made_code = changes.coding_rows[-1].code_id, changes.code_tree


class RemoveCodingCommand(EditCommand):
    def __init__(self, controller: ProjectController, coding_id: int, code_name: str) -> None:
        super().__init__(controller, f"Unmark “{code_name}”", Edit.of(remove_rows, RowKeys.ids("codings", [coding_id])))
        self.coding_id = coding_id


class ResizeCodingCommand(EditCommand):
    def __init__(self, controller: ProjectController, coding_id: int, start: int, end: int) -> None:
        super().__init__(controller, "Resize passage", Edit.of(resize_coding, coding_id, start, end))
        self.coding_id, self.start, self.end = coding_id, start, end


class SetExemplarCommand(EditCommand):
    def __init__(self, controller: ProjectController, coding_id: int, exemplar: bool) -> None:
        super().__init__(controller, "Flag exemplar" if exemplar else "Unflag exemplar",
                         Edit.of(set_exemplar, coding_id, exemplar))
        self.coding_id, self.exemplar = coding_id, exemplar


class SetCodingMemoCommand(EditCommand):
    def __init__(self, controller: ProjectController, coding_id: int, memo: str | None) -> None:
        super().__init__(controller, "Edit passage memo", Edit.of(set_coding_memo, coding_id, memo))
        self.coding_id, self.memo = coding_id, memo
