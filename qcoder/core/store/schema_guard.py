"""Trusting a project file only as far as its schema is this qcoder's own.

A ``.qcoder`` file received from someone else carries its schema with it: triggers that run on
every write, views that stand where tables should be, all executed by SQLite inside qcoder. So:

- Every SQLite connection starts with ``PRAGMA trusted_schema=OFF`` (no unsafe functions or
  virtual tables inside the file's triggers and views). A connection of a writing engine turns
  trust back on only after it has itself compared the file's schema with this qcoder's and found
  nothing that is not ours (:func:`trust_if_own`): the full-text index's triggers write to an
  FTS5 table, which SQLite allows only to a trusted schema; what it then trusts is the SQL this
  code creates. Read-only engines never trust.
- Before anything reads a row, the file's ``sqlite_master`` (tables, indexes, triggers, views) is
  compared with the schema this version expects (:func:`schema_findings`). The expectation is not
  a list written here: :func:`expected_schema` builds a new project in memory with the current
  code and reads its ``sqlite_master``, once per process. A trigger or view it does not know, a
  trigger or index that differs, a table replaced by a view: the file is refused with one
  message naming what was found; ``qcoder check`` lists them. A file at an older schema version
  is checked for what must never be there (unknown or changed items) before it is migrated, and
  for its tables once it has been. A trigger or index of ours that is missing (dropped by a
  script) is harmless to read without: ``qcoder check`` lists it and the next writing open
  re-creates it from the same SQL (:func:`restore_missing`).
- Reading a file whose schema is not yet known to be ours (the check itself, ``qcoder check``, a
  read-only project such as the other side of a merge) runs under a time bound per statement
  (:func:`bound_statements`): SQLite's progress handler interrupts a statement after
  :data:`STATEMENT_SECONDS`. A bound in time rather than in VM instructions, because it must
  never trip on a real project whatever query a command runs; the slowest statement of the
  reference workload (200 transcripts, 100,000 codings) takes well under a second, so 30 s is
  a wide margin, while a crafted recursive view can no longer hold a command forever.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from qcoder.core.errors import NotAProjectError

STATEMENT_SECONDS = 30.0
"""How long one statement on a not-yet-trusted file may run before it is interrupted."""
PROGRESS_STEPS = 10_000
"""SQLite calls the progress handler every this many VM instructions (about a millisecond)."""

_IGNORED_TABLES = re.compile(r"sqlite_(sequence|stat\d)$")
"""Tables SQLite makes itself (AUTOINCREMENT, ANALYZE): harmless, never refused."""


class UntrustedSchemaError(NotAProjectError):
    """The file's schema holds triggers, views or changes that this qcoder did not make."""


@dataclass(frozen=True)
class SchemaItem:
    kind: str
    """``table``, ``index``, ``trigger`` or ``view``."""
    name: str
    table: str
    sql: str
    """Whitespace-normalised ``CREATE`` statement ("" for SQLite's automatic indexes)."""
    raw: str = field(default="", compare=False)
    """The statement as stored, to re-create a missing trigger or index exactly."""


Schema = dict[str, SchemaItem]


def normalise_sql(sql: str | None) -> str:
    """One space between words, none inside brackets or before commas: formatting never matters."""
    if not sql:
        return ""
    text = " ".join(sql.split())
    text = re.sub(r"\s*([(),;])\s*", r"\1", text)
    return text


def read_schema(connection: sqlite3.Connection) -> Schema:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    return {name: SchemaItem(kind, name, table, normalise_sql(sql), sql or "") for kind, name, table, sql in rows}


@lru_cache(maxsize=1)
def expected_schema() -> Schema:
    """The schema of a project this version creates, built in memory once per process."""
    from sqlalchemy import create_engine

    from qcoder.core.store.schema import create_schema

    engine = create_engine("sqlite://")
    try:
        create_schema(engine)
        with engine.connect() as connection:
            return read_schema(connection.connection.driver_connection)  # type: ignore[arg-type]  # SQLite's driver connection is a sqlite3.Connection
    finally:
        engine.dispose()


def describe(item: SchemaItem) -> str:
    on = f" on {item.table}" if item.kind in ("trigger", "index") and item.table != item.name else ""
    return f"{item.kind} '{item.name}'{on}"


