"""Backups of a project file: listing them, and restoring one (after backing up the state replaced).

A team server's project has no qcoder backups: its administrator backs the database up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.restore import find_backup, newest_first, restore_backup
from qcoder.core.team.server_url import is_server_url

SERVER_HAS_NO_BACKUPS = (
    "a team server's project has no qcoder backups: its administrator backs the database up "
    "(pg_dump); qcoder pull URL copy.qcoder makes a copy file"
)


@dataclass(frozen=True)
class Restored:
    project: Path
    backup: Path
    """The backup that was restored."""
    saved: Path | None
    """The backup of the state replaced; ``None`` when the project file was gone and is recreated."""


def _project_file(project: Path | str) -> Path:
    if is_server_url(str(project)):
        raise QcoderError(SERVER_HAS_NO_BACKUPS)
    return Path(project)


def list_project_backups(project: Path | str) -> list[Path]:
    """The project file's backups, newest first (number 1 is the newest)."""
    return newest_first(_project_file(project))


def restore_project(project: Path | str, backup: Path | str, coder: str) -> Restored:
    """Replace a closed project file's content by ``backup`` — a path, a backup's file name or a
    number from :func:`list_project_backups` — backing up the current state first.

    The project must not be open (its lock is taken for the duration); the window closes it
    before and opens it again after.
    """
    path = _project_file(project)
    chosen = backup if isinstance(backup, Path) else find_backup(path, backup)
    return Restored(path, chosen, restore_backup(path, chosen, coder))
