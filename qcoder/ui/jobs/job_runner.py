"""The window's one runner of background work: every import, export, merge, transfer, server
connection, search, analysis read and server poll is a :class:`Job` started here.

The runner keeps each job until its answer has been handed over (a job let go while its thread
still emits would be gone under it), waits for them all before a project closes, and runs a job
"while the person waits" (:meth:`run_waiting`): the GUI thread keeps painting and answering
(a progress dialog's Cancel among it) in a local event loop while the work runs elsewhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject
from PySide6.QtWidgets import QProgressDialog

from qcoder.ui.jobs.job import Job, Work
from qcoder.ui.jobs.job_failure import UNEXPECTED


class JobRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []

    def start(
        self, work: Work, *, name: str = "qcoder-job", initiator: object | None = None,
        unexpected: str = UNEXPECTED,
    ) -> Job:
        """Run ``work(context)`` on a thread of its own; connect to the returned job's signals
        (they are emitted on the GUI thread, after this call returns)."""
        job = Job(work, name=name, initiator=initiator, unexpected=unexpected, parent=self)
        self._jobs.append(job)
        job.finished.connect(lambda: self._let_go(job))
        job.start()
        return job

    def _let_go(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        job.deleteLater()

    @property
    def jobs(self) -> tuple[Job, ...]:
        """The jobs running or with an answer on its way."""
        return tuple(self._jobs)

    def wait(self, milliseconds: int = 60_000, *, deliver: bool = True) -> bool:
        """Let every job's work end and (with ``deliver``) hand over the answers now; whether
        all ended."""
        ended = all(job.wait(milliseconds) for job in list(self._jobs))
        if deliver:
            QCoreApplication.processEvents()
        return ended

    def abandon_all(self, milliseconds: int = 60_000) -> bool:
        """Before the project closes: ask every job to stop, drop their answers, and wait for
        their threads to leave the project; whether all did."""
        for job in self._jobs:
            job.abandon()
        return self.wait(milliseconds, deliver=False)

    def run_waiting(
        self, work: Work, *, name: str = "qcoder-job", progress: QProgressDialog | None = None,
        initiator: object | None = None, unexpected: str = UNEXPECTED, wait_if_abandoned: bool = True,
    ) -> Job:
        """Run ``work`` in the background while the caller waits in a local event loop, and
        return the job with its answer (:attr:`Job.result`, :attr:`Job.error`, :attr:`Job.message`).

        With ``progress`` (closed and let go afterwards; see :func:`waiting_dialog`), the dialog
        shows the job's progress and its Cancel abandons the job
        (``job.abandoned``): the work ends in the background and, with ``wait_if_abandoned``, is
        waited for here (work on the open project must have left it before the caller goes on)."""
        job = self.start(work, name=name, initiator=initiator, unexpected=unexpected)
        loop = QEventLoop(self)
        job.finished.connect(loop.quit)
        if progress is not None:
            job.progress.connect(lambda step, steps, what: _show(progress, step, steps, what))
            progress.canceled.connect(job.abandon)
            progress.canceled.connect(loop.quit)
            progress.setValue(0)  # starts the dialog's clock: it shows if the work outlasts its minimum duration
        if not job.done:
            loop.exec()
        if progress is not None:
            progress.canceled.disconnect(loop.quit)
            progress.reset()
            progress.deleteLater()  # the dialog was for this wait only
        if wait_if_abandoned or not job.abandoned:
            job.wait()
        return job

    def call_waiting(
        self, work: Work, *, name: str = "qcoder-job", progress: QProgressDialog | None = None,
        unexpected: str = UNEXPECTED,
    ) -> Any:
        """:meth:`run_waiting` for a call whose exception the caller handles: its result, or
        the exception it raised, raised again here on the GUI thread (``progress`` without a
        Cancel button: the call is waited for to its end)."""
        job = self.run_waiting(work, name=name, progress=progress, unexpected=unexpected)
        if job.error is not None:
            raise job.error
        return job.result


def _show(progress: QProgressDialog, step: int, steps: int, what: str) -> None:
    progress.setMaximum(steps)
    if what:
        progress.setLabelText(what)
    progress.setValue(step)  # last: a modal dialog's setValue runs events
