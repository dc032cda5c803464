"""Running a text search off the GUI thread, one at a time, and stopping it on request.

The search reads in its own session (:class:`ReadWorker`) and hands back a frozen
:class:`SearchResult`. A regular expression matches without holding the GIL and is stopped by
its time limit (:data:`qcoder.analysis.search.REGEX_TIME_LIMIT`), so the window keeps painting
while it runs. Cancelling answers at once: the pane forgets the search, which is told to stop
between texts and ends within the time limit; a worker is only let go once its thread is done.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from qcoder.analysis.search import SearchResult, search
from qcoder.core.project import Project
from qcoder.ui.analysis.read_worker import ReadWorker


class SearchRunner(QObject):
    finished = Signal(object)
    """The :class:`SearchResult` of the search now asked for."""
    failed = Signal(str)
    """Why the search now asked for gave no result (a sentence for the user)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.workers: dict[int, ReadWorker] = {}
        self._stops: dict[int, threading.Event] = {}
        self._wanted: int | None = None

    @property
    def running(self) -> bool:
        """Whether a search is on its way whose answer will be shown."""
        return self._wanted is not None

    def start(self, project: Project, query: str, **options: Any) -> None:
        """Search ``project`` for ``query`` (options as :func:`search` takes them), replacing any
        search still running."""
        self.cancel()
        self.generation += 1
        stop = threading.Event()
        worker = ReadWorker(project, self.generation, search, query, cancelled=stop.is_set, **options)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.workers[self.generation], self._stops[self.generation] = worker, stop
        self._wanted = self.generation
        worker.start()

    def cancel(self) -> bool:
        """Stop waiting for the running search (it ends in the background); whether one ran."""
        if self._wanted is None:
            return False
        self._stops[self._wanted].set()
        self._wanted = None
        return True

    def wait(self, milliseconds: int = 30_000, *, deliver: bool = True) -> bool:
        """Let every search thread finish and (with ``deliver``) hand over the answer asked for now;
        whether all finished."""
        finished = all(worker.wait(milliseconds) for worker in list(self.workers.values()))
        if deliver:
            QCoreApplication.processEvents()
        return finished

    def _retire(self, generation: int) -> bool:
        """Let the finished worker go; whether its answer is the one asked for."""
        worker = self.workers.pop(generation, None)
        self._stops.pop(generation, None)
        if worker is not None:
            worker.wait()  # it has emitted its answer and is about to stop
        if generation != self._wanted:
            return False
        self._wanted = None
        return True

    def _done(self, generation: int, result: SearchResult) -> None:
        if self._retire(generation):
            self.finished.emit(result)

    def _failed(self, generation: int, text: str) -> None:
        if self._retire(generation):
            self.failed.emit(text)
