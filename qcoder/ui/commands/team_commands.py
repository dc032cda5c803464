"""Undoable team edits: merging another project file in, and resolving a disagreement."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.merge_files import merge_path_into
from qcoder.core.merge_report import MergeReport
from qcoder.core.merge_undo import MergedRows, redo_merge, undo_merge
from qcoder.core.usecases.resolutions import ResolutionUndo, resolve_disagreement, undo_resolution
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController

ACTION_TEXTS = {"accept": "Accept {coder}'s version", "keep": "Keep both versions", "remove": "Remove every version"}


class MergeCommand(UseCaseCommand):
    """Merge ``other`` in; undo removes exactly what the merge added (it only ever adds), redo
    puts the same rows back without reading ``other`` again. ``applied``: the answer of
    :func:`merge_path_into` when it has already run (off the GUI thread): the first ``redo`` then
    only announces it."""

    def __init__(
        self, controller: ProjectController, other: Path, *, applied: tuple[Changes, MergeReport] | None = None,
    ) -> None:
        super().__init__(controller, f"Merge {Path(other).name}")
        self.other = Path(other)
        self.report: MergeReport | None = None
        self._rows: MergedRows | None = None
        self._applied = applied

    def do(self) -> None:
        if self._rows is not None and self.report is not None:
            self.controller.run(redo_merge, self._rows, self.report)
            return
        if self._applied is not None:
            (changes, self.report), self._applied = self._applied, None
            self.controller.announce(changes)
            return
        _changes, self.report = self.controller.run(merge_path_into, self.other)

    def undo_it(self) -> None:
        assert self.report is not None
        _changes, self._rows = self.controller.run(undo_merge, self.report)


class ResolveDisagreementCommand(UseCaseCommand):
    """Resolve one passage (accept one coder's version, keep both, or remove all), recorded."""

    def __init__(
        self, controller: ProjectController, source_id: int, code_id: int, start: int, end: int,
        coder_ids: tuple[int, ...], action: str, *, accepted_coder_id: int | None = None,
        accepted_name: str = "", note: str = "",
    ) -> None:
        super().__init__(controller, ACTION_TEXTS[action].format(coder=accepted_name))
        self.source_id, self.code_id, self.start, self.end = source_id, code_id, start, end
        self.coder_ids, self.action, self.accepted_coder_id, self.note = coder_ids, action, accepted_coder_id, note
        self.resolver_id = controller.coder_id()
        self._undo: ResolutionUndo | None = None

    def do(self) -> None:
        _changes, self._undo = self.controller.run(
            resolve_disagreement, self.source_id, self.code_id, self.start, self.end, self.coder_ids,
            self.action, resolved_by_id=self.resolver_id, accepted_coder_id=self.accepted_coder_id,
            note=self.note,
        )

    def undo_it(self) -> None:
        assert self._undo is not None
        self.controller.run(undo_resolution, self._undo)
