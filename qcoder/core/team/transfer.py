"""Moving a whole project between a file and a server, row for row (``qcoder push`` / ``pull``).

Every row keeps its id and GUID, so codings still point at their sources, codes and coders, and
a later merge or REFI-QDA exchange recognises everything. The copy runs in one transaction on
the target: it lands whole or not at all. Afterwards the two are compared table by table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, DateTime, Engine, Table, func, select, text
from sqlalchemy.engine.url import URL

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Base, ProjectMeta
from qcoder.core.store.schema import SCHEMA_VERSION

BATCH = 5_000


@dataclass(frozen=True)
class TransferReport:
    """What was copied: rows per table, the same on both sides."""

    rows: dict[str, int]

    def summary(self) -> str:
        shown = ("sources", "codes", "codings", "cases", "memos", "coders")
        return ", ".join(f"{self.rows.get(table, 0):,} {table}" for table in shown)


def push(project_file: Path | str, url: str | URL, *, coder_name: str | None = None) -> TransferReport:
    """Copy the project file to an empty database on a server, creating the project there."""
    with Project.open(project_file, read_only=True) as source:
        target = Project.create(url, coder_name=coder_name, codebook=None)
        try:
            return copy_project(source.engine, target.engine)
        finally:
            target.close()


def pull(url: str | URL, project_file: Path | str, *, coder_name: str | None = None) -> TransferReport:
    """Copy a server project into a new project file; the file is removed if the copy fails."""
    project_file = Path(project_file)
    if project_file.exists():
        raise QcoderError(f"{project_file} already exists; choose another name")
    with Project.open(url, read_only=True, coder_name=coder_name) as source:
        target = Project.create(project_file, coder_name=coder_name, codebook=None)
        try:
            report = copy_project(source.engine, target.engine)
        except Exception:
            target.close()
            for leftover in (project_file, *(project_file.with_name(project_file.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
            raise
        target.close()
        return report


def copy_project(source: Engine, target: Engine) -> TransferReport:
    """Copy every row of ``source`` into the freshly created, empty schema of ``target``."""
    tables = [table for table in Base.metadata.sorted_tables if table.name != ProjectMeta.__tablename__]
    with source.connect() as reading, target.begin() as writing:
        _copy_meta(reading, writing)
        for table in tables:
            for batch in _batches(reading, table, target_dialect=writing.dialect.name):
                writing.execute(table.insert(), batch)
        if writing.dialect.name == "postgresql":
            _advance_sequences(writing, tables)
        copied = _counts(writing, tables)
        expected = _counts(reading, tables)
    if copied != expected:
        raise QcoderError(f"the copy does not match the original ({copied} ≠ {expected})")
    return TransferReport(copied)


def _copy_meta(reading: Connection, writing: Connection) -> None:
    meta = ProjectMeta.__table__
    rows = {row.key: row.value for row in reading.execute(select(meta.c.key, meta.c.value))}
    if rows.get("schema_version") != str(SCHEMA_VERSION):
        raise QcoderError(
            f"the project has schema {rows.get('schema_version')}, not {SCHEMA_VERSION}: "
            "open it once for writing to upgrade it first"
        )
    writing.execute(meta.delete())
    writing.execute(meta.insert(), [{"key": key, "value": value} for key, value in rows.items()])


def _batches(reading: Connection, table: Table, *, target_dialect: str) -> Iterator[list[dict]]:
    """The table's rows in insertable order and batches (a parent code before its children)."""
    rows = [dict(row._mapping) for row in reading.execute(select(table).order_by(*table.primary_key))]
    if any(fk.column.table is table for fk in table.foreign_keys):
        rows = _parents_first(rows, table)
    if target_dialect == "postgresql":
        stamps = [column.name for column in table.columns if isinstance(column.type, DateTime)]
        for row in rows:
            for name in stamps:
                value = row[name]
                if isinstance(value, datetime) and value.tzinfo is None:
                    row[name] = value.replace(tzinfo=UTC)  # SQLite stores UTC without zone
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _parents_first(rows: list[dict], table: Table) -> list[dict]:
    (key,) = [column.name for column in table.primary_key]
    (parent,) = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    children: dict[object, list[dict]] = {}
    for row in rows:
        children.setdefault(row[parent], []).append(row)
    ordered: list[dict] = []
    pending = list(children.get(None, []))
    while pending:
        row = pending.pop()
        ordered.append(row)
        pending.extend(children.get(row[key], []))
    if len(ordered) != len(rows):
        raise QcoderError(f"{table.name} has rows whose parent is missing; run qcoder check first")
    return ordered


def _advance_sequences(writing: Connection, tables: list[Table]) -> None:
    """Let the server's next new id follow the copied ones."""
    for table in tables:
        keys = list(table.primary_key)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].foreign_keys:
            continue
        column = keys[0].name
        writing.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"
        ))


def _counts(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {table.name: connection.scalar(select(func.count()).select_from(table)) or 0 for table in tables}
