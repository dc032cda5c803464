"""The window's file dialogs: a save dialog refuses the project (issue 15, item 3), and no
dialog reads the files it lists (item 1; the locks themselves: tests/reliability)."""

from __future__ import annotations

from PySide6.QtCore import QFileInfo, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from sqlalchemy import text

from qcoder.ui.dialogs.file_dialogs import NameOnlyIconProvider


def answer_dialogs(pick: str, said: list[str]) -> QTimer:
    """The first file dialog picks ``pick`` and accepts; later ones are cancelled; every message
    box is recorded and answered Yes (or OK)."""
    seen = {"dialogs": 0}
    timer = QTimer()

    def poll() -> None:
        active = QApplication.activeModalWidget()
        if isinstance(active, QMessageBox):
            said.append(active.text())
            yes = active.button(QMessageBox.StandardButton.Yes)
            (yes or active.buttons()[0]).click()
        elif isinstance(active, QFileDialog) and active.isVisible() and not active.property("answered"):
            active.setProperty("answered", True)
            seen["dialogs"] += 1
            if seen["dialogs"] == 1:  # typed in, as a person would (selectFile skips a focused field)
                active.findChild(QLineEdit, "fileNameEdit").setText(pick)
                QTimer.singleShot(0, active.accept)
            else:
                QTimer.singleShot(0, active.reject)

    timer.timeout.connect(poll)
    timer.start(50)
    return timer


def test_the_export_dialog_refuses_the_open_project_and_leaves_it_alone(window):
    path = window.controller.path
    said: list[str] = []
    timer = answer_dialogs(str(path), said)
    try:
        window.exchange.export_dialog("codebook-csv")
    finally:
        timer.stop()
    assert any("project" in message for message in said), said
    assert window.exchange.task is None, "nothing was exported"
    with window.controller.project.reading() as session:
        assert session.execute(text("SELECT count(*) FROM sources")).scalar() == 1


def test_the_icon_provider_names_files_without_reading_them(tmp_path):
    provider = NameOnlyIconProvider()
    (tmp_path / "study.qcoder").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "notes").write_text("x")
    assert provider.type(QFileInfo(str(tmp_path / "study.qcoder"))) == "qcoder project"
    assert provider.type(QFileInfo(str(tmp_path / "notes"))) == "File"
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert provider.icon(QFileInfo(str(tmp_path / "study.qcoder"))) is not None
