"""Copying project files whole, and restoring a backup (after backing up the current state).

Copies use SQLite's online backup, which reads a consistent state even from a file in WAL mode
that another connection has open, and writes through SQLite, so the target's WAL is honoured.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from qcoder.core.errors import NotAProjectError, NotFoundError, QcoderError
from qcoder.core.lifecycle.backup import backup_file, backups_dir, list_backups
from qcoder.core.lifecycle.file_guard import is_open_here
from qcoder.core.lifecycle.lock import ProjectLock
from qcoder.core.lifecycle.read_only_media import reader_uri
from qcoder.core.store import schema
from qcoder.core.store.database import sqlite_uri
from qcoder.core.store.schema import newer_schema_error

SQLITE_HEADER = b"SQLite format 3\x00"


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of the database at ``source`` into ``target`` (created or replaced)."""
    # Read-only descriptor while someone has the source open (it never removes their WAL);
    # otherwise an ordinary one kept from writing, whose close leaves no -wal/-shm behind.
    origin = sqlite3.connect(reader_uri(source), uri=True)
    try:
        origin.execute("PRAGMA query_only=ON")
        destination = sqlite3.connect(sqlite_uri(target), uri=True)
        try:
            origin.backup(destination)
        finally:
            destination.close()
    finally:
        origin.close()


def find_backup(project: Path, wanted: str) -> Path:
    """The backup named by ``wanted``: a path, a file name in the backups folder, or a number
    (1 = the newest, as :func:`newest_first` lists them)."""
    backups = newest_first(project)
    if wanted.isdigit() and 1 <= int(wanted) <= len(backups):
        return backups[int(wanted) - 1]
    candidates = [Path(wanted), backups_dir(project) / wanted, backups_dir(project) / f"{wanted}.qcoder"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NotFoundError(f"no backup '{wanted}' of {project.name} (list them with: qcoder restore {project})")


def newest_first(project: Path) -> list[Path]:
    return list(reversed(list_backups(project)))


def restore_backup(project: Path, backup: Path, coder: str) -> Path | None:
    """Replace the project's content by the backup's; return the backup of the state replaced
    (``None`` when the project file was gone, e.g. deleted by mistake, and is recreated).

    The project's lock is taken for the duration, so nobody has it open meanwhile.
    """
    if not project.parent.is_dir():
        raise NotFoundError(f"the folder {project.parent} does not exist")
    if not backup.is_file():
        raise NotFoundError(f"no backup at {backup}")
    if backup.resolve() == project.resolve() or (project.exists() and backup.samefile(project)):
        raise QcoderError("a project cannot be restored from itself")
    check_is_project(backup)
    lock = ProjectLock.acquire(project, coder)
    # Copied aside first: backing up the current state prunes old backups, maybe this one.
    staged = project.with_name(f"{project.name}.restoring")
    try:
        copy_database(backup, staged)
        check_is_project(staged)  # never an empty or foreign database over the project
        saved = backup_file(project, "before-restore") if project.is_file() else None
        copy_database(staged, project)
    finally:
        for leftover in (staged, staged.with_name(staged.name + "-wal"), staged.with_name(staged.name + "-shm")):
            leftover.unlink(missing_ok=True)
        lock.release()
    return saved


def check_is_project(path: Path) -> None:
    """Refuse ``path`` unless it is a qcoder project this qcoder reads, with its tables.

    Read through an ordinary connection kept from writing (``query_only``): nobody has a backup
    open, and its last close leaves no ``-wal``/``-shm`` behind as a ``mode=ro`` one would.
    """
    if not is_open_here(path):  # its header read outside SQLite would drop an open file's locks
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                raise NotAProjectError(f"{path.name} is not a qcoder project file")
    connection = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        connection.execute("PRAGMA query_only=ON")
        row = connection.execute("SELECT value FROM project_meta WHERE key = 'schema_version'").fetchone()
        connection.execute("SELECT count(*) FROM sources").fetchone()
    except sqlite3.Error as error:
        raise NotAProjectError(f"{path.name} is not a whole qcoder project ({error})") from None
    finally:
        connection.close()
    if row is None or not str(row[0]).isdigit():
        raise NotAProjectError(f"{path.name} is not a qcoder project (no schema version)")
    if int(row[0]) > schema.SCHEMA_VERSION:
        raise newer_schema_error(int(row[0]), path.name)


def backup_unless_empty(project: Path, reason: str, engine: Engine | None = None) -> Path | None:
    """Back the project up before a bulk change (an import), unless it holds no sources yet;
    ``engine`` is the open project's (the window's), else a read-only connection is opened."""
    if engine is not None:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            (sources,) = source.execute("SELECT count(*) FROM sources").fetchone()
            return backup_file(project, reason, source) if sources else None
    reading = sqlite3.connect(reader_uri(project), uri=True)
    try:
        reading.execute("PRAGMA query_only=ON")
        (sources,) = reading.execute("SELECT count(*) FROM sources").fetchone()
    finally:
        reading.close()
    return backup_file(project, reason) if sources else None
