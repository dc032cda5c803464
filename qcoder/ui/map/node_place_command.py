"""Undoable drag of a map node: the place it was dropped at, kept with the study (one per drag).

A node's place is a study setting ``map.place.<layout>.<organisation>`` = ``a,b`` (see
:data:`PLACE_SETTING`); undo puts back the setting the drag replaced (none: the node goes back to
its organisation's own position or the force layout's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.study_settings import set_study_settings
from qcoder.core.usecases.queries.study_settings import PLACE_SETTING
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class NodePlaceCommand(EditCommand):
    def __init__(
        self, controller: ProjectController, organisation: str, key: str, after: str, placed: Callable[[], None],
    ) -> None:
        super().__init__(controller, f"Move “{organisation}” on the map", Edit.of(set_study_settings, {key: after}))
        self.key, self.after = key, after
        self.placed = placed
        """Called after each do and undo: the map shows the node where the setting now puts it."""

    @classmethod
    def for_drag(
        cls, controller: ProjectController, layout: str, organisation: str, place: tuple[float, float],
        placed: Callable[[], None],
    ) -> NodePlaceCommand:
        """The command for a node of ``layout`` dropped at ``place`` (undo: what was kept before)."""
        return cls(controller, organisation, f"{PLACE_SETTING}{layout}.{organisation}", f"{place[0]},{place[1]}", placed)

    def played(self, changes: Changes, first: bool) -> None:
        self.placed()

    def undo(self) -> None:
        super().undo()
        self.placed()
