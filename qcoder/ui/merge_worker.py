"""Previewing a merge off the GUI thread: the same merge, in a session that is rolled back.

The worker reads the other file and merges it into a reading session of the open project (its
own connection, from its own thread); the session is rolled back, so only the report comes
back. The window meanwhile shows a busy progress dialog whose Cancel stops waiting for it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from sqlalchemy.exc import SQLAlchemyError

from qcoder.core.errors import QcoderError
from qcoder.core.merge_files import merge_path_into
from qcoder.core.project import Project


class MergePreviewWorker(QObject):
    thread: QThread  # the thread it runs on; shadows QObject.thread(), as the code did
    finished = Signal(object)
    """A :class:`MergeReport`, or the :class:`Exception` that stopped the preview."""

    def __init__(self, project: Project, other: Path) -> None:
        super().__init__()
        self.project, self.other = project, Path(other)
        self.thread = QThread()
        self.thread.setObjectName("qcoder-merge-preview")
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def wait(self, milliseconds: int = 60_000) -> bool:
        return self.thread.wait(milliseconds)

    def _run(self) -> None:
        try:
            with self.project.reading() as session:
                _changes, result = merge_path_into(session, self.other)
        except (QcoderError, SQLAlchemyError, OSError) as error:
            result = error
        self.finished.emit(result)
        self.thread.quit()
