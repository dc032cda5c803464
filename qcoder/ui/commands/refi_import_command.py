"""A REFI-QDA import as one undoable step.

The import runs and commits off the GUI thread; this command is pushed afterwards with what the
import added (GUIDs, value keys, case links), so its first redo only announces the changes.
Undo removes exactly those rows (the ingest engine's :func:`~qcoder.core.ingest.added.undo_ingest`,
stated as the import's inverse); redo puts them back (same ids, GUIDs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.ingest.added import AddedRows, ingested
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class RefiImportCommand(EditCommand):
    def __init__(self, controller: ProjectController, file_name: str, added: AddedRows) -> None:
        super().__init__(controller, f"Import {file_name}", done=controller.read(ingested, added))
        self.added = added
