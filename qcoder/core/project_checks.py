"""Looking at a project before opening it: is it an SQLite file, a qcoder project, a schema this
qcoder reads? Each refusal is one sentence naming the file. ``schema.SCHEMA_VERSION`` is read
when called, so that tests can pretend to be another version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from qcoder.core.errors import NotAProjectError, QcoderError
from qcoder.core.read_only_media import read_only_uri
from qcoder.core import schema
from qcoder.core.schema import newer_schema_error, read_schema_version


def check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise QcoderError(f"{path.name} cannot be read ({error.strerror or error})") from None
    if header != b"SQLite format 3\x00":
        raise NotAProjectError(f"{path.name} is not a qcoder project file")


def probe_schema_version(path: Path) -> int:
    """The file's schema version, read through a read-only connection that changes nothing."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise NotAProjectError(f"{path.name} cannot be opened: {error}") from None
    try:
        has_meta = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'project_meta'"
        ).fetchone()
        if not has_meta:
            raise NotAProjectError(
                f"{path.name} is an SQLite database but not a qcoder project (no project_meta table)"
            )
        row = connection.execute(
            "SELECT value FROM project_meta WHERE key = 'schema_version'"
        ).fetchone()
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
