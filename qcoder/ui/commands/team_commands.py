"""Undoable team edits: merging another project file in, and resolving a disagreement."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.app.merging import ProjectMerge
from qcoder.core.edits import Edit
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.usecases.commands.resolutions import resolve_disagreement
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController

ACTION_TEXTS = {"accept": "Accept {coder}'s version", "keep": "Keep both versions", "remove": "Remove every version"}


class MergeCommand(EditCommand):
    """A merge of ``other`` that the merge service has run (off the GUI thread, after its backup):
    the first redo only announces it; undo removes exactly what the merge added (it only ever
    adds), redo puts the same rows back without reading ``other`` again."""

    def __init__(self, controller: ProjectController, other: Path, merged: ProjectMerge) -> None:
        super().__init__(controller, f"Merge {Path(other).name}", done=merged.changes)
        self.other = Path(other)
        self.report: MergeReport = merged.report
        self.backup: Path | None = merged.backup


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
