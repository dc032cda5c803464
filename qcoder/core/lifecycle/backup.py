"""Consistent copies of a project file (SQLite's online backup, safe with WAL), kept rolling."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from qcoder.core.lifecycle.read_only_media import reader_uri
from qcoder.core.store.database import sqlite_uri
from qcoder.core.store.storage_errors import storage_error

KEEP_BACKUPS = 10


def backups_dir(path: Path) -> Path:
    return path.parent / ".qcoder-backups" / path.stem


def backup_file(path: Path, reason: str, source: sqlite3.Connection | None = None) -> Path:
    """Copy the project at ``path`` into its backups folder; keep the newest :data:`KEEP_BACKUPS`.

    ``source``, an open connection to the project (the window's), is read through SQLite's
    backup API; without it a read-only connection is opened. The file itself is never opened
    any other way (see :mod:`qcoder.core.lifecycle.file_guard`).
    """
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.qcoder"
    partial = target.with_name(target.name + ".partial")  # never listed: a backup is whole or absent
    try:
        origin = source or sqlite3.connect(reader_uri(path), uri=True)
        try:
            if source is None:
                origin.execute("PRAGMA query_only=ON")
            destination = sqlite3.connect(sqlite_uri(partial), uri=True)
            try:
                origin.backup(destination)
            finally:
                destination.close()
        finally:
            if source is None:
                origin.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        translated = storage_error(f"{Path(path).name} (its backup)", error)  # a full disk, say
        if translated is None:
            raise
        raise translated from error
    _prune(folder)
    return target


def backup_open_project(path: Path, engine: Engine, reason: str) -> Path:
    """:func:`backup_file` of a project open through ``engine``, read through one of its own
    connections."""
    with engine.connect() as connection:
        source = connection.connection.driver_connection
        assert isinstance(source, sqlite3.Connection)
        return backup_file(path, reason, source)


def list_backups(path: Path) -> list[Path]:
    folder = backups_dir(path)
    return sorted(folder.glob("*.qcoder")) if folder.exists() else []


def _prune(folder: Path) -> None:
    backups = sorted(folder.glob("*.qcoder"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
