"""The backup an operation makes before it changes a project file (never on a team server)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.backup import backup_open_project
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import backup_unless_empty


class BackupFailedError(QcoderError):
    """No backup could be made, so the operation that needed one did not start."""


def backup_before(project: Project, operation: str, *, unless_empty: bool = False) -> Path | None:
    """Back up the open ``project`` as ``before-<operation>``; the backup's path, or ``None`` on a
    team server (its administrator backs the database up) or, with ``unless_empty``, when the
    project holds no sources yet (there is nothing to roll back to).

    Raises :class:`BackupFailedError`: an operation that needs a backup does not run without one.
    """
    if project.path is None:
        return None
    reason = f"before-{operation}"
    try:
        if unless_empty:
            return backup_unless_empty(project.path, reason, project.engine)
        return backup_open_project(project.path, project.engine, reason)
    except (OSError, sqlite3.Error, QcoderError) as error:
        raise BackupFailedError(f"no backup of {project.name} could be made, so the {operation} did not "
                                f"start and nothing changed: {error}") from error


def scheduled_backup(project: Project) -> Path | None:
    """A rolling backup of the open ``project`` file (the window's every-few-minutes backup);
    ``None`` on a team server, whose administrator backs it up."""
    if project.path is None:
        return None
    return backup_open_project(project.path, project.engine, "scheduled")
