"""Rolling backups on a schedule: every few minutes, of the open project, if it changed since.

Backups go to the same rolling folder as those made before migrations, merges and restores
(:mod:`qcoder.app.backups`), which keeps the newest few; a project open read-only is never
backed up (nothing changes), and one that has not changed since the last backup neither. A
team server's project is not backed up by qcoder: the server's administrator backs it up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from qcoder.app.backups import scheduled_backup
from qcoder.core.changes import Changes
from qcoder.ui.project_controller import ProjectController

INTERVAL_MINUTES = 15


class BackupScheduler(QObject):
    backed_up = Signal(str)
    """A line for the status bar, after a backup or a failed one."""

    def __init__(self, controller: ProjectController, parent: QObject | None = None,
                 *, interval_ms: int = INTERVAL_MINUTES * 60 * 1000) -> None:
        super().__init__(parent)
        self.controller = controller
        self.changed_since = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.backup_if_changed)
        controller.changed.connect(self._on_changed)
        controller.project_opened.connect(self._on_opened)
        controller.project_closed.connect(self.timer.stop)

    def _on_opened(self) -> None:
        self.changed_since = False
        if self.controller.read_only or self.controller.path is None:  # read-only, or on a server
            self.timer.stop()
        else:
            self.timer.start()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.empty:
            self.changed_since = True

    def backup_if_changed(self) -> Path | None:
        path, project = self.controller.path, self.controller.project
        if path is None or project is None or self.controller.read_only or not self.changed_since:
            return None
        try:
            backup = scheduled_backup(project)
        except Exception as error:  # noqa: BLE001 — a failed backup must never disturb the coding
            self.backed_up.emit(f"Scheduled backup failed: {error}")
            return None
        if backup is None:
            return None
        self.changed_since = False
        self.backed_up.emit(f"Backed up {path.name} ({backup.name})")
        return backup
