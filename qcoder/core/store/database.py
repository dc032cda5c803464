"""Engines for projects: SQLite files with WAL and foreign keys on every connection, or a
PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.url import URL, make_url

from qcoder.core.store.schema_guard import StatementClock, trust_if_own
from qcoder.core.store.wal_checkpoint import restore_on_checkin

WRITE_OPTION = "qcoder_write"
"""Execution option marking an engine (``engine.execution_options(qcoder_write=True)``) whose
transactions write, so that SQLite begins them with ``BEGIN IMMEDIATE``."""
CLOCK = "qcoder_statement_clock"
TRUSTED = "qcoder_trusted_schema"


def sqlite_uri(path: Path | str, *, read_only: bool = False, immutable: bool = False) -> str:
    """The one way qcoder names an SQLite file to SQLite (``sqlite3.connect(uri, uri=True)``).

    ``Path.as_uri()`` percent-escapes the path, so ``#``, ``?``, ``%41``, ``&``, spaces, quotes,
    non-Latin letters and emoji in a folder name stay part of the path; a hand-formatted
    ``f"file:{path}?mode=ro"`` would end the path at the first ``#`` or ``?`` and open (and
    create) another, empty database.
    """
    query: dict[str, str] = {}
    if read_only:
        query["mode"] = "ro"
    if immutable:
        query["immutable"] = "1"
    uri = Path(path).resolve().as_uri()
    return f"{uri}?{urlencode(query)}" if query else uri


def sqlite_url(path: Path | str, *, read_only: bool = False, immutable: bool = False) -> URL:
    """The SQLAlchemy URL of a project file, carrying :func:`sqlite_uri`."""
    return URL.create(
        "sqlite", database=sqlite_uri(path, read_only=read_only, immutable=immutable), query={"uri": "true"}
    )


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | URL, *, read_only: bool = False) -> Engine:
    """An engine whose every SQLite connection has foreign keys on and WAL journaling.

    A PostgreSQL engine checks a pooled connection before use (a server may drop idle ones) and
    keeps the server's READ COMMITTED isolation; it needs no pragmas.
    """
    if not is_sqlite(url):
        # UTC like a file, whatever the server's default: a timestamp without a zone (one read
        # from a project file, say) is stored as UTC and every timestamp comes back in UTC.
        options = {"timezone": "UTC"}
        if read_only:
            options["default_transaction_read_only"] = "on"
        connect_args = {"options": " ".join(f"-c {k}={v}" for k, v in options.items())}
        return create_engine(
            url, pool_pre_ping=True, pool_size=2, max_overflow=4, connect_args=connect_args
        )
    engine = create_engine(url, future=True)
    _install_sqlite_pragmas(engine, read_only=read_only)
    return engine


def _install_sqlite_pragmas(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, open transactions (BEGIN on first statement).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA trusted_schema=OFF")  # see qcoder.core.store.schema_guard
        # 64 MB of page cache rather than 2 MB: a code's passages lie all over the codings table,
        # and every retrieval read its pages again from the file (on the reference project,
        # 31 MB, it halves the time to list a code's passages).
        cursor.execute("PRAGMA cache_size=-65536")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        else:
            cursor.execute("PRAGMA query_only=ON")
            # A read-only engine reads files not yet known to be ours (a merge's other side,
            # qcoder check): each statement runs under a time bound.
            clock = StatementClock()
            clock.install(dbapi_connection)
            record.info[CLOCK] = clock
        cursor.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record) -> None:
        if dbapi_connection is not None:
            restore_on_checkin(dbapi_connection, record.info)

    if read_only:

        @event.listens_for(engine, "before_cursor_execute")
        def _on_statement(connection, *_args) -> None:
            clock = connection.info.get(CLOCK)
            if clock is not None:
                clock.restart()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writing transaction takes the write lock at once (BEGIN IMMEDIATE) and so waits
        # for another writer (busy_timeout); a deferred one that read first would fail at its
        # first write with "database is locked" if another connection committed meanwhile.
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        if not read_only and not connection.info.get(TRUSTED):
            # Until this connection has seen that the file's schema holds nothing but ours,
            # SQLite runs none of its triggers' virtual-table writes (schema_guard explains why).
            connection.info[TRUSTED] = trust_if_own(connection.connection.driver_connection)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing and not read_only else "BEGIN")
