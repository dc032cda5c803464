"""The write-ahead log's checkpoint taken off the commit of a big write (an import).

In WAL mode a commit only appends pages to ``<project>-wal``; the commit is then durable and
every other connection, in this process or another, reads the new rows from the WAL. Copying
those pages into the project file itself (a checkpoint) is housekeeping that SQLite by default
does inside the commit that takes the WAL past 1,000 pages: for 200 transcripts (25 MB of
pages) some 55 ms of the import the person waits for. :func:`defer_checkpoint` lets such a
commit skip it; :func:`checkpoint` does it afterwards, off the GUI thread, once the result is
shown. Should nothing call it, the next commit of any connection (each keeps its automatic
checkpoint) or the project's closing does it, as before.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

DEFERRED = "qcoder_checkpoint_deferred"
"""Pool-connection info key: the automatic checkpoint's page count to put back on check-in."""


def defer_checkpoint(session: Session) -> None:
    """No automatic checkpoint when this session's transaction commits (SQLite only); the
    connection gets its setting back as soon as the pool takes it back (:func:`restore_on_checkin`)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    info = connection.connection.info
    if DEFERRED in info:
        return
    raw = _driver(connection)
    pages = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute("PRAGMA wal_autocheckpoint=0")
    info[DEFERRED] = int(pages)


def restore_on_checkin(dbapi_connection: Any, info: dict[str, Any]) -> None:
    """The pool's check-in: the automatic checkpoint back on a connection that deferred it."""
    pages = info.pop(DEFERRED, None)
    if pages is not None:
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")


def checkpoint(engine: Engine) -> None:
    """Copy the WAL's committed pages into the project file now (SQLite only). PASSIVE: it waits
    for no reader or writer and copies what it can; what it cannot, a later checkpoint does."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        # Straight on the driver's connection (autocommit): not inside a transaction SQLAlchemy began.
        _driver(connection).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _driver(connection: Connection) -> sqlite3.Connection:
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)  # what SQLAlchemy's SQLite dialect connects with
    return raw
