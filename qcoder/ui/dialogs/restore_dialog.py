"""Choosing a backup of the open project to restore (newest first, with when and why it was made)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

REASONS = {
    "before-merge": "before a merge", "before-import": "before an import", "before-restore": "before a restore",
    "scheduled": "scheduled", "before-migration": "before an upgrade",
}


def describe_backup(path: Path) -> str:
    """E.g. ``2026-11-26 07:41 · before a merge · 1.2 MB``."""
    when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    reason = next((text for key, text in REASONS.items() if key in path.stem), path.stem)
    size = path.stat().st_size
    return f"{when}  ·  {reason}  ·  {size / 1_000_000:.1f} MB" if size >= 100_000 else f"{when}  ·  {reason}  ·  {size / 1000:.0f} kB"


class RestoreDialog(QDialog):
    def __init__(self, project: Path, backups: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.resize(520, 360)
        self.list = QListWidget(self)
        for backup in backups:
            item = QListWidgetItem(describe_backup(backup), self.list)
            item.setData(Qt.ItemDataRole.UserRole, str(backup))
            item.setToolTip(str(backup))
        self.list.setCurrentRow(0)
        note = QLabel(
            f"Restoring replaces the content of <b>{project.name}</b> by the chosen backup. The current "
            "state is backed up first, so a restore can itself be undone by restoring that backup.", self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Backups, newest first:", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
