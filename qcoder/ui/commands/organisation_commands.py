"""Undoable edits of organisations: create or update one, and mark a passage as mentioning it."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from qcoder.core.models import Case
from qcoder.core.usecases.case_edits import case_id_of, checked_case_edit
from qcoder.core.usecases.organisation_edits import (
    OrganisationState,
    checked_organisation_state,
    edit_organisation,
    organisation_state,
)
from qcoder.core.usecases.cases import list_cases
from qcoder.core.usecases.organisations import organisation_codes, rename_organisation
from qcoder.ui.commands.base import UseCaseCommand
from qcoder.ui.commands.coding_commands import ApplyCodingCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class _CaseVersions(UseCaseCommand):
    """Tracks the version of the case called ``name`` across an edit, its undo and redo."""

    name: str
    version: int | None

    def expected(self) -> int | None:
        case_id = self.controller.read(case_id_of, self.name)
        return self.version if case_id is None else self.expected_version(Case, case_id, self.version)


class CaseEditCommand(_CaseVersions):
    """Any edit of the case called ``name`` (a use case ``f(session, name, ...)``), made undoable by
    recording the case's rows before and after (``organisation_state``).

    ``seen_version`` is the case's version the editor showed: the edit, its undo and its redo are
    each refused if another coder changed the case in between (:mod:`qcoder.core.versions`).
    """

    def __init__(
        self, controller: ProjectController, name: str, text: str, use_case: Any, *args: Any,
        seen_version: int | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(controller, text)
        self.name = name.strip()
        self.use_case, self.args, self.kwargs = use_case, args, kwargs
        self.version = seen_version
        self.before: OrganisationState | None = None
        self.after: OrganisationState | None = None

    def do(self) -> None:
        if self.after is not None:
            _changes, self.version = self.controller.run(checked_organisation_state, self.after, self.expected())
            return
        self.before = self.controller.read(organisation_state, self.name)
        _changes, self.version = self.controller.run(
            checked_case_edit, self.name, self.expected(), self.use_case, *self.args, **self.kwargs
        )
        self.after = self.controller.read(organisation_state, self.name)

    def undo_it(self) -> None:
        assert self.before is not None
        _changes, self.version = self.controller.run(checked_organisation_state, self.before, self.expected())


class RenameCaseCommand(UseCaseCommand):
    """Rename a case and, if it is an organisation, its mention code with it."""

    def __init__(
        self, controller: ProjectController, case_id: int, old: str, new: str, seen_version: int | None = None
    ) -> None:
        super().__init__(controller, f"Rename “{old}” to “{new.strip()}”")
        self.case_id, self.old, self.new = case_id, old, new.strip()
        self.version = seen_version
        """The case's version the editor showed, then after each run; refused if another's came first."""

    def _rename(self, name: str) -> None:
        expected = self.expected_version(Case, self.case_id, self.version)
        self.controller.run(rename_organisation, self.case_id, name, seen_version=expected)
        if expected is None:
            self.version = next(c.version for c in self.controller.read(list_cases) if c.id == self.case_id)
        else:
            self.version = expected + 1

    def do(self) -> None:
        self._rename(self.new)

    def undo_it(self) -> None:
        self._rename(self.old)


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

    def do(self) -> None:
        super().do()
        self.code_id = self.controller.read(organisation_codes).get(self.name)


def mention_organisation(controller: ProjectController, source_id: int, start: int, end: int, name: str) -> int:
    """Code ``[start, end)`` as mentioning organisation ``name`` (created if new): one undo step.

    Returns the mention code's id.
    """
    name = name.strip()
    stack = controller.undo_stack
    stack.beginMacro(f"Mention “{name}”")
    try:
        ensure = EditOrganisationCommand(controller, name)
        controller.push(ensure)
        assert ensure.code_id is not None
        controller.push(ApplyCodingCommand(controller, source_id, ensure.code_id, start, end, name))
    finally:
        stack.endMacro()
    return ensure.code_id
