"""What an ingest added — by GUID, value key and case link — and taking it back or putting it back.

An ingest (a merge, a REFI-QDA import) only adds rows, so undoing it removes exactly the rows
:class:`AddedRows` names, after copying them (and the texts, turns and recordings of the sources
it added) into snapshots; redo inserts the snapshots again with the same ids and GUIDs, without
reading the other file again (it may have changed or gone). Rows that were already here and were
merely matched are never touched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import DeclarativeBase, Session

from qcoder.core.changes import Changes
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
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
from qcoder.core.store.rows import RowSnapshot, restore_all

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
    """The rows an undo removed, as snapshots to insert again."""

    snapshots: tuple[RowSnapshot, ...]
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
    snapshots = tuple(
        RowSnapshot.of(model, rows) for model, rows in (
            (Coder, objects["coders"]), (Code, objects["codes"]), (Case, objects["cases"]),
            (Attribute, objects["attributes"]), (Source, objects["sources"]), (SourceText, texts),
            (SourceEdit, edits), (SpeakerTurn, turns), (SourceMedia, recordings), (Coding, objects["codings"]),
            (AttributeValue, values), (Memo, objects["memos"]), (Resolution, objects["resolutions"]),
            (SavedQuery, objects["saved_queries"]),
        )
    )
    for snapshot in reversed(snapshots):  # children first
        model = snapshot.model
        if model in (SourceText, SourceMedia):  # keyed by their source, not an id of their own
            keys = [dict(row)["source_id"] for row in snapshot.rows]
            for chunk in _chunks(keys):
                session.execute(delete(model).where(model.source_id.in_(chunk)))
            continue
        for chunk in _chunks(sorted(snapshot.ids())):
            session.execute(delete(model).where(model.id.in_(chunk)))  # type: ignore[attr-defined]
    for case_id, source_id in added.links:
        session.execute(delete(case_sources).where(
            (case_sources.c.case_id == case_id) & (case_sources.c.source_id == source_id)))
    session.expire_all()
    removed = RemovedRows(snapshots, added.links)
    return _changes(removed), removed


def restore_removed(session: Session, removed: RemovedRows) -> Changes:
    """Put back what :func:`remove_added` removed, with the same ids and GUIDs."""
    restore_all(session, list(removed.snapshots))
    existing = {tuple(row) for row in session.execute(select(case_sources.c.case_id, case_sources.c.source_id))}
    links = [{"case_id": c, "source_id": s} for c, s in removed.links if (c, s) not in existing]
    if links:
        session.execute(insert(case_sources), links)
    return _changes(removed)


def _changes(removed: RemovedRows) -> Changes:
    ids = {snapshot.model: snapshot.ids() for snapshot in removed.snapshots
           if snapshot.model not in (SourceText, SourceMedia)}
    return Changes(
        sources=ids.get(Source, frozenset()), codes=ids.get(Code, frozenset()), codings=ids.get(Coding, frozenset()),
        cases=ids.get(Case, frozenset()), memos=ids.get(Memo, frozenset()), attributes=ids.get(Attribute, frozenset()),
        coders=ids.get(Coder, frozenset()), queries=ids.get(SavedQuery, frozenset()), code_tree=bool(ids.get(Code)),
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
