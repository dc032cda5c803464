"""Undoable edits of the code tree: add, rename, recolour, describe, move, merge, delete.

Rename, recolour, describe and move name the code's version that the editor showed
(``seen_version``, else the one read when the command is made); an edit, its undo and its redo
are each refused with :class:`EditConflictError` if another coder changed the code in between
(:mod:`qcoder.core.versions`), so nobody's change is overwritten unseen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.models import Code
from qcoder.core.usecases.codes import (
    DeletedCodes,
    MergedCodes,
    add_code,
    delete_code,
    describe_code,
    merge_codes_recorded,
    move_code,
    recolour_code,
    restore_codes,
    unmerge_codes,
)
from qcoder.core.usecases.organisations import rename_code_and_its_case
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qcoder.ui.project_controller import ProjectController


def _code_fields(session: Session, code_id: int) -> tuple[str, str, str, int | None, int]:
    code = session.get(Code, code_id)
    assert code is not None
    return code.name, code.colour, code.description, code.parent_id, code.position


def _code_version(session: Session, code_id: int) -> int:
    code = session.get(Code, code_id)
    assert code is not None
    return code.version


class VersionedCodeCommand(UseCaseCommand):
    """An edit of one code's own fields that checks the code's version each way."""

    def __init__(self, controller: ProjectController, text: str, code_id: int, seen_version: int | None) -> None:
        super().__init__(controller, text)
        self.code_id = code_id
        self.version = seen_version if seen_version is not None else controller.read(_code_version, code_id)

    def edit(self, use_case: object, *args: object) -> None:
        """Run ``use_case(code_id, *args, seen_version=...)``; the code is then one version on.

        Versions made by this window's own later edits (undone or not) do not count as conflicts.
        """
        expected = self.expected_version(Code, self.code_id, self.version)
        assert expected is not None
        self.controller.run(use_case, self.code_id, *args, seen_version=expected)  # type: ignore[arg-type]  # use_case is a code use case taking seen_version
        self.version = expected + 1


class AddCodeCommand(UseCaseCommand):
    """Add a code; undo deletes it, redo restores it with the same id and GUID."""

    def __init__(
        self, controller: ProjectController, name: str, parent_id: int | None,
        colour: str | None = None, description: str = "", codable: bool = True,
    ) -> None:
        super().__init__(controller, f"New code “{name}”")
        self.name, self.parent_id, self.colour = name, parent_id, colour
        self.description, self.codable = description, codable
        self.code_id: int | None = None
        self._deleted: DeletedCodes | None = None

    def do(self) -> None:
        if self._deleted is not None:
            self.controller.run(restore_codes, self._deleted)
            return
        changes = self.controller.run(
            add_code, self.name, parent_id=self.parent_id, colour=self.colour,
            description=self.description, codable=self.codable,
        )
        self.code_id = changes.created_id

    def undo_it(self) -> None:
        assert self.code_id is not None
        _changes, self._deleted = self.controller.run(delete_code, self.code_id)


class RenameCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, name: str, seen_version: int | None = None
    ) -> None:
        old = controller.read(_code_fields, code_id)[0]
        super().__init__(controller, f"Rename “{old}” to “{name}”", code_id, seen_version)
        self.name, self.old_name = name, old

    def do(self) -> None:
        self.edit(rename_code_and_its_case, self.name)

    def undo_it(self) -> None:
        self.edit(rename_code_and_its_case, self.old_name)


class RecolourCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, colour: str, seen_version: int | None = None
    ) -> None:
        name, old, *_ = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Recolour “{name}”", code_id, seen_version)
        self.colour, self.old_colour = colour, old

    def do(self) -> None:
        self.edit(recolour_code, self.colour)

    def undo_it(self) -> None:
        self.edit(recolour_code, self.old_colour)


class DescribeCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, description: str, seen_version: int | None = None
    ) -> None:
        name, _colour, old, *_ = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Edit definition of “{name}”", code_id, seen_version)
        self.description, self.old = description, old

    def do(self) -> None:
        self.edit(describe_code, self.description)

    def undo_it(self) -> None:
        self.edit(describe_code, self.old)


class MoveCodeCommand(VersionedCodeCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, parent_id: int | None, position: int | None,
        seen_version: int | None = None,
    ) -> None:
        name, _colour, _description, old_parent, old_position = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Move “{name}”", code_id, seen_version)
        self.parent_id, self.position = parent_id, position
        self.old_parent, self.old_position = old_parent, old_position

    def do(self) -> None:
        self.edit(move_code, self.parent_id, self.position)

    def undo_it(self) -> None:
        self.edit(move_code, self.old_parent, self.old_position)


class MergeCodesCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, source_id: int, target_id: int) -> None:
        source = controller.read(_code_fields, source_id)[0]
        target = controller.read(_code_fields, target_id)[0]
        super().__init__(controller, f"Merge “{source}” into “{target}”")
        self.source_id, self.target_id = source_id, target_id
        self._record: MergedCodes | None = None

    def do(self) -> None:
        _changes, self._record = self.controller.run(merge_codes_recorded, self.source_id, self.target_id)

    def undo_it(self) -> None:
        assert self._record is not None
        self.controller.run(unmerge_codes, self._record)


class DeleteCodeCommand(UseCaseCommand):
    """Delete a code with its children and codings; undo restores them with the same ids."""

    def __init__(self, controller: ProjectController, code_id: int) -> None:
        name = controller.read(_code_fields, code_id)[0]
        super().__init__(controller, f"Delete code “{name}”")
        self.code_id = code_id
        self._deleted: DeletedCodes | None = None

    def do(self) -> None:
        _changes, self._deleted = self.controller.run(delete_code, self.code_id)

    def undo_it(self) -> None:
        assert self._deleted is not None
        self.controller.run(restore_codes, self._deleted)
