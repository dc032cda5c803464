"""Looking at a project before opening it: is it an SQLite file, a qcoder project, a schema this
qcoder reads? Each refusal is one sentence naming the file. ``schema.SCHEMA_VERSION`` is read
when called, so that tests can pretend to be another version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from qcoder.core.errors import NotAProjectError, QcoderError
from qcoder.core.lifecycle.read_only_media import read_only_uri
from qcoder.core.store import schema
from qcoder.core.store.schema import newer_schema_error, read_schema_version
from qcoder.core.store.schema_guard import (
    bound_statements,
    compare_schema,
    describe,
    distrust,
    missing_parts,
    read_schema,
    restore_missing,
    verify_schema,
)


def check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise QcoderError(f"{path.name} cannot be read ({error.strerror or error})") from None
    if header != b"SQLite format 3\x00":
        raise NotAProjectError(f"{path.name} is not a qcoder project file")


def probe_schema_version(path: Path) -> int:
    """The file's schema version, read through a read-only connection that changes nothing,
    after its schema was found to be this qcoder's own (:mod:`qcoder.core.store.schema_guard`)."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        distrust(connection)
    except sqlite3.Error as error:
        raise NotAProjectError(f"{path.name} cannot be opened: {error}") from None
    try:
        with bound_statements(connection, path.name):
            has_meta = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'project_meta'"
            ).fetchone()
            if not has_meta:
                raise NotAProjectError(
                    f"{path.name} is an SQLite database but not a qcoder project (no project_meta table)"
                )
            # Nothing unknown or changed may be there before a row is read; what is missing
            # only counts at the current version (an older file gains it by migration).
            verify_schema(connection, path.name, complete=False)
            row = connection.execute(
                "SELECT value FROM project_meta WHERE key = 'schema_version'"
            ).fetchone()
            if row is not None and str(row[0]) == str(schema.SCHEMA_VERSION):
                verify_schema(connection, path.name, complete=True)
    except sqlite3.DatabaseError as error:
        raise NotAProjectError(f"{path.name} is not a qcoder project file or is damaged ({error})") from None
    finally:
        connection.close()
    if row is None or not str(row[0]).isdigit():
        raise NotAProjectError(f"{path.name} is not a qcoder project (no schema version)")
    version = int(row[0])
    if version > schema.SCHEMA_VERSION:
        raise newer_schema_error(version, path.name)
    return version


def verify_migrated(engine: Engine, subject: str) -> None:
    """After a migration: the file's schema must now be complete and exactly ours."""
    with engine.connect() as connection:
        verify_schema(connection.connection.driver_connection, subject, complete=True)  # type: ignore[arg-type]  # SQLite's driver connection is a sqlite3.Connection


def restore_missing_parts(engine: Engine) -> None:
    """Give a file opened for writing back the triggers and indexes it lacks (a script dropped
    the immutability triggers to change a text, say): its protections hold again from now on."""
    with engine.begin() as connection:
        restore_missing(connection.connection.driver_connection)  # type: ignore[arg-type]  # SQLite's driver connection is a sqlite3.Connection


def check_schema_readable(engine: Engine) -> None:
    """A project opened read-only must be at this qcoder's schema: it cannot be upgraded."""
    try:
        with engine.connect() as connection:
            version = read_schema_version(connection)
    except DatabaseError as error:
        raise NotAProjectError(f"the project file cannot be read: {error.orig}") from error
    if version > schema.SCHEMA_VERSION:
        raise newer_schema_error(version)
    if version < schema.SCHEMA_VERSION:
        raise QcoderError(
            f"this project uses the older schema {version}: open it once for writing to upgrade it"
        )


def schema_problems(path: Path) -> tuple[list[str], list[str]]:
    """For ``qcoder check``: what in the file's schema this qcoder did not make (the file is
    refused), and what of ours it lacks (harmless, re-created on the next writing open). Both
    empty when the file is not a project at all: opening it then says why."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        distrust(connection)
    except sqlite3.Error:
        return [], []
    try:
        with bound_statements(connection, path.name):
            found = read_schema(connection)
            if "project_meta" not in found:
                return [], []
            foreign = compare_schema(found, complete=False)
            if foreign:
                return foreign, []
            row = connection.execute("SELECT value FROM project_meta WHERE key = 'schema_version'").fetchone()
            if row is None or str(row[0]) != str(schema.SCHEMA_VERSION):
                return [], []
            missing = [f"a missing {describe(item)} (re-created when the project is next opened for writing)"
                       for item in missing_parts(found)]
            return compare_schema(found, complete=True), missing
    except sqlite3.DatabaseError:
        return [], []
    finally:
        connection.close()
