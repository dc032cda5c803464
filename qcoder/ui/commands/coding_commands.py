"""Undoable edits of codings: apply, remove, resize, exemplar flag, passage memo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.rows import RowSnapshot
from qcoder.core.usecases.codings import (
    apply_coding,
    coding_info,
    remove_coding,
    resize_coding,
    restore_codings,
    set_coding_memo,
    set_exemplar,
)
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class ApplyCodingCommand(UseCaseCommand):
    """Code ``[start, end)`` of a source; redo after undo recreates it with the same GUID."""

    def __init__(
        self, controller: ProjectController, source_id: int, code_id: int, start: int, end: int,
        code_name: str,
    ) -> None:
        super().__init__(controller, f"Code passage with “{code_name}”")
        self.source_id, self.code_id, self.start, self.end = source_id, code_id, start, end
        self.coder_id = controller.coder_id()
        self.coding_id: int | None = None
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        if self._snapshot is not None:
            self.controller.run(restore_codings, self._snapshot)
            return
        changes = self.controller.run(
            apply_coding, self.source_id, self.code_id, self.start, self.end, self.coder_id
        )
        self.coding_id = changes.created_id

    def undo_it(self) -> None:
        assert self.coding_id is not None
        _changes, self._snapshot = self.controller.run(remove_coding, self.coding_id)


class RemoveCodingCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, coding_id: int, code_name: str) -> None:
        super().__init__(controller, f"Unmark “{code_name}”")
        self.coding_id = coding_id
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        _changes, self._snapshot = self.controller.run(remove_coding, self.coding_id)

    def undo_it(self) -> None:
        assert self._snapshot is not None
        self.controller.run(restore_codings, self._snapshot)


class ResizeCodingCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, coding_id: int, start: int, end: int) -> None:
        super().__init__(controller, "Resize passage")
        self.coding_id, self.start, self.end = coding_id, start, end
        before = controller.read(coding_info, coding_id)
        self.old_start, self.old_end = before.start, before.end

    def do(self) -> None:
        self.controller.run(resize_coding, self.coding_id, self.start, self.end)

    def undo_it(self) -> None:
        self.controller.run(resize_coding, self.coding_id, self.old_start, self.old_end)


class SetExemplarCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, coding_id: int, exemplar: bool) -> None:
        super().__init__(controller, "Flag exemplar" if exemplar else "Unflag exemplar")
        self.coding_id, self.exemplar = coding_id, exemplar

    def do(self) -> None:
        self.controller.run(set_exemplar, self.coding_id, self.exemplar)

    def undo_it(self) -> None:
        self.controller.run(set_exemplar, self.coding_id, not self.exemplar)


class SetCodingMemoCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, coding_id: int, memo: str | None) -> None:
        super().__init__(controller, "Edit passage memo")
        self.coding_id, self.memo = coding_id, memo
        self.old_memo = controller.read(coding_info, coding_id).memo

    def do(self) -> None:
        self.controller.run(set_coding_memo, self.coding_id, self.memo)

    def undo_it(self) -> None:
        self.controller.run(set_coding_memo, self.coding_id, self.old_memo)
