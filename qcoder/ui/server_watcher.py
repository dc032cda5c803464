"""Keeping a window up to date with what other coders change on a server project.

A background thread asks the server's change feed (:mod:`qcoder.core.change_feed`) every
second what others changed since it last looked — one indexed query that returns nothing
most of the time — and hands a :class:`Changes` to the GUI thread, where the controller emits
it like one of its own. The window's own changes are left out (it has shown them already).
A server that cannot be reached for a while is simply asked again.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import SQLAlchemyError

from qcoder.core.change_feed import changes_since, latest_change_id
from qcoder.core.project import Project

INTERVAL_SECONDS = 1.0


class ServerWatcher(QObject):
    """Emits ``changed(Changes)`` in the GUI thread when others changed the project."""

    changed = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None, *, interval: float = INTERVAL_SECONDS) -> None:
        super().__init__(parent)
        self.project = project
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_id = 0

    def start(self) -> bool:
        """Start watching; ``False`` if the server's change feed cannot be read (no rights on
        it, say): the project works as before, only without others' changes shown live."""
        try:
            with self.project.engine.connect() as connection:
                self.last_id = latest_change_id(connection)
        except SQLAlchemyError:
            return False
        self._thread = threading.Thread(target=self._watch, name="qcoder-server-watcher", daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        """Stop watching; returns once the thread no longer touches the project's engine."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def poll(self) -> None:
        """Ask once; emits ``changed`` if others changed something."""
        try:
            with self.project.engine.connect() as connection:
                self.last_id, changes = changes_since(connection, self.last_id, origin=self.project.origin)
        except SQLAlchemyError:
            return  # the server is unreachable for now: the next poll asks again
        if not changes.empty and not self._stop.is_set():
            self.changed.emit(changes)

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()
