"""Undoable edits of the code tree: add, rename, recolour, describe, move, merge, delete.

Rename, recolour, describe and move name the code's version that the editor showed
(``seen_version``, else the one read when the command is made); an edit, its undo and its redo
are each refused with :class:`EditConflictError` if another coder changed the code in between
(:mod:`qcoder.core.store.versions`), so nobody's change is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.commands.codes import add_code, describe_code, merge_codes, move_code, recolour_code
from qcoder.core.usecases.commands.organisations import rename_code_and_its_case
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.code_tree import code_info
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class AddCodeCommand(EditCommand):
    """Add a code; undo deletes it, redo restores it with the same id and GUID."""

    def __init__(
        self, controller: ProjectController, name: str, parent_id: int | None,
        colour: str | None = None, description: str = "", codable: bool = True,
    ) -> None:
        super().__init__(
            controller, f"New code “{name}”",
            Edit.of(add_code, name, parent_id=parent_id, colour=colour, description=description, codable=codable),
        )
        self.name, self.parent_id = name, parent_id
        self.code_id: int | None = None

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.code_id = changes.created_id


class VersionedCodeCommand(EditCommand):
    """An edit ``use_case(code_id, *args, seen_version=…)`` of one code's own fields."""

    def __init__(
        self, controller: ProjectController, text: Callable[[CodeInfo], str], code_id: int,
        seen_version: int | None, use_case: Callable[..., Changes], *args: Any,
    ) -> None:
        code = controller.read(code_info, code_id)
        version = seen_version if seen_version is not None else code.version
        super().__init__(controller, text(code), Edit.of(use_case, code_id, *args, seen=Seen("codes", code_id, version)))
        self.code_id = code_id


class RenameCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, name: str, seen_version: int | None = None
    ) -> None:
        super().__init__(controller, lambda code: f"Rename “{code.name}” to “{name}”", code_id, seen_version,
                         rename_code_and_its_case, name)


class RecolourCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, colour: str, seen_version: int | None = None
    ) -> None:
        super().__init__(controller, lambda code: f"Recolour “{code.name}”", code_id, seen_version,
                         recolour_code, colour)


class DescribeCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, description: str, seen_version: int | None = None
    ) -> None:
        super().__init__(controller, lambda code: f"Edit definition of “{code.name}”", code_id, seen_version,
                         describe_code, description)


class MoveCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, parent_id: int | None, position: int | None,
        seen_version: int | None = None,
    ) -> None:
        super().__init__(controller, lambda code: f"Move “{code.name}”", code_id, seen_version,
                         move_code, parent_id, position)


class MergeCodesCommand(EditCommand):
    def __init__(self, controller: ProjectController, source_id: int, target_id: int) -> None:
        source = controller.read(code_info, source_id).name
        target = controller.read(code_info, target_id).name
        super().__init__(controller, f"Merge “{source}” into “{target}”", Edit.of(merge_codes, source_id, target_id))
        self.source_id, self.target_id = source_id, target_id


class DeleteCodeCommand(EditCommand):
    """Delete a code with its children and codings; undo restores them with the same ids."""

    def __init__(self, controller: ProjectController, code_id: int) -> None:
        name = controller.read(code_info, code_id).name
        super().__init__(controller, f"Delete code “{name}”", Edit.of(remove_rows, RowKeys.ids("codes", [code_id])))
        self.code_id = code_id