def compare_schema(found: Schema, *, complete: bool) -> list[str]:
    """What in ``found`` this version did not make; with ``complete`` also a missing table.

    Tables the file has beyond ours are left alone (data, not code); their columns are not
    compared, since a migrated file spells them differently from a new one.
    """
    expected = expected_schema()
    findings: list[str] = []
    for name, item in sorted(found.items()):
        if item.kind == "table" and _IGNORED_TABLES.match(name):
            continue
        mine = expected.get(name)
        if mine is None:
            if item.kind != "table":
                findings.append(f"an unknown {describe(item)}")
            continue
        if mine.kind != item.kind:
            findings.append(f"the {mine.kind} '{name}' replaced by a {item.kind}")
        elif item.kind != "table" and item.sql != mine.sql and (complete or not _retired(item)):
            findings.append(f"a changed {describe(item)}")
        elif item.kind == "table" and mine.sql.startswith("CREATE VIRTUAL") and item.sql != mine.sql:
            findings.append(f"a changed virtual table '{name}'")
        elif item.kind == "table" and item.sql.startswith("CREATE VIRTUAL") != mine.sql.startswith("CREATE VIRTUAL"):
            findings.append(f"the table '{name}' replaced by a virtual table")
    if complete:
        for name, mine in sorted(expected.items()):
            if name not in found and mine.kind == "table":
                findings.append(f"a missing {describe(mine)}")
    return findings


def _retired(item: SchemaItem) -> bool:
    """Whether ``item`` is ours as an older schema made it (a file its migration will update)."""
    from qcoder.core.store.immutability import RETIRED_SQLITE

    return item.sql == normalise_sql(RETIRED_SQLITE.get(item.name))


def missing_parts(found: Schema) -> list[SchemaItem]:
    """Triggers and indexes of ours that the file lacks (dropped by a script, say): harmless to
    read without, and re-created when the file is opened for writing (:func:`restore_missing`)."""
    return [mine for name, mine in sorted(expected_schema().items())
            if name not in found and mine.kind in ("trigger", "index") and mine.raw]


def restore_missing(connection: sqlite3.Connection) -> list[str]:
    """Re-create our missing triggers and indexes, exactly as this version makes them; return
    their names. A re-created full-text trigger means the index missed changes: it is rebuilt."""
    from qcoder.core.store.search_index import FTS_TABLE

    missing = missing_parts(read_schema(connection))
    for item in missing:
        connection.execute(item.raw)
    if any(FTS_TABLE in item.raw for item in missing):
        connection.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return [item.name for item in missing]


def schema_findings(connection: sqlite3.Connection, *, complete: bool) -> list[str]:
    return compare_schema(read_schema(connection), complete=complete)


def refusal(subject: str, findings: list[str]) -> UntrustedSchemaError:
    shown = "; ".join(findings[:5]) + (f"; and {len(findings) - 5} more" if len(findings) > 5 else "")
    return UntrustedSchemaError(
        f"{subject} was not opened: its schema is not one qcoder made ({shown}); "
        "it may have been altered to harm the project (qcoder check lists everything)"
    )


def verify_schema(connection: sqlite3.Connection, subject: str, *, complete: bool) -> None:
    """Refuse the file unless its schema is this qcoder's own (see the module's docstring)."""
    findings = schema_findings(connection, complete=complete)
    if findings:
        raise refusal(subject, findings)


def distrust(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA trusted_schema=OFF")


def trust_if_own(connection: sqlite3.Connection) -> bool:
    """Trust the file's schema on this connection if, and only if, all of it is ours."""
    if schema_findings(connection, complete=False):
        return False
    connection.execute("PRAGMA trusted_schema=ON")
    return True


class StatementClock:
    """The progress handler of one connection: interrupts a statement running past its time."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = STATEMENT_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def restart(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def install(self, connection: sqlite3.Connection) -> None:
        connection.set_progress_handler(self.expired, PROGRESS_STEPS)


@contextmanager
def bound_statements(connection: sqlite3.Connection, subject: str) -> Iterator[StatementClock]:
    """Run a few statements on a raw connection under one time bound; an interrupted one
    becomes a one-line refusal naming ``subject``."""
    clock = StatementClock()
    clock.install(connection)
    try:
        yield clock
    except sqlite3.OperationalError as error:
        if "interrupted" not in str(error):
            raise
        raise too_slow(subject) from None
    finally:
        connection.set_progress_handler(None, 0)


def too_slow(subject: str) -> NotAProjectError:
    return NotAProjectError(
        f"reading {subject} was stopped after {STATEMENT_SECONDS:.0f} s: the file may be crafted to "
        "make qcoder hang"
    )
