"""Undoing an import: remove exactly the rows it added (by GUID, value key and link), keeping a
snapshot so that redo puts them back with the same ids and GUIDs (no re-reading of the file).

Rows that were already in the project and merely matched are never touched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.models import (
    Attribute, AttributeValue, Case, Code, Coder, Coding, Memo, Source, SourceMedia, SourceText, SpeakerTurn,
    case_sources,
)
from qcoder.core.rows import RowSnapshot, restore_all
from qcoder.io.refi_qda.report import ImportReport

CHUNK = 5000
_BY_GUID = (("coders", Coder), ("codes", Code), ("cases", Case), ("attributes", Attribute), ("sources", Source))


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for index in range(0, len(values), size):
        yield values[index:index + size]


@dataclass(frozen=True)
class ImportedRows:
    """What an import added, as plain values a ``QUndoCommand`` can hold."""

    guids: tuple[tuple[str, tuple[str, ...]], ...]
    values: tuple[tuple[int, int | None, int | None], ...]
    links: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, report: ImportReport) -> ImportedRows:
        return cls(
            tuple((table, tuple(guids)) for table, guids in report.added_guids.items()),
            tuple(report.added_values), tuple(report.added_links),
        )

    def table(self, name: str) -> tuple[str, ...]:
        return dict(self.guids).get(name, ())

    @property
    def empty(self) -> bool:
        return not (any(guids for _, guids in self.guids) or self.values or self.links)


@dataclass(frozen=True)
class RemovedRows:
    snapshots: tuple[RowSnapshot, ...]
    links: tuple[tuple[int, int], ...]


def _rows(session: Session, model, column, keys: Sequence) -> list:
    found = []
    for chunk in _chunks(list(keys)):
        found += session.execute(select(model).where(column.in_(chunk))).scalars().all()
    return found


def remove_imported(session: Session, added: ImportedRows) -> tuple[Changes, RemovedRows]:
    """Delete what the import added; the snapshot restores it (parents before children)."""
    objects = {name: _rows(session, model, model.guid, added.table(name)) for name, model in _BY_GUID}
    objects["codes"].sort(key=lambda code: code.id)  # a parent was added before its children
    source_ids = [source.id for source in objects["sources"]]
    texts = _rows(session, SourceText, SourceText.source_id, source_ids)
    turns = _rows(session, SpeakerTurn, SpeakerTurn.source_id, source_ids)
    recordings = _rows(session, SourceMedia, SourceMedia.source_id, source_ids)
    codings = _rows(session, Coding, Coding.guid, added.table("codings"))
    memos = _rows(session, Memo, Memo.guid, added.table("memos"))
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
            (SpeakerTurn, turns), (SourceMedia, recordings), (Coding, codings), (AttributeValue, values), (Memo, memos),
        )
    )
    changes = Changes(
        sources=frozenset(source_ids), codes=frozenset(c.id for c in objects["codes"]),
        codings=frozenset(c.id for c in codings), cases=frozenset(c.id for c in objects["cases"]),
        memos=frozenset(m.id for m in memos), attributes=frozenset(a.id for a in objects["attributes"]),
        coders=frozenset(c.id for c in objects["coders"]), code_tree=bool(objects["codes"]),
    )
    for snapshot in reversed(snapshots):  # children first
        model = snapshot.model
        if model in (SourceText, SourceMedia):  # keyed by their source, not an id of their own
            keys = [dict(row)["source_id"] for row in snapshot.rows]
            for chunk in _chunks(keys):
                session.execute(delete(model).where(model.source_id.in_(chunk)))
            continue
        for chunk in _chunks(sorted(snapshot.ids())):
            session.execute(delete(model).where(model.id.in_(chunk)))  # type: ignore[attr-defined]  # every model undone here has an id column
    for case_id, source_id in added.links:
        session.execute(delete(case_sources).where(
            (case_sources.c.case_id == case_id) & (case_sources.c.source_id == source_id)))
    session.expire_all()
    return changes, RemovedRows(snapshots, added.links)


def restore_imported(session: Session, removed: RemovedRows) -> Changes:
    restore_all(session, list(removed.snapshots))
    existing = {tuple(row) for row in session.execute(select(case_sources.c.case_id, case_sources.c.source_id))}
    links = [{"case_id": c, "source_id": s} for c, s in removed.links if (c, s) not in existing]
    if links:
        session.execute(insert(case_sources), links)
    ids = {snapshot.model: snapshot.ids() for snapshot in removed.snapshots
           if snapshot.model not in (SourceText, SourceMedia)}
    return Changes(
        sources=ids.get(Source, frozenset()), codes=ids.get(Code, frozenset()), codings=ids.get(Coding, frozenset()),
        cases=ids.get(Case, frozenset()), memos=ids.get(Memo, frozenset()), attributes=ids.get(Attribute, frozenset()),
        coders=ids.get(Coder, frozenset()), code_tree=bool(ids.get(Code)),
    )


def imported_changes(session: Session, added: ImportedRows) -> Changes:
    """The :class:`Changes` of an import just stored (so that views refresh what it added)."""
    ids = {
        name: frozenset(row.id for row in _rows(session, model, model.guid, added.table(name)))
        for name, model in (*_BY_GUID, ("codings", Coding), ("memos", Memo))
    }
    linked = frozenset(source for _, source in added.links)
    return Changes(
        sources=ids["sources"] | linked, codes=ids["codes"], codings=ids["codings"],
        cases=ids["cases"] | frozenset(case for case, _ in added.links), memos=ids["memos"],
        attributes=ids["attributes"], coders=ids["coders"], code_tree=bool(ids["codes"]),
    )
