"""What deleting rows takes with it, so that the delete can be undone with the same ids and GUIDs.

The database does the deleting: every foreign key says ``ON DELETE CASCADE`` or ``SET NULL``.
:class:`CascadeSnapshot` reads, before the delete, every row the cascade will remove (following
the foreign keys recursively, through every table in the models, including ones added later)
and every column it will set to NULL, as plain values. :meth:`CascadeSnapshot.restore` inserts
them again — parents before children — and puts the nulled columns back. So an undoable delete
never forgets a table that a later issue added with a foreign key to what is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ForeignKeyConstraint, Table, delete, select, tuple_, update
from sqlalchemy.orm import Session

from qcoder.core.models import Base

Key = tuple[Any, ...]
_CHUNK = 500


@dataclass(frozen=True)
class NulledColumn:
    table: str
    key: Key
    column: str
    value: Any


@dataclass(frozen=True)
class CascadeSnapshot:
    """Rows that a delete removes, per table in dependency order, and the columns it nulls."""

    rows: tuple[tuple[str, tuple[tuple[tuple[str, Any], ...], ...]], ...]
    nulled: tuple[NulledColumn, ...] = ()

    def table_rows(self, table: str) -> list[dict[str, Any]]:
        for name, rows in self.rows:
            if name == table:
                return [dict(row) for row in rows]
        return []

    def ids(self, table: str) -> frozenset[int]:
        """The ``id`` column of the snapshotted rows of ``table`` (empty if it has none)."""
        return frozenset(row["id"] for row in self.table_rows(table) if "id" in row)

    def column_values(self, table: str, column: str) -> frozenset[Any]:
        return frozenset(row[column] for row in self.table_rows(table) if row.get(column) is not None)

    def restore(self, session: Session) -> None:
        """Insert every row again (same ids, GUIDs, times) and undo the SET NULLs."""
        tables = Base.metadata.tables
        for name, rows in self.rows:
            table = tables[name]
            for batch in _parents_first(table, [dict(row) for row in rows]):
                session.execute(table.insert(), batch)
        for nulled in self.nulled:
            table = tables[nulled.table]
            session.execute(
                update(table).where(_key_matches(table, [nulled.key])).values({nulled.column: nulled.value})
            )
        session.flush()
        session.expire_all()

    def __len__(self) -> int:
        return sum(len(rows) for _name, rows in self.rows)


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
    for name, rows in list(collected.items()):
        parent = Base.metadata.tables[name]
        for child, constraint, child_rows in _referencing(session, parent, list(rows.values()), "SET NULL"):
            column = constraint.columns[0].name
            for row in child_rows:
                key = _key(child, row)
                if key not in collected.get(child.name, {}):
                    nulled.append(NulledColumn(child.name, key, column, row[column]))
    ordered = tuple(
        (t.name, tuple(tuple(row.items()) for row in collected[t.name].values()))
        for t in Base.metadata.sorted_tables
        if collected.get(t.name)
    )
    return CascadeSnapshot(ordered, tuple(nulled))


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
    for child in Base.metadata.sorted_tables:
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


def _primary(table: Table) -> list[str]:
    return [column.name for column in table.primary_key.columns]


def _key(table: Table, row: dict[str, Any]) -> Key:
    return tuple(row[name] for name in _primary(table))


def _key_matches(table: Table, keys: list[Key]):
    columns = [table.c[name] for name in _primary(table)]
    if len(columns) == 1:
        return columns[0].in_([key[0] for key in keys])
    return tuple_(*columns).in_(keys)


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
    for child in Base.metadata.sorted_tables:
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


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows in insertable batches: in a self-referencing table (the code tree), parents first."""
    self_columns = [
        (list(c.columns)[0].name, c.elements[0].column.name)
        for c in table.foreign_key_constraints
        if c.referred_table is table and len(c.columns) == 1
    ]
    if not self_columns or not rows:
        return [rows] if rows else []
    column, referred = self_columns[0]
    remaining = rows
    inserted: set[Any] = set()
    pending_ids = {row[referred] for row in rows}
    batches: list[list[dict[str, Any]]] = []
    while remaining:
        ready = [r for r in remaining if r[column] is None or r[column] not in pending_ids or r[column] in inserted]
        if not ready:  # a cycle cannot be in a tree; insert the rest as they are
            ready = remaining
        batches.append(ready)
        inserted.update(r[referred] for r in ready)
        ready_ids = {id(r) for r in ready}
        remaining = [r for r in remaining if id(r) not in ready_ids]
    return batches
