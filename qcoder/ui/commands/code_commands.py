"""Undoable edits of the code tree: add, rename, recolour, describe, move, merge, delete."""

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


class RenameCodeCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, code_id: int, name: str) -> None:
        old = controller.read(_code_fields, code_id)[0]
        super().__init__(controller, f"Rename “{old}” to “{name}”")
        self.code_id, self.name, self.old_name = code_id, name, old

    def do(self) -> None:
        self.controller.run(rename_code_and_its_case, self.code_id, self.name)

    def undo_it(self) -> None:
        self.controller.run(rename_code_and_its_case, self.code_id, self.old_name)


class RecolourCodeCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, code_id: int, colour: str) -> None:
        name, old, *_ = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Recolour “{name}”")
        self.code_id, self.colour, self.old_colour = code_id, colour, old

    def do(self) -> None:
        self.controller.run(recolour_code, self.code_id, self.colour)

    def undo_it(self) -> None:
        self.controller.run(recolour_code, self.code_id, self.old_colour)


class DescribeCodeCommand(UseCaseCommand):
    def __init__(self, controller: ProjectController, code_id: int, description: str) -> None:
        name, _colour, old, *_ = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Edit definition of “{name}”")
        self.code_id, self.description, self.old = code_id, description, old

    def do(self) -> None:
        self.controller.run(describe_code, self.code_id, self.description)

    def undo_it(self) -> None:
        self.controller.run(describe_code, self.code_id, self.old)


class MoveCodeCommand(UseCaseCommand):
    def __init__(
        self, controller: ProjectController, code_id: int, parent_id: int | None, position: int | None
    ) -> None:
        name, _colour, _description, old_parent, old_position = controller.read(_code_fields, code_id)
        super().__init__(controller, f"Move “{name}”")
        self.code_id, self.parent_id, self.position = code_id, parent_id, position
        self.old_parent, self.old_position = old_parent, old_position

    def do(self) -> None:
        self.controller.run(move_code, self.code_id, self.parent_id, self.position)

    def undo_it(self) -> None:
        self.controller.run(move_code, self.code_id, self.old_parent, self.old_position)


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
