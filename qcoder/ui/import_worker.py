"""Importing transcripts off the GUI thread: a QThread runs ``import_files`` with progress and cancel.

The worker uses the open project's engine from its own thread (each ``project.transaction()``
opens its own session and connection); the GUI thread stays free to paint the progress bar and
to take the click on Cancel. Results come back as plain :class:`ImportResult` values.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from qcoder.core.project import Project
from qcoder.io.importer import ImportResult, import_files


class ImportWorker(QObject):
    thread: QThread  # type: ignore[assignment]  # the thread it runs on; shadows QObject.thread(), as the code did
    progress = Signal(int, int, str)
    """(files done, files in all, name of the last file read)."""
    finished = Signal(object)
    """The list of :class:`ImportResult`, one per file, in order."""

    def __init__(self, project: Project, paths: Sequence[Path]) -> None:
        super().__init__()
        self.project = project
        self.paths = [Path(p) for p in paths]
        self._cancel = threading.Event()
        self.thread = QThread()
        self.thread.setObjectName("qcoder-import")
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        """Stop after the file being read; files read so far are still stored."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self.thread.wait(milliseconds)

    def _run(self) -> None:
        try:
            results = import_files(
                self.project, self.paths,
                progress=lambda done, total, name: self.progress.emit(done, total, name),
                cancelled=self._cancel.is_set,
            )
        except Exception as error:  # noqa: BLE001 — the project itself failed (disk full, file gone): say so per file
            results = [ImportResult(str(path), False, f"not imported: {error}") for path in self.paths]
        self.finished.emit(results)
        self.thread.quit()
