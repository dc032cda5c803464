"""Running a slow call off the GUI thread, one at a time, and giving up on it on request.

The search pane runs its searches (which read in their own session) and "Code all hits" (one
transaction) through it. The call gets ``cancelled=`` a question it asks while it runs: a search
stops between texts, or at once for a regular expression (which matches without holding the GIL
and within its time limit, :data:`qcoder.analysis.search.REGEX_TIME_LIMIT`); coding all hits rolls
back rather than commit. Cancelling answers at once: the caller forgets the call, which ends in
the background; a worker is only let go once its thread is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from qcoder.core.project import Project
from qcoder.ui.analysis.read_worker import ReadWorker


class BackgroundTask(QObject):
    finished = Signal(object)
    """The result of the call now asked for."""
    failed = Signal(str)
    """Why the call now asked for gave no result (a sentence for the user)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.workers: dict[int, ReadWorker] = {}
        self._stops: dict[int, threading.Event] = {}
        self._wanted: int | None = None

    @property
    def running(self) -> bool:
        """Whether a call is on its way whose answer will be given."""
        return self._wanted is not None

    def start(
        self, project: Project, call: Callable[..., Any], *args: Any, write: bool = False, **options: Any,
    ) -> None:
        """``call(session, *args, cancelled=…, **options)`` in a worker thread, reading (or in one
        transaction with ``write``), replacing any call still running."""
        self.cancel()
        self.generation += 1
        stop = threading.Event()
        worker = ReadWorker(project, self.generation, call, *args, write=write, cancelled=stop.is_set, **options)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.workers[self.generation], self._stops[self.generation] = worker, stop
        self._wanted = self.generation
        worker.start()

    def ask_to_stop(self) -> bool:
        """Ask the running call to stop but still wait for its answer (an edit that may have
        committed before it heard must still be known); whether one ran."""
        if self._wanted is None:
            return False
        self._stops[self._wanted].set()
        return True

    def cancel(self) -> bool:
        """Stop waiting for the running call (it ends in the background); whether one ran."""
        if self._wanted is None:
            return False
        self._stops[self._wanted].set()
        self._wanted = None
        return True

    def wait(self, milliseconds: int = 30_000, *, deliver: bool = True) -> bool:
        """Let every worker thread finish and (with ``deliver``) hand over the answer asked for now;
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

    def _done(self, generation: int, result: object) -> None:
        if self._retire(generation):
            self.finished.emit(result)

    def _failed(self, generation: int, text: str) -> None:
        if self._retire(generation):
            self.failed.emit(text)
