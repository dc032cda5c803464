"""Undoing an import: the ingest engine's undo (:mod:`qcoder.core.ingest.added`) — remove exactly
the rows the import added (by GUID, value key and link), keeping a snapshot so that redo puts them
back with the same ids and GUIDs (no re-reading of the file). Rows that were already in the
project and merely matched are never touched.

The names here are the ones the window's import command has always used.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.ingest.added import AddedRows, RemovedRows, added_changes, remove_added, restore_removed
from qcoder.io.refi_qda.report import ImportReport

__all__ = ["ImportedRows", "RemovedRows", "imported_changes", "remove_imported", "restore_imported"]


class ImportedRows(AddedRows):
    """What an import added, as plain values a ``QUndoCommand`` can hold."""

    @classmethod
    def of(cls, report: ImportReport) -> ImportedRows:
        return cls(
            tuple((table, tuple(guids)) for table, guids in report.added_guids.items()),
            tuple(report.added_values), tuple(report.added_links),
        )


def remove_imported(session: Session, added: AddedRows) -> tuple[Changes, RemovedRows]:
    """Delete what the import added; the snapshot restores it (parents before children)."""
    return remove_added(session, added)


def restore_imported(session: Session, removed: RemovedRows) -> Changes:
    return restore_removed(session, removed)


def imported_changes(session: Session, added: AddedRows) -> Changes:
    """The :class:`Changes` of an import just stored (so that views refresh what it added)."""
    return added_changes(session, added)
