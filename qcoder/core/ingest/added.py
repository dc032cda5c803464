"""What an ingest added — by GUID, value key and case link — and taking it back or putting it back.

An ingest (a merge, a REFI-QDA import) only adds rows, so undoing it removes exactly the rows
:class:`AddedRows` names, after copying them (and the texts, turns and recordings of the sources
it added) into a :class:`~qcoder.core.row_set.RowSet` (the one row snapshot); redo inserts them
again with the same ids and GUIDs, without
reading the other file again (it may have changed or gone). Rows that were already here and were
merely matched are never touched. As undo as data (:mod:`qcoder.core.edits`): an ingest states
:func:`undo_ingest` as its inverse, whose inverse is :func:`redo_ingest`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import DeclarativeBase, Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.row_set import RowSet, key_matches
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Base,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    Resolution,
    SavedQuery,
    Source,
    SourceEdit,
    SourceMedia,
    SourceText,
    SpeakerTurn,
    case_sources,
)

CHUNK = 5000
BY_GUID: tuple[tuple[str, type[DeclarativeBase]], ...] = (
    ("coders", Coder), ("codes", Code), ("cases", Case), ("attributes", Attribute), ("sources", Source),
)
"""The tables whose added rows are named by GUID, parents before children."""
LATER_BY_GUID: tuple[tuple[str, type[DeclarativeBase]], ...] = (
    ("codings", Coding), ("memos", Memo), ("resolutions", Resolution), ("saved_queries", SavedQuery),
)


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for index in range(0, len(values), size):
        yield values[index:index + size]


@dataclass(frozen=True)
class AddedRows:
    """What an ingest added, as plain values a ``QUndoCommand`` can hold."""

    guids: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(table, GUIDs) for coders, codes, cases, attributes, sources, codings, memos, …"""
    values: tuple[tuple[int, int | None, int | None], ...] = ()
    """(attribute id, case id, source id) of the attribute values added."""
    links: tuple[tuple[int, int], ...] = ()
    """(case id, source id) of the case links added."""

    def table(self, name: str) -> tuple[str, ...]:
        return dict(self.guids).get(name, ())

    @property
    def empty(self) -> bool:
        return not (any(guids for _, guids in self.guids) or self.values or self.links)


@dataclass(frozen=True)
class RemovedRows:
    """The rows an undo removed (the one row snapshot, :class:`RowSet`), to insert again."""

    rows: RowSet
    links: tuple[tuple[int, int], ...]


def _rows(session: Session, model, column, keys: Sequence) -> list:
    found: list = []
    for chunk in _chunks(list(keys)):
        found += session.execute(select(model).where(column.in_(chunk))).scalars().all()
    return found


