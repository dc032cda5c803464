"""Undoable edits of saved queries: save a new one, change one, delete one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.saved_queries import delete_query, save_query, update_query
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class SaveQueryCommand(EditCommand):
    def __init__(self, controller: ProjectController, name: str, tree: dict[str, Any], description: str = "") -> None:
        super().__init__(controller, f"Save query “{name}”", Edit.of(
            save_query, name, tree, description=description, coder_id=controller.coder_id()
        ))
        self.query_id: int | None = None

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.query_id = changes.created_id


class UpdateQueryCommand(EditCommand):
    def __init__(self, controller: ProjectController, query_id: int, name: str, tree: dict[str, Any], description: str) -> None:
        super().__init__(controller, f"Change query “{name}”", Edit.of(
            update_query, query_id, name=name, expression=tree, description=description
        ))
        self.query_id = query_id


class DeleteQueryCommand(EditCommand):
    def __init__(self, controller: ProjectController, query_id: int, name: str) -> None:
        super().__init__(controller, f"Delete query “{name}”", Edit.of(delete_query, query_id))
        self.query_id = query_id
