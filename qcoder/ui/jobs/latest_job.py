"""One call at a time whose latest answer only counts: a search, an analysis read.

Starting a call gives up on the one still running (it ends in the background and is waited for
before the project closes); ``cancel`` gives up at once; ``ask_to_stop`` asks the running call
to stop but still waits for its answer (an edit that committed before it heard must be known).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from qcoder.ui.jobs.job import Job, Work
from qcoder.ui.jobs.job_failure import UNEXPECTED
from qcoder.ui.jobs.job_runner import JobRunner


class LatestJob(QObject):
    finished = Signal(object)
    """The result of the call now asked for."""
    failed = Signal(str)
    """Why the call now asked for gave no result (a sentence for the person)."""

    def __init__(
        self, runner: JobRunner, parent: QObject | None = None, *, name: str = "qcoder-read",
        unexpected: str = UNEXPECTED,
    ) -> None:
        super().__init__(parent)
        self.runner, self.name, self.unexpected = runner, name, unexpected
        self.job: Job | None = None
        """The call whose answer is wanted, while it runs."""
        self._all: list[Job] = []

    @property
    def running(self) -> bool:
        """Whether a call is on its way whose answer will be given."""
        return self.job is not None

    def start(self, work: Work, *, initiator: object | None = None) -> Job:
        self.cancel()
        job = self.runner.start(work, name=self.name, initiator=initiator, unexpected=self.unexpected)
        job.succeeded.connect(lambda result: self._answer(job, self.finished, result))
        job.failed.connect(lambda text: self._answer(job, self.failed, text))
        job.finished.connect(lambda: self._all.remove(job) if job in self._all else None)
        self.job = job
        self._all.append(job)
        return job

    def _answer(self, job: Job, signal: Any, value: object) -> None:
        if job is self.job:
            self.job = None
            signal.emit(value)

    def ask_to_stop(self) -> bool:
        if self.job is None:
            return False
        self.job.cancel()
        return True

    def cancel(self) -> bool:
        """Stop waiting for the running call (it ends in the background); whether one ran."""
        job, self.job = self.job, None
        if job is None:
            return False
        job.abandon()
        return True

    def wait(self, milliseconds: int = 30_000, *, deliver: bool = True) -> bool:
        """Let every call started here end and (with ``deliver``) hand over the answer asked
        for now; whether all ended."""
        ended = all(job.wait(milliseconds) for job in list(self._all))
        if deliver:
            QCoreApplication.processEvents()
        return ended
