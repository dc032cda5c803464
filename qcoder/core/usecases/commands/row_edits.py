"""Removing and putting back rows by value: the inverse of every insert and every delete.

:func:`remove_rows` deletes rows by primary key (children first, with everything the database
cascades to them) and states :func:`restore_rows` of what it removed as its inverse;
:func:`restore_rows` inserts them again with the same ids and GUIDs and states :func:`remove_rows`
of their keys. An insert (a coding applied, a code added, an import) states ``remove_rows`` of
what it added; a delete is ``remove_rows`` itself.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sqlalchemy import Delete, Insert, Select, bindparam, delete, insert, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import NotFoundError
from qcoder.core.row_set import RowKeys, RowSet, key_matches
from qcoder.core.snapshots import CodingInfo
from qcoder.core.store.cascade import references_to, snapshot_cascade
from qcoder.core.store.models import Base, Coder, Coding
from qcoder.core.store.rows import rows_matched
from qcoder.core.team.row_security import others_row_refused

_CHUNK = 500


_WORDS = {"saved_queries": "saved query", "source_texts": "source text", "speaker_turns": "speaker turn"}


def removed_rows(session: Session, keys: RowKeys) -> RowSet:
    """Delete the rows (children first) and return every row that went, cascades included.

    :class:`NotFoundError` if one of them is gone already (another coder deleted it meanwhile):
    then nothing is removed, and nothing that coder did is undone behind their back.
    """
    removed = RowSet(())
    tables = Base.metadata.tables
    for name, table_keys in reversed(keys.keys):
        table = tables[name]
        went = snapshot_cascade(session, table, table_keys)
        found = set(went.keys().table_keys(name))
        missing = [key for key in table_keys if key not in found]
        if missing:
            word = _WORDS.get(name, name.removesuffix("s"))
            raise NotFoundError(f"no {word} with id {missing[0][0]}")
        deleted = 0
        for start in range(0, len(table_keys), _CHUNK):
            chunk = list(table_keys[start:start + _CHUNK])
            deleted += rows_matched(session, delete(table).where(key_matches(table, chunk)))
        if deleted < len(table_keys):  # cascaded from a parent in the list, or skipped by row security
            kept = session.execute(select(table).where(key_matches(table, list(table_keys))).limit(1)).first()
            if kept is not None:  # row security on a team server skipped another coder's row
                raise others_row_refused(session, name, kept._mapping.get("coder_id"))
        session.flush()
        session.expire_all()
        removed = removed.joined(went)
    return removed


def remove_rows(session: Session, keys: RowKeys) -> Changes:
    """Delete these rows with what cascades from them; the inverse puts them all back."""
    if len(keys.keys) == 1 and keys.keys[0][0] == "codings" and len(keys.keys[0][1]) == 1 \
            and not _codings_have_dependants():
        return _remove_one_coding(session, keys.keys[0][1][0][0])
    removed = removed_rows(session, keys)
    changes = replace(removed.changes(), codings_before=coding_infos(session, removed))
    return undoable(changes, Edit.of(restore_rows, removed))


@cache
def _codings_have_dependants() -> bool:
    """Whether a row of another table refers to a coding (then its removal takes the general path)."""
    return bool(references_to(Coding.__table__))


@cache
def _one_coding_statements() -> tuple[Select, Delete]:
    table = Coding.__table__
    read = select(table, Coder.name.label("coder_name")).join(Coder, Coder.id == table.c.coder_id) \
        .where(table.c.id == bindparam("coding"))
    return read, delete(table).where(table.c.id == bindparam("coding"))


def _remove_one_coding(session: Session, coding_id: int) -> Changes:
    """:func:`remove_rows` of one coding (an unmark, the undo of applying a code: what researchers
    do all day) in one query and one statement, without the general cascade search: nothing
    refers to a coding. States the same changes and inverse as the general path."""
    read, drop = _one_coding_statements()
    session.flush()
    connection = session.connection()
    found = connection.execute(read, {"coding": coding_id}).one_or_none()
    if found is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    row = dict(found._mapping)
    coder = row.pop("coder_name")
    if not connection.execute(drop, {"coding": coding_id}).rowcount:  # row security skipped another coder's
        raise others_row_refused(session, "codings", row["coder_id"])
    session.expire_all()
    removed = RowSet.of({"codings": [row]})
    before = CodingInfo(
        id=row["id"], guid=row["guid"], source_id=row["source_id"], code_id=row["code_id"], start=row["start"],
        end=row["end"], coder_id=row["coder_id"], coder=coder, memo=row["memo"], exemplar=bool(row["exemplar"]),
        created_at=row["created_at"],
    )
    return undoable(replace(removed.changes(), codings_before=(before,)), Edit.of(restore_rows, removed))


def restore_rows(session: Session, rows: RowSet) -> Changes:
    """Insert rows removed before, with the same ids, GUIDs and times; the inverse removes them."""
    if len(rows) == 1 and not rows.nulled and rows.table_rows("codings") and not _codings_have_dependants():
        return _restore_one_coding(session, rows)
    rows.restore(session)
    restored = coding_infos(session, rows)
    changes = rows.changes() if restored is None else replace(rows.changes(), coding_rows=restored, codings_before=())
    return undoable(changes, Edit.of(remove_rows, rows.keys()))


@cache
def _restore_one_coding_statements() -> tuple[Insert, Select]:
    return insert(Coding.__table__), select(Coder.name).where(Coder.id == bindparam("coder"))


def _restore_one_coding(session: Session, rows: RowSet) -> Changes:
    """:func:`restore_rows` of one coding (the redo of applying a code, the undo of an unmark) in
    one statement and one query, built once. States the same changes and inverse as the general path."""
    store, coder_name = _restore_one_coding_statements()
    row = dict(rows.table_rows("codings")[0])
    session.flush()
    connection = session.connection()
    connection.execute(store, row)
    coder = connection.execute(coder_name, {"coder": row["coder_id"]}).scalar_one_or_none() or ""
    session.expire_all()
    restored = CodingInfo(
        id=row["id"], guid=row["guid"], source_id=row["source_id"], code_id=row["code_id"], start=row["start"],
        end=row["end"], coder_id=row["coder_id"], coder=coder, memo=row["memo"], exemplar=bool(row["exemplar"]),
        created_at=row["created_at"],
    )
    changes = replace(rows.changes(), coding_rows=(restored,), codings_before=())
    return undoable(changes, Edit.of(remove_rows, rows.keys()))


def coding_infos(session: Session, rows: RowSet) -> tuple[CodingInfo, ...] | None:
    """The codings among ``rows`` as snapshots (their coders' names read), so that the views
    follow a coding removed or put back without reading it (``Changes.codings_before``);
    ``None`` when a source goes or comes back with them (the views read that change)."""
    if rows.table_rows("sources"):
        return None
    codings = rows.table_rows("codings")
    if not codings:
        return ()
    coders = {row["coder_id"] for row in codings}
    names = dict(session.execute(select(Coder.id, Coder.name).where(Coder.id.in_(coders))).all())
    return tuple(
        CodingInfo(id=row["id"], guid=row["guid"], source_id=row["source_id"], code_id=row["code_id"],
                   start=row["start"], end=row["end"], coder_id=row["coder_id"], coder=names.get(row["coder_id"], ""),
                   memo=row["memo"], exemplar=bool(row["exemplar"]), created_at=row["created_at"])
        for row in codings
    )
