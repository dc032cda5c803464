"""Deleting a source or a case, undoably: everything that goes with it comes back on restore.

A source takes its text, speaker turns, codings, memos, attribute values, case links (and any
row of a later table that cascades from it) with it; a case takes its links, memos and
attribute values, never its sources. Both return a :class:`CascadeSnapshot` that
:func:`restore_deleted` puts back with the same ids and GUIDs.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import NotFoundError
from qcoder.core.store.cascade import CascadeSnapshot, delete_with_snapshot
from qcoder.core.store.models import Case, Source


def delete_source(session: Session, source_id: int) -> tuple[Changes, CascadeSnapshot]:
    """Delete a source and everything of it; return what changed and a snapshot for undo."""
    if session.get(Source, source_id) is None:
        raise NotFoundError(f"no source with id {source_id}")
    snapshot = delete_with_snapshot(session, Source.__table__, [(source_id,)])
    return _changes(snapshot), snapshot


def delete_case(session: Session, case_id: int) -> tuple[Changes, CascadeSnapshot]:
    """Delete a case (an organisation, a person) with its links, memos and values; sources stay."""
    if session.get(Case, case_id) is None:
        raise NotFoundError(f"no case with id {case_id}")
    snapshot = delete_with_snapshot(session, Case.__table__, [(case_id,)])
    return _changes(snapshot), snapshot


def restore_deleted(session: Session, snapshot: CascadeSnapshot) -> Changes:
    """Undo :func:`delete_source` or :func:`delete_case` exactly."""
    snapshot.restore(session)
    return _changes(snapshot)


def _changes(snapshot: CascadeSnapshot) -> Changes:
    return Changes(
        sources=snapshot.ids("sources") | snapshot.column_values("case_sources", "source_id"),
        cases=snapshot.ids("cases") | snapshot.column_values("case_sources", "case_id"),
        codings=snapshot.ids("codings"),
        codes=snapshot.column_values("codings", "code_id"),
        memos=snapshot.ids("memos"),
        attributes=snapshot.column_values("attribute_values", "attribute_id"),
    )
