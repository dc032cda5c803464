"""Undoable edits of saved queries: save a new one, change one, delete one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qcoder.core.rows import RowSnapshot
from qcoder.core.usecases.saved_queries import delete_query, restore_query, save_query, saved_query, update_query
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class SaveQueryCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, name: str, tree: dict[str, Any], description: str = "") -> None:
        super().__init__(controller, f"Save query “{name}”")
        self.name, self.tree, self.description = name, tree, description
        self.query_id: int | None = None
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        if self._snapshot is not None:
            self.controller.run(restore_query, self._snapshot)
            return
        self.query_id = self.controller.run(
            save_query, self.name, self.tree, description=self.description, coder_id=self.controller.coder_id()
        ).created_id

    def undo_it(self) -> None:
        assert self.query_id is not None
        _changes, self._snapshot = self.controller.run(delete_query, self.query_id)


class UpdateQueryCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, query_id: int, name: str, tree: dict[str, Any], description: str) -> None:
        super().__init__(controller, f"Change query “{name}”")
        self.query_id, self.new = query_id, (name, tree, description)
        before = controller.read(saved_query, query_id)
        self.old = (before.name, before.expression, before.description)

    def _set(self, values: tuple[str, dict[str, Any], str]) -> None:
        name, tree, description = values
        self.controller.run(update_query, self.query_id, name=name, expression=tree, description=description)

    def do(self) -> None:
        self._set(self.new)

    def undo_it(self) -> None:
        self._set(self.old)


class DeleteQueryCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, query_id: int, name: str) -> None:
        super().__init__(controller, f"Delete query “{name}”")
        self.query_id = query_id
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        _changes, self._snapshot = self.controller.run(delete_query, self.query_id)

    def undo_it(self) -> None:
        assert self._snapshot is not None
        self.controller.run(restore_query, self._snapshot)
