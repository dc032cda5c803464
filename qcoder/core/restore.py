"""Copying project files whole, and restoring a backup (after backing up the current state).

Copies use SQLite's online backup, which reads a consistent state even from a file in WAL mode
that another connection has open, and writes through SQLite, so the target's WAL is honoured.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcoder.core.backup import backup_file, backups_dir, list_backups
from qcoder.core.errors import NotAProjectError, NotFoundError, QcoderError
from qcoder.core.lock import ProjectLock

SQLITE_HEADER = b"SQLite format 3\x00"


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of the database at ``source`` into ``target`` (created or replaced)."""
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
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
    with backup.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise NotAProjectError(f"{backup.name} is not a qcoder project file")
    if backup.resolve() == project.resolve():
        raise QcoderError("a project cannot be restored from itself")
    lock = ProjectLock.acquire(project, coder)
    # Copied aside first: backing up the current state prunes old backups, maybe this one.
    staged = project.with_name(f"{project.name}.restoring")
    try:
        copy_database(backup, staged)
        saved = backup_file(project, "before-restore") if project.is_file() else None
        copy_database(staged, project)
    finally:
        staged.unlink(missing_ok=True)
        lock.release()
    return saved


def backup_unless_empty(project: Path, reason: str) -> Path | None:
    """Back the project up before a bulk change (an import), unless it holds no sources yet."""
    connection = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        (sources,) = connection.execute("SELECT count(*) FROM sources").fetchone()
    finally:
        connection.close()
    return backup_file(project, reason) if sources else None
