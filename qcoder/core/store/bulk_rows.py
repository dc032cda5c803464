"""Inserting many rows at once, on SQLite straight through the driver.

SQLAlchemy's ``executemany`` builds a parameter dictionary per row; for the tens of thousands of
speaker turns of an import or the hundred thousand codings of a REFI-QDA file that is a third
of the time. On SQLite the rows go to ``sqlite3``'s own ``executemany`` as tuples instead; on
any other database through SQLAlchemy Core. Values must already be in the form the column
stores (no Python-side defaults or type conversions are applied on the SQLite path).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table


def insert_rows(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
        return
    names = ", ".join(f'"{name}"' for name in columns)
    placeholders = ", ".join("?" * len(columns))
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({placeholders})', list(rows))
