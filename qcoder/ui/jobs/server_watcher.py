"""Keeping a window up to date with what other coders change on a server project.

Every second a timer on the GUI thread starts one poll on the window's job runner (never two at
once): a job that asks the server's change feed (:mod:`qcoder.core.team.change_feed`) what others
changed since it last looked — one indexed query that returns nothing most of the time. Its
:class:`Changes` come back on the GUI thread, where the controller emits them like its own.
The window's own changes are left out (it has shown them already). A server that cannot be
reached for a while is simply asked again at the next tick.

Why polls are short jobs rather than one long-lived thread: the runner then knows every thread
that touches the project (closing the project waits for them all), errors are handled in one
place, and the feed's position (``last_id``) is only ever changed on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from qcoder.core.changes import Changes
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.change_feed import changes_on, feed_position
from qcoder.ui.jobs import Job, JobRunner

INTERVAL_SECONDS = 1.0


class ServerWatcher(QObject):
    """Emits ``changed(Changes)`` in the GUI thread when others changed the project."""

    changed = Signal(object)

    def __init__(
        self, project: Project, runner: JobRunner, parent: QObject | None = None, *,
        interval: float = INTERVAL_SECONDS,
    ) -> None:
        super().__init__(parent)
        self.project, self.runner, self.interval = project, runner, interval
        self.timer = QTimer(self)
        self.timer.setInterval(round(interval * 1000))
        self.timer.timeout.connect(self.poll)
        self.job: Job | None = None
        """The poll on its way, if one is."""
        self.last_id = 0

    @property
    def watching(self) -> bool:
        return self.timer.isActive()

    def start(self) -> bool:
        """Start watching; ``False`` if the server's change feed cannot be read (no rights on
        it, say): the project works as before, only without others' changes shown live."""
        position = feed_position(self.project.engine)
        if position is None:
            return False
        self.last_id = position
        self.timer.start()
        return True

    def stop(self) -> None:
        """Stop watching; returns once no poll touches the project's engine any more."""
        self.timer.stop()
        job, self.job = self.job, None
        if job is not None:
            job.abandon()
            job.wait(10_000)

    def poll(self) -> None:
        """Ask once, in the background, unless a poll is still on its way; ``changed`` follows
        if others changed something."""
        if self.job is not None:
            return
        project, since = self.project, self.last_id
        self.job = job = self.runner.start(lambda _context: _ask(project, since), name="qcoder-server-watcher")
        job.succeeded.connect(lambda answer: self._answered(job, answer))
        job.failed.connect(lambda _text: self._answered(job, None))

    def _answered(self, job: Job, answer: tuple[int, Changes] | None) -> None:
        if job is not self.job:
            return  # stopped meanwhile
        self.job = None
        if answer is None:
            return  # the server is unreachable for now: the next poll asks again
        self.last_id, changes = answer
        if not changes.empty:
            self.changed.emit(changes)


def _ask(project: Project, since: int) -> tuple[int, Changes]:
    return changes_on(project.engine, since, origin=project.origin)