def remove_added(session: Session, added: AddedRows) -> tuple[Changes, RemovedRows]:
    """Delete what the ingest added; the snapshot restores it (parents before children)."""
    objects = {name: _rows(session, model, model.guid, added.table(name))  # type: ignore[attr-defined]
               for name, model in BY_GUID + LATER_BY_GUID}
    for rows in objects.values():
        rows.sort(key=lambda row: row.id)  # a parent code was added before its children
    source_ids = [source.id for source in objects["sources"]]
    texts = _rows(session, SourceText, SourceText.source_id, source_ids)
    turns = _rows(session, SpeakerTurn, SpeakerTurn.source_id, source_ids)
    recordings = _rows(session, SourceMedia, SourceMedia.source_id, source_ids)
    edits = _rows(session, SourceEdit, SourceEdit.source_id, source_ids)  # a merged source's history
    values = _rows(  # NULL never equals NULL in a row value, so cases and sources go apart
        session, AttributeValue, tuple_(AttributeValue.attribute_id, AttributeValue.case_id),
        [(a, c) for a, c, _ in added.values if c is not None],
    ) + _rows(
        session, AttributeValue, tuple_(AttributeValue.attribute_id, AttributeValue.source_id),
        [(a, s) for a, _, s in added.values if s is not None],
    )
    removed_rows = RowSet(())
    for model, found in (
        (Coder, objects["coders"]), (Code, objects["codes"]), (Case, objects["cases"]),
        (Attribute, objects["attributes"]), (Source, objects["sources"]), (SourceText, texts),
        (SourceEdit, edits), (SpeakerTurn, turns), (SourceMedia, recordings), (Coding, objects["codings"]),
        (AttributeValue, values), (Memo, objects["memos"]), (Resolution, objects["resolutions"]),
        (SavedQuery, objects["saved_queries"]),
    ):
        removed_rows = removed_rows.joined(RowSet.of_objects(model, found))
    tables = Base.metadata.tables
    for name, keys in reversed(removed_rows.keys().keys):  # children first
        for chunk in _chunks(keys):
            session.execute(delete(tables[name]).where(key_matches(tables[name], list(chunk))))
    for case_id, source_id in added.links:
        session.execute(delete(case_sources).where(
            (case_sources.c.case_id == case_id) & (case_sources.c.source_id == source_id)))
    session.expire_all()
    removed = RemovedRows(removed_rows, added.links)
    return _changes(removed), removed


def restore_removed(session: Session, removed: RemovedRows) -> Changes:
    """Put back what :func:`remove_added` removed, with the same ids and GUIDs."""
    removed.rows.restore(session)
    existing = {tuple(row) for row in session.execute(select(case_sources.c.case_id, case_sources.c.source_id))}
    links = [{"case_id": c, "source_id": s} for c, s in removed.links if (c, s) not in existing]
    if links:
        session.execute(insert(case_sources), links)
    return _changes(removed)


def _changes(removed: RemovedRows) -> Changes:
    ids = removed.rows.ids
    return Changes(
        sources=ids("sources"), codes=ids("codes"), codings=ids("codings"), cases=ids("cases"), memos=ids("memos"),
        attributes=ids("attributes"), coders=ids("coders"), queries=ids("saved_queries"), code_tree=bool(ids("codes")),
    )


def added_changes(session: Session, added: AddedRows) -> Changes:
    """The :class:`Changes` of an ingest just stored (so that views refresh what it added)."""
    ids = {
        name: frozenset(row.id for row in _rows(session, model, model.guid, added.table(name)))  # type: ignore[attr-defined]
        for name, model in BY_GUID + LATER_BY_GUID
    }
    linked = frozenset(source for _, source in added.links)
    return Changes(
        sources=ids["sources"] | linked, codes=ids["codes"], codings=ids["codings"],
        cases=ids["cases"] | frozenset(case for case, _ in added.links), memos=ids["memos"],
        attributes=ids["attributes"], coders=ids["coders"], queries=ids["saved_queries"], code_tree=bool(ids["codes"]),
    )


def undo_ingest(session: Session, added: AddedRows, announce: Changes | None = None) -> Changes:
    """Take an ingest back (:func:`remove_added`); the inverse, :func:`redo_ingest`, puts it back.

    ``announce``: what to tell the views instead of the rows removed (a merge states its report's).
    """
    removed_changes, removed = remove_added(session, added)
    changes = removed_changes if announce is None else announce
    return undoable(changes, Edit.of(redo_ingest, added, removed, announce))


def redo_ingest(session: Session, added: AddedRows, removed: RemovedRows, announce: Changes | None = None) -> Changes:
    """Put an ingest taken back in again (:func:`restore_removed`); the inverse takes it back."""
    restored = restore_removed(session, removed)
    return undoable(restored if announce is None else announce, Edit.of(undo_ingest, added, announce))


def ingested(session: Session, added: AddedRows) -> Changes:
    """:func:`added_changes` of an ingest just stored, stating :func:`undo_ingest` as its inverse."""
    return undoable(added_changes(session, added), Edit.of(undo_ingest, added))
