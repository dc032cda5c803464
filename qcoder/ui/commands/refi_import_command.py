"""A REFI-QDA import as one undoable step.

The import runs and commits off the GUI thread; this command is pushed afterwards with what the
import added (GUIDs, value keys, case links), so its first redo only announces the changes.
Undo removes exactly those rows with a snapshot; redo restores the snapshot (same ids, GUIDs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.io.refi_qda.undo import ImportedRows, RemovedRows, imported_changes, remove_imported, restore_imported
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class RefiImportCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, file_name: str, added: ImportedRows) -> None:
        super().__init__(controller, f"Import {file_name}")
        self.added = added
        self._removed: RemovedRows | None = None

    def do(self) -> None:
        if self._removed is None:  # the worker has stored it already
            changes = self.controller.read(imported_changes, self.added)
            if not changes.empty:
                self.controller.changed.emit(changes)
            return
        self.controller.run(restore_imported, self._removed)

    def undo_it(self) -> None:
        _changes, self._removed = self.controller.run(remove_imported, self.added)
