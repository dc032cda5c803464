"""The dialog shown while the person waits for a job: a busy bar, the job's words, maybe Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_AFTER_MS = 400
"""Work quicker than this shows no dialog at all."""


def waiting_dialog(parent: QWidget, text: str, title: str, *, cancel: bool = False) -> QProgressDialog:
    """A window-modal busy dialog (the window takes no other action meanwhile); without
    ``cancel`` it has no Cancel button: the work is one transaction that lands whole or not at all."""
    progress = QProgressDialog(text, "Cancel" if cancel else "", 0, 0, parent)
    if not cancel:
        progress.setCancelButton(None)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    return progress
