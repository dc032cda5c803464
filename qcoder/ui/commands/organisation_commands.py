"""Undoable edits of organisations: create or update one, and mark a passage as mentioning it."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen
from qcoder.core.usecases.commands.organisation_edits import edit_named_case, edit_organisation
from qcoder.core.usecases.commands.organisations import rename_organisation
from qcoder.core.usecases.queries.organisations import organisation_codes
from qcoder.ui.commands.coding_commands import ApplyCodingCommand
from qcoder.ui.commands.edit_command import EditCommand, EditGroup

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class CaseEditCommand(EditCommand):
    """Any edit of the case called ``name`` (a use case ``f(session, name, ...)``), made undoable by
    the case's rows before it (:func:`~qcoder.core.usecases.commands.organisation_edits.edit_named_case`).

    ``seen_version`` is the case's version the editor showed: the edit, its undo and its redo are
    each refused if another coder changed the case in between (:mod:`qcoder.core.store.versions`).
    """

    def __init__(
        self, controller: ProjectController, name: str, text: str, use_case: Any, *args: Any,
        seen_version: int | None = None, **kwargs: Any,
    ) -> None:
        self.name = name.strip()
        super().__init__(controller, text, Edit.of(
            edit_named_case, self.name, use_case, *args, seen=Seen("cases", None, seen_version, self.name), **kwargs
        ))


class RenameCaseCommand(EditCommand):
    """Rename a case and, if it is an organisation, its mention code with it."""

    def __init__(
        self, controller: ProjectController, case_id: int, old: str, new: str, seen_version: int | None = None
    ) -> None:
        super().__init__(controller, f"Rename “{old}” to “{new.strip()}”", Edit.of(
            rename_organisation, case_id, new.strip(), seen=Seen("cases", case_id, seen_version)
        ))
        self.case_id, self.old, self.new = case_id, old, new.strip()


class EditOrganisationCommand(CaseEditCommand):
    """Create or update an organisation (case, mention code, attributes, linked sources).

    Undo puts back exactly what was there before (or removes what the edit created); redo puts
    back what the edit made, with the same ids. ``code_id`` is the organisation's mention code.
    """

    def __init__(
        self, controller: ProjectController, name: str, *, source_ids: Collection[int] | None = None,
        seen_version: int | None = None, **values: Any,
    ) -> None:
        super().__init__(
            controller, name, f"Organisation “{name.strip()}”", edit_organisation,
            source_ids=None if source_ids is None else tuple(source_ids), seen_version=seen_version, **values,
        )
        self.code_id: int | None = None

    def played(self, changes: Changes, first: bool) -> None:
        self.code_id = self.controller.read(organisation_codes).get(self.name)


def mention_organisation(controller: ProjectController, source_id: int, start: int, end: int, name: str) -> int:
    """Code ``[start, end)`` as mentioning organisation ``name`` (created if new): one undo step.

    Returns the mention code's id.
    """
    name = name.strip()
    group = EditGroup(controller, f"Mention “{name}”")
    ensure = group.run(EditOrganisationCommand(controller, name))
    assert isinstance(ensure, EditOrganisationCommand) and ensure.code_id is not None
    group.run(ApplyCodingCommand(controller, source_id, ensure.code_id, start, end, name))
    controller.push(group)
    return ensure.code_id
