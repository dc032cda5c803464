"""Undoable team edits: merging another project file in, and resolving a disagreement."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.app.merging import ProjectMerge, merge_into_project
from qcoder.core.edits import Edit
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.team.merge_undo import MergedRows, redo_merge, undo_merge
from qcoder.core.usecases.commands.resolutions import resolve_disagreement
from qcoder.ui.commands.base import UseCaseCommand
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController

ACTION_TEXTS = {"accept": "Accept {coder}'s version", "keep": "Keep both versions", "remove": "Remove every version"}


class MergeCommand(UseCaseCommand):
    """Merge ``other`` in (the merge service: the backup, then the merge); undo removes exactly
    what the merge added (it only ever adds), redo puts the same rows back without reading
    ``other`` again. ``applied``: the service's answer when the merge has already run (off the
    GUI thread): the first ``redo`` then only announces it."""

    def __init__(
        self, controller: ProjectController, other: Path, *, applied: ProjectMerge | None = None,
    ) -> None:
        super().__init__(controller, f"Merge {Path(other).name}")
        self.other = Path(other)
        self.report: MergeReport | None = None
        self.backup: Path | None = None
        self._rows: MergedRows | None = None
        self._applied = applied

    def do(self) -> None:
        if self._rows is not None and self.report is not None:
            self.controller.run(redo_merge, self._rows, self.report)
            return
        merged, self._applied = self._applied, None
        if merged is None:
            assert self.controller.project is not None
            merged = merge_into_project(self.controller.project, self.other)
        self.report, self.backup = merged.report, merged.backup
        if not merged.changes.empty:
            self.controller.announce(merged.changes)

    def undo_it(self) -> None:
        assert self.report is not None
        _changes, self._rows = self.controller.run(undo_merge, self.report)


class ResolveDisagreementCommand(EditCommand):
    """Resolve one passage (accept one coder's version, keep both, or remove all), recorded."""

    def __init__(
        self, controller: ProjectController, source_id: int, code_id: int, start: int, end: int,
        coder_ids: tuple[int, ...], action: str, *, accepted_coder_id: int | None = None,
        accepted_name: str = "", note: str = "",
    ) -> None:
        self.source_id, self.code_id, self.start, self.end = source_id, code_id, start, end
        self.coder_ids, self.action, self.accepted_coder_id, self.note = coder_ids, action, accepted_coder_id, note
        self.resolver_id = controller.coder_id()
        super().__init__(controller, ACTION_TEXTS[action].format(coder=accepted_name), Edit.of(
            resolve_disagreement, source_id, code_id, start, end, coder_ids, action,
            resolved_by_id=self.resolver_id, accepted_coder_id=accepted_coder_id, note=note,
        ))
