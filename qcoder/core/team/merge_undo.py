"""Taking a merge back, and doing it again, with the same ids and GUIDs (the window's Undo/Redo).

A merge only adds rows, so undoing it is the ingest engine's undo (:mod:`qcoder.core.ingest.added`):
it deletes exactly the rows the report names — after copying them (and the texts, speaker turns
and recordings of the sources it added, which go with them) into snapshots that
:func:`redo_merge` inserts again unchanged. Redo does not read the other file again: it may have
changed or gone since.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.ingest.added import RemovedRows, remove_added, restore_removed
from qcoder.core.team.merge_report import MergeReport

MergedRows = RemovedRows
"""The rows a merge added, as undo removed them."""


def undo_merge(session: Session, report: MergeReport) -> tuple[Changes, MergedRows]:
    """Remove what :func:`qcoder.core.team.merge.merge_into` added; return it for :func:`redo_merge`."""
    _changes, removed = remove_added(session, report.added_rows)
    return report.changes(), removed


def redo_merge(session: Session, rows: MergedRows, report: MergeReport) -> Changes:
    """Put back what :func:`undo_merge` removed, with the same ids and GUIDs."""
    restore_removed(session, rows)
    return report.changes()
