"""Taking a merge back, and doing it again, with the same ids and GUIDs (the window's Undo/Redo).

A merge adds rows, so undoing it is the ingest engine's undo (:mod:`qcoder.core.ingest.added`):
it deletes exactly the rows the report names — after copying them (and the texts, speaker turns
and recordings of the sources it added, which go with them) into snapshots that
:func:`redo_merge` inserts again unchanged. A merge that brought texts up to the other copy's
edits also edited them: undo then applies the edits' inverse (after removing the rows placed on
the edited texts), which puts this copy's passages back; redo edits again. Redo does not read
the other file again: it may have changed or gone since.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.ingest.added import RemovedRows, remove_added, restore_removed
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.usecases.commands.source_edits import apply_source_edits
from qcoder.core.usecases.queries.source_edits import SourceEdit


@dataclass(frozen=True)
class MergedRows:
    """What :func:`undo_merge` took back: the rows the merge added, and the edits that redo its
    text edits."""

    rows: RemovedRows
    text_redo: tuple[SourceEdit, ...] = ()


def undo_merge(session: Session, report: MergeReport) -> tuple[Changes, MergedRows]:
    """Remove what :func:`qcoder.core.team.merge.merge_into` added; return it for :func:`redo_merge`."""
    _changes, removed = remove_added(session, report.added_rows)
    if not report.text_undo:
        return report.changes(), MergedRows(removed)
    undone = apply_source_edits(session, report.text_undo)
    return report.changes().merged(undone.changes), MergedRows(removed, undone.inverse)


def redo_merge(session: Session, rows: MergedRows, report: MergeReport) -> Changes:
    """Put back what :func:`undo_merge` removed, with the same ids and GUIDs."""
    changes = report.changes()
    if rows.text_redo:
        redone = apply_source_edits(session, rows.text_redo)
        report.text_undo = redone.inverse
        changes = changes.merged(redone.changes)
    restore_removed(session, rows.rows)
    return changes
