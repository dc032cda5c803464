"""A window that codes while its own process slips: ``python -m tests.reliability.window_session P SETTINGS``.

It opens the project ``P`` in a real (offscreen) main window and codes one passage; then, in its
own process, opens and closes the project file with Python (as a hash or a copy would) and shows
File ▸ Import transcripts…'s real file dialog on the project's folder until the dialog has listed
it, then cancels it. It prints ``coded <id>`` after each coding and ``ready`` after the slips,
then waits for a line on stdin, codes a second passage, prints ``done`` and waits to be killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from qcoder.ui.commands.coding_commands import ApplyCodingCommand
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

LISTED_AFTER_MS = 1500
"""How long the dialog stays open after its folder is loaded (icons and types are fetched then)."""


def cancel_file_dialog_once_listed(app: QApplication, wanted: str, listed: list[str], patience: int = 100) -> None:
    """Poll for the modal file dialog; show all files (as someone looking for a file would);
    once it lists ``wanted`` (or after ``patience`` polls, when its filter hides it), wait a
    little (types and icons are gathered afterwards, on another thread, for the rows shown) and
    cancel it."""
    polls = [0]

    def poll() -> None:
        dialog = app.activeModalWidget()
        model = dialog.findChild(QFileSystemModel) if isinstance(dialog, QFileDialog) else None
        if model is None:
            QTimer.singleShot(50, poll)
            return
        all_files = [name for name in dialog.nameFilters() if "(*)" in name]
        if all_files and dialog.selectedNameFilter() != all_files[0]:
            dialog.selectNameFilter(all_files[0])
        folder = model.index(dialog.directory().absolutePath())
        names = [model.fileName(model.index(row, 0, folder)) for row in range(model.rowCount(folder))]
        polls[0] += 1
        if wanted not in names and polls[0] < patience:
            QTimer.singleShot(50, poll)
            return
        listed.extend(names)
        QTimer.singleShot(LISTED_AFTER_MS, dialog.reject)

    QTimer.singleShot(50, poll)


def code_once(window: MainWindow, start: int, end: int) -> int:
    controller = window.controller
    command = ApplyCodingCommand(controller, source_id=1, code_id=1, start=start, end=end, code_name="first")
    controller.push(command)
    assert command.coding_id is not None
    return command.coding_id


def main(project: str, settings: str) -> None:
    app = QApplication.instance() or QApplication([])
    window = MainWindow(settings=UserSettings(QSettings(settings, QSettings.Format.IniFormat)))
    window.projects.coder_name = "Ann"
    window.show()
    path = Path(project)
    assert window.projects.open_path(path, ask=False)
    print(f"coded {code_once(window, 0, 5)}", flush=True)

    open(path, "rb").close()  # what a hash or a copy of the file in this process would do

    listed: list[str] = []
    window.imports.last_directory = str(path.parent)
    cancel_file_dialog_once_listed(app, path.name, listed)
    window.imports.choose_files()
    assert path.name in listed, listed
    print("ready", flush=True)

    sys.stdin.readline()
    print(f"coded {code_once(window, 6, 12)}", flush=True)
    print("done", flush=True)
    sys.stdin.readline()  # killed here


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
