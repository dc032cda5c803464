"""What deleting rows takes with it, so that the delete can be undone with the same ids and GUIDs.

The database does the deleting: every foreign key says ``ON DELETE CASCADE`` or ``SET NULL``.
:func:`snapshot_cascade` reads, before the delete, every row the cascade will remove (following
the foreign keys recursively, through every table in the models, including ones added later)
and every column it will set to NULL, as a :class:`RowSet`, whose :meth:`RowSet.restore` inserts
them again — parents before children — and puts the nulled columns back. So an undoable delete
never forgets a table that a later issue added with a foreign key to what is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, ForeignKeyConstraint, Table, delete, select
from sqlalchemy.orm import Session

from qcoder.core.row_set import Key, NulledColumn, RowSet, key_matches, primary_columns, sorted_tables
from qcoder.core.store.models import Base

_CHUNK = 500


CascadeSnapshot = RowSet
"""What a delete removed: the one :class:`RowSet` (the name kept for its callers)."""


def snapshot_cascade(session: Session, table: Table, keys: Iterable[Key]) -> CascadeSnapshot:
    """Everything that ``DELETE FROM table WHERE primary key IN keys`` will remove or null."""
    session.flush()
    collected: dict[str, dict[Key, dict[str, Any]]] = defaultdict(dict)
    pending: list[tuple[Table, list[dict[str, Any]]]] = [(table, _fetch(session, table, list(keys)))]
    while pending:
        current, rows = pending.pop()
        fresh = [row for row in rows if _key(current, row) not in collected[current.name]]
        for row in fresh:
            collected[current.name][_key(current, row)] = row
        if fresh:
            pending.extend(_dependants(session, current, fresh, ondelete="CASCADE"))
    nulled: list[NulledColumn] = []
    for name, by_key in list(collected.items()):
        parent = Base.metadata.tables[name]
        for child, constraint, child_rows in _referencing(session, parent, list(by_key.values()), "SET NULL"):
            column = constraint.columns[0].name
            for row in child_rows:
                key = _key(child, row)
                if key not in collected.get(child.name, {}):
                    nulled.append(NulledColumn(child.name, key, column, row[column]))
    return RowSet.of({name: rows.values() for name, rows in collected.items()}, nulled)


def delete_with_snapshot(session: Session, table: Table, keys: Iterable[Key]) -> CascadeSnapshot:
    """Snapshot what deleting ``keys`` from ``table`` removes, then delete (the database cascades)."""
    keys = list(keys)
    snapshot = snapshot_cascade(session, table, keys)
    for start in range(0, len(keys), _CHUNK):
        session.execute(delete(table).where(_key_matches(table, keys[start:start + _CHUNK])))
    session.flush()
    session.expire_all()
    return snapshot


def references_to(table: Table, *, exclude: frozenset[str] = frozenset()) -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) whose single-column foreign key points at ``table``."""
    found = []
    for child in sorted_tables():
        if child.name in exclude:
            continue
        for constraint in child.foreign_key_constraints:
            if constraint.referred_table is table and len(constraint.columns) == 1:
                found.append((child, list(constraint.columns)[0]))
    return found


def key_condition(table: Table, keys: list[Key]):
    """``WHERE`` the primary key of ``table`` is one of ``keys``."""
    return _key_matches(table, keys)


def primary_keys(session: Session, table: Table, condition) -> list[Key]:
    return [tuple(row) for row in session.execute(select(*table.primary_key.columns).where(condition))]


def _key(table: Table, row: dict[str, Any]) -> Key:
    return tuple(row[name] for name in primary_columns(table))


_key_matches = key_matches


def _fetch(session: Session, table: Table, keys: list[Key]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(keys), _CHUNK):
        result = session.execute(select(table).where(_key_matches(table, keys[start:start + _CHUNK])))
        rows.extend(dict(row._mapping) for row in result)
    return rows


def _referencing(
    session: Session, parent: Table, parent_rows: list[dict[str, Any]], ondelete: str
) -> list[tuple[Table, ForeignKeyConstraint, list[dict[str, Any]]]]:
    """Rows of every table whose foreign key (with this ON DELETE) points at ``parent_rows``."""
    found = []
    for child in sorted_tables():
        for constraint in child.foreign_key_constraints:
            if constraint.referred_table is not parent or (constraint.ondelete or "").upper() != ondelete:
                continue
            if len(constraint.columns) != 1:
                raise NotImplementedError(f"composite foreign key on {child.name}")
            column = list(constraint.columns)[0]
            referred = constraint.elements[0].column.name
            values = sorted({row[referred] for row in parent_rows if row[referred] is not None})
            rows: list[dict[str, Any]] = []
            for start in range(0, len(values), _CHUNK):
                result = session.execute(select(child).where(column.in_(values[start:start + _CHUNK])))
                rows.extend(dict(row._mapping) for row in result)
            if rows:
                found.append((child, constraint, rows))
    return found


def _dependants(
    session: Session, parent: Table, parent_rows: list[dict[str, Any]], *, ondelete: str
) -> list[tuple[Table, list[dict[str, Any]]]]:
    return [(child, rows) for child, _constraint, rows in _referencing(session, parent, parent_rows, ondelete)]
