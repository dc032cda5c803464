"""What a merge changed, as the window's undo stack plays it (undo as data, :mod:`qcoder.core.edits`)."""

from __future__ import annotations

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.ingest.added import undo_ingest
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.usecases.commands.source_edits import play_source_edits


def merge_changes(report: MergeReport) -> Changes:
    """What a merge changed, stating its inverse (the window's undo): remove exactly the rows it
    added, then take its text edits back, which puts this copy's passages back where they were.
    Redo does not read the other file again: it may have changed or gone since."""
    changes = report.changes()
    undo = Edit.of(undo_ingest, report.added_rows, changes)
    if report.text_undo:
        undo = Edit.sequence([undo, Edit.of(play_source_edits, report.text_undo)])
    return undoable(changes, undo)
