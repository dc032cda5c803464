"""Previewing a merge off the GUI thread: the same merge, in a session that is rolled back.

The worker runs :func:`qcoder.app.merging.preview_merge`: the other file merged into a reading
session of the open project (its own connection, from its own thread) that is rolled back, so
only the report comes back. The window meanwhile shows a busy progress dialog whose Cancel stops waiting for it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from sqlalchemy.exc import SQLAlchemyError

from qcoder.app.merging import preview_merge
from qcoder.core.errors import QcoderError
from qcoder.core.project import Project


class MergePreviewWorker(QObject):
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
            result = preview_merge(self.project, self.other)
        except (QcoderError, SQLAlchemyError, OSError) as error:
            result = error
        self.finished.emit(result)
        self.thread.quit()
