"""One piece of background work: a function run on its own thread, with progress, cancel and
a clear failure, whose answer comes back on the GUI thread.

Every public signal of a :class:`Job` is emitted on the thread the job was made on (the GUI
thread), so any slot — a lambda too — runs there. The work gets a :class:`JobContext` to report
progress and to ask whether it should stop; it uses the open project from its own thread (each
``project.transaction()`` or ``project.reading()`` opens its own session and connection).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from qcoder.ui.jobs.job_failure import UNEXPECTED, failure_message


class JobContext:
    """What the work sees of its job: where to report progress, and whether to stop."""

    def __init__(self, job: Job) -> None:
        self._job = job

    def progress(self, step: int, steps: int, what: str = "") -> None:
        """Say how far the work is (``steps`` 0: no known end); shown on the GUI thread."""
        self._job._progressed.emit(step, steps, what)

    def cancelled(self) -> bool:
        """Whether the person asked to stop: work that can stop between steps asks this."""
        return self._job._stop.is_set()


Work = Callable[[JobContext], Any]
ProgressCallback = Callable[[int, int, str], None]
"""(step, steps, what is happening): how plain functions of io and core report progress."""


class Job(QObject):
    progress = Signal(int, int, str)
    """(step, steps, what is happening)."""
    succeeded = Signal(object)
    """The work's result (not emitted once the job is abandoned)."""
    failed = Signal(str)
    """One sentence for the person: why the work gave no result (not emitted once abandoned)."""
    finished = Signal()
    """The work has returned and its answer was handed over (or dropped, if abandoned)."""

    _progressed = Signal(int, int, str)
    _ended = Signal(object, object)

    def __init__(
        self, work: Work, *, name: str = "qcoder-job", initiator: object | None = None,
        unexpected: str = UNEXPECTED, parent: QObject | None = None,
    ) -> None:
        """``initiator``: the view or workflow that asked for the work, so that it can tell its
        own changes from others' (see :meth:`ProjectController.initiated_by`). ``unexpected``:
        how an error that is not the person's to fix begins its message."""
        super().__init__(parent)
        self.work, self.name, self.initiator, self.unexpected = work, name, initiator, unexpected
        self.result: Any = None
        self.error: BaseException | None = None
        """The exception that stopped the work, if one did (the message is :attr:`message`)."""
        self.message = ""
        self.abandoned = False
        self.done = False
        """The answer has been handed over on the GUI thread."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progressed.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- from the GUI thread ----------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.name} has started already")
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop (it stops where it asks :meth:`JobContext.cancelled`); its answer
        — what it did before it heard — is still handed over."""
        self._stop.set()

    def abandon(self) -> None:
        """Ask the work to stop and stop waiting for it: its answer will be dropped."""
        self._stop.set()
        self.abandoned = True

    @property
    def running(self) -> bool:
        """Whether the work's thread still runs."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, milliseconds: int = 60_000) -> bool:
        """Wait for the work's thread to end; whether it did (its answer arrives with the next
        events processed)."""
        if self._thread is not None:
            self._thread.join(milliseconds / 1000)
        return not self.running

    # -- on the work's thread ---------------------------------------------------------------

    def _run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.work(JobContext(self))
        except Exception as caught:  # noqa: BLE001 (told as one sentence on the GUI thread, never a crash)
            error = caught
        self._ended.emit(result, error)

    # -- back on the GUI thread -------------------------------------------------------------

    def _relay_progress(self, step: int, steps: int, what: str) -> None:
        if not self.abandoned and not self.done:
            self.progress.emit(step, steps, what)

    def _deliver(self, result: object, error: BaseException | None) -> None:
        self.wait()  # the thread has emitted its answer and is about to end
        self.result, self.error, self.done = result, error, True
        if error is not None:
            self.message = failure_message(error, self.unexpected)
        if not self.abandoned:
            if error is None:
                self.succeeded.emit(result)
            else:
                self.failed.emit(self.message)
        self.finished.emit()
