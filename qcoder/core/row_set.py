"""Rows as plain values: what an edit removed (:class:`RowSet`) or added (:class:`RowKeys`).

The one snapshot of the project: a delete keeps the rows it removes (with what the database
cascades to them, :func:`qcoder.core.store.cascade.snapshot_cascade`) as a :class:`RowSet`, which puts
them back with the same ids, GUIDs and times; an insert keeps the primary keys of what it added
as :class:`RowKeys`, whose removal gives that :class:`RowSet`. Tables are named, rows are column →
value pairs, tables are held parents first, so a later table with a foreign key is covered too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, tuple_, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.store.models import Base

Key = tuple[Any, ...]
Row = tuple[tuple[str, Any], ...]

_CHANGE_FIELDS = {
    "sources": "sources", "codes": "codes", "codings": "codings", "cases": "cases", "memos": "memos",
    "attributes": "attributes", "coders": "coders", "saved_queries": "queries",
}
"""Table → the :class:`Changes` field that names its ids."""
_REFERENCES = (
    ("codings", "code_id", "codes"), ("codings", "source_id", "sources"),
    ("memos", "code_id", "codes"), ("memos", "source_id", "sources"), ("memos", "case_id", "cases"),
    ("case_sources", "source_id", "sources"), ("case_sources", "case_id", "cases"),
    ("attribute_values", "attribute_id", "attributes"), ("attribute_values", "case_id", "cases"),
    ("attribute_values", "source_id", "sources"),
)
"""(table, column, Changes field): rows added or removed there change what the column names."""


def primary_columns(table: Table) -> list[str]:
    return [column.name for column in table.primary_key.columns]


def key_matches(table: Table, keys: list[Key]):
    """``WHERE`` the primary key of ``table`` is one of ``keys``."""
    columns = [table.c[name] for name in primary_columns(table)]
    if len(columns) == 1:
        return columns[0].in_([key[0] for key in keys])
    return tuple_(*columns).in_(keys)


@cache
def sorted_tables() -> tuple[Table, ...]:
    """``Base.metadata.sorted_tables``, sorted once (the property sorts every table on each use:
    a third of the time of an unmark)."""
    return tuple(Base.metadata.sorted_tables)


def _sorted_names(names: Iterable[str]) -> list[str]:
    wanted = set(names)
    return [t.name for t in sorted_tables() if t.name in wanted]


@dataclass(frozen=True)
class NulledColumn:
    """A column that a delete set to NULL (``ON DELETE SET NULL``), with the value it had."""

    table: str
    key: Key
    column: str
    value: Any


@dataclass(frozen=True)
class RowKeys:
    """Primary keys of rows per table (parents first): e.g. what an insert or an import added."""

    keys: tuple[tuple[str, tuple[Key, ...]], ...]

    @classmethod
    def of(cls, keys: Mapping[str, Iterable[Key]]) -> RowKeys:
        return cls(tuple((name, tuple(keys[name])) for name in _sorted_names(keys) if keys[name]))

    @classmethod
    def ids(cls, table: str, ids: Iterable[int]) -> RowKeys:
        """Rows of a table with a single ``id`` primary key."""
        return cls.of({table: [(row_id,) for row_id in ids]})

    def table_keys(self, table: str) -> tuple[Key, ...]:
        return next((keys for name, keys in self.keys if name == table), ())

    def __bool__(self) -> bool:
        return any(keys for _name, keys in self.keys)


@dataclass(frozen=True)
class RowSet:
    """Rows per table in dependency order (parents first), and the columns a delete nulled."""

    rows: tuple[tuple[str, tuple[Row, ...]], ...]
    nulled: tuple[NulledColumn, ...] = ()

    @classmethod
    def of(cls, tables: Mapping[str, Iterable[Mapping[str, Any]]], nulled: Iterable[NulledColumn] = ()) -> RowSet:
        rows = {name: tuple(tuple(row.items()) for row in found) for name, found in tables.items()}
        return cls(tuple((name, rows[name]) for name in _sorted_names(rows) if rows[name]), tuple(nulled))

    @classmethod
    def of_objects(cls, model: Any, objects: Iterable[Any]) -> RowSet:
        """ORM objects of one model as rows (read before a delete or a change takes them)."""
        names = [column.name for column in model.__table__.columns]
        return cls.of({model.__tablename__: [{name: getattr(obj, name) for name in names} for obj in objects]})

    def joined(self, other: RowSet) -> RowSet:
        tables: dict[str, list[Row]] = {}
        for name, rows in self.rows + other.rows:
            tables.setdefault(name, []).extend(rows)
        return RowSet(
            tuple((name, tuple(tables[name])) for name in _sorted_names(tables)), self.nulled + other.nulled
        )

    def table_rows(self, table: str) -> list[dict[str, Any]]:
        for name, rows in self.rows:
            if name == table:
                return [dict(row) for row in rows]
        return []

    def ids(self, table: str | None = None) -> frozenset[int]:
        """The ``id`` column of the rows of ``table`` (of the only table, if not named)."""
        if table is None:
            assert len(self.rows) <= 1, "name the table"
            table = self.rows[0][0] if self.rows else ""
        return frozenset(row["id"] for row in self.table_rows(table) if "id" in row)

    def column_values(self, table: str, column: str) -> frozenset[Any]:
        return frozenset(row[column] for row in self.table_rows(table) if row.get(column) is not None)

    def keys(self) -> RowKeys:
        tables = Base.metadata.tables
        found: dict[str, list[Key]] = {}
        for name, rows in self.rows:
            columns = primary_columns(tables[name])
            found[name] = [tuple(dict(row)[column] for column in columns) for row in rows]
        return RowKeys.of(found)

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
                update(table).where(key_matches(table, [nulled.key])).values({nulled.column: nulled.value})
            )
        session.flush()
        session.expire_all()

    def changes(self) -> Changes:
        """What adding or removing these rows changes, for the views."""
        named: dict[str, set[int]] = {field: set() for field in _CHANGE_FIELDS.values()}
        for table, field in _CHANGE_FIELDS.items():
            named[field] |= self.ids(table)
        for table, column, field in _REFERENCES:
            named[field] |= self.column_values(table, column)
        return Changes(
            **{field: frozenset(ids) for field, ids in named.items()},  # type: ignore[arg-type]
            code_tree=bool(self.table_rows("codes")),
        )

    def __len__(self) -> int:
        return sum(len(rows) for _name, rows in self.rows)


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
