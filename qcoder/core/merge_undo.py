"""Taking a merge back, and doing it again, with the same ids and GUIDs (the window's Undo/Redo).

A merge only adds rows, so undoing it deletes exactly the rows its report lists — after copying
them (and the texts and speaker turns of the sources it added, which go with them) into
snapshots that :func:`redo_merge` inserts again unchanged. Redo does not read the other file
again: it may have changed or gone since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import DeclarativeBase, Session

from qcoder.core.changes import Changes
from qcoder.core.merge_report import MergeReport
from qcoder.core.models import (
    Attribute, AttributeValue, Case, Code, Coder, Coding, Memo, Resolution, SavedQuery, Source, SourceText,
    SourceMedia, SpeakerTurn, case_sources,
)
from qcoder.core.rows import RowSnapshot, restore_all

CHUNK = 10_000

# Parents before children: the order to insert in; deletion runs backwards.
ORDER: tuple[tuple[type[DeclarativeBase], str], ...] = (
    (Coder, "coders"), (Code, "codes"), (Source, "sources"), (Case, "cases"), (Attribute, "attributes"),
    (AttributeValue, "attribute_values"), (Coding, "codings"), (Memo, "memos"), (Resolution, "resolutions"),
    (SavedQuery, "saved_queries"),
)


@dataclass(frozen=True)
class MergedRows:
    """The rows a merge added, as undo removed them."""

    snapshots: tuple[RowSnapshot, ...]
    links: tuple[tuple[int, int], ...]


def _rows(session: Session, model: type[DeclarativeBase], column, ids: Sequence[int]) -> list[DeclarativeBase]:
    found: list[DeclarativeBase] = []
    for start in range(0, len(ids), CHUNK):
        found += session.execute(select(model).where(column.in_(ids[start:start + CHUNK]))).scalars().all()
    return sorted(found, key=lambda row: tuple(getattr(row, key) for key in _key(model)))


def _key(model: type[DeclarativeBase]) -> tuple[str, ...]:
    return ("source_id", "start") if model is SpeakerTurn else ("source_id",) if model in (SourceText, SourceMedia) else ("id",)


def undo_merge(session: Session, report: MergeReport) -> tuple[Changes, MergedRows]:
    """Remove what :func:`qcoder.core.merge.merge_into` added; return it for :func:`redo_merge`."""
    ids = report.added_ids
    snapshots: list[RowSnapshot] = []
    for model, kind in ORDER:
        snapshots.append(RowSnapshot.of(model, _rows(session, model, model.id, ids[kind])))  # type: ignore[attr-defined]  # every model undone here has an id column
        if model is Source:
            snapshots.append(RowSnapshot.of(SourceText, _rows(session, SourceText, SourceText.source_id, ids[kind])))
            snapshots.append(RowSnapshot.of(SpeakerTurn, _rows(session, SpeakerTurn, SpeakerTurn.source_id, ids[kind])))
            snapshots.append(RowSnapshot.of(SourceMedia, _rows(session, SourceMedia, SourceMedia.source_id, ids[kind])))
    for case_id, source_id in report.added_links:
        session.execute(
            delete(case_sources).where((case_sources.c.case_id == case_id) & (case_sources.c.source_id == source_id))
        )
    for model, kind in reversed(ORDER):
        for start in range(0, len(ids[kind]), CHUNK):
            session.execute(delete(model).where(model.id.in_(ids[kind][start:start + CHUNK])))  # type: ignore[attr-defined]  # every model undone here has an id column
    session.expire_all()
    return report.changes(), MergedRows(tuple(snapshots), tuple(report.added_links))


def redo_merge(session: Session, rows: MergedRows, report: MergeReport) -> Changes:
    """Put back what :func:`undo_merge` removed, with the same ids and GUIDs."""
    restore_all(session, rows.snapshots)
    if rows.links:
        session.execute(insert(case_sources), [{"case_id": c, "source_id": s} for c, s in rows.links])
    return report.changes()
