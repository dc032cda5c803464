"""The window's hold on the open project: runs use cases, owns the undo stack, says what changed.

Every edit goes through :meth:`ProjectController.push` as a ``QUndoCommand`` whose ``redo`` and
``undo`` call :meth:`run`; each :meth:`run` is one committed transaction followed by one
``changed(Changes)`` signal, so panes refresh only what the ``Changes`` name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.ui.jobs import JobRunner
from qcoder.ui.jobs.server_watcher import ServerWatcher

T = TypeVar("T")


class ProjectController(QObject):
    changed = Signal(object)
    """Emitted with the :class:`Changes` of every committed action."""
    project_opened = Signal()
    others_changed = Signal(str)
    """Other coders changed a server project and the views now show it: says who."""
    edit_refused = Signal(str)
    """An undo or redo was refused (another coder changed the same thing since…): why."""
    blind_changed = Signal(bool)
    """Blind coding was switched on or off: views show only the current coder's coding while on."""
    project_closing = Signal()
    """The project is about to close: work still running on it in other threads finishes now."""
    project_closed = Signal()
    source_requested = Signal(int, int, int)
    """Ask the document view to show source ``id`` and select ``[start, end)`` (code points)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)
        self.jobs = JobRunner(self)
        """Runs the window's background work (see :mod:`qcoder.ui.jobs`)."""
        self.initiator: object | None = None
        """While ``changed`` is emitted: the view or workflow whose action made the change, if
        it said so (:meth:`initiated_by`), so that it can skip refreshing what it shows already."""
        self._watcher: ServerWatcher | None = None
        self.blind = False

    # -- the project --------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.project is not None

    @property
    def read_only(self) -> bool:
        return self.project is not None and self.project.read_only

    @property
    def path(self) -> Path | None:
        return self.project.path if self.project is not None else None

    def set_project(self, project: Project) -> None:
        self.close_project()
        self.project = project
        self.undo_stack.clear()
        if project.on_server:
            self.watch_server()
        self.project_opened.emit()

    def set_blind(self, blind: bool) -> None:
        """Show only the current coder's coding everywhere (document, counts, retrieval) or all."""
        if blind != self.blind:
            self.blind = blind
            self.blind_changed.emit(blind)

    def visible_coder_id(self) -> int | None:
        """The coder whose coding the views show while coding blind; ``None``: everyone's."""
        return self.coder_id() if self.blind and self.project is not None else None

    def watch_server(self, interval: float | None = None) -> None:
        """Follow other coders' changes to the server project (started on opening one)."""
        assert self.project is not None
        self._stop_watching()
        self._watcher = ServerWatcher(self.project, self.jobs, self) if interval is None else \
            ServerWatcher(self.project, self.jobs, self, interval=interval)
        self._watcher.changed.connect(self._remote_changes)
        self._watcher.start()

    def _stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher.changed.disconnect(self._remote_changes)
            self._watcher.deleteLater()
            self._watcher = None

    def _remote_changes(self, changes: Changes) -> None:
        if self.project is not None:
            self.changed.emit(changes)
            if changes.messages:
                self.others_changed.emit(changes.messages[0])

    def close_project(self) -> None:
        if self.project is None:
            return
        self._stop_watching()
        self.undo_stack.clear()
        self.project_closing.emit()
        self.jobs.abandon_all()  # no work may still use the project once it is closed
        self.project.close()
        self.project = None
        self.project_closed.emit()

    def coder_id(self) -> int:
        assert self.project is not None
        return self.project.coder_id()

    # -- running use cases --------------------------------------------------------------

    @contextmanager
    def initiated_by(self, initiator: object) -> Iterator[None]:
        """Mark the changes emitted meanwhile as made by ``initiator`` (as Anki's
        ``CollectionOp(parent).run_in_background(initiator=…)`` does): a view started the
        change, shows it already, and skips its own refresh when :attr:`initiator` is itself."""
        before, self.initiator = self.initiator, initiator
        try:
            yield
        finally:
            self.initiator = before

    def announce(self, changes: Changes, initiator: object | None = None) -> None:
        """Emit ``changed`` for what was committed elsewhere (a background job), on behalf of
        ``initiator``."""
        if changes.empty:
            return
        with self.initiated_by(initiator if initiator is not None else self.initiator):
            self.changed.emit(changes)

    def run(self, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a use case in one transaction, emit ``changed`` and return its result.

        A use case returns :class:`Changes` or a tuple whose first item is one.
        """
        assert self.project is not None, "no project is open"
        try:
            result = self.project.write(use_case, *args, **kwargs)
        except QcoderError as error:
            stale = getattr(error, "changes", None)  # an edit refused as stale: show what is there
            if isinstance(stale, Changes):
                self.changed.emit(stale)
            raise
        changes = result[0] if isinstance(result, tuple) else result
        if isinstance(changes, Changes) and not changes.empty:
            self.changed.emit(changes)
        return result

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only query and return its snapshot(s)."""
        assert self.project is not None, "no project is open"
        with self.project.reading() as session:
            return query(session, *args, **kwargs)

    def push(self, command: QUndoCommand) -> None:
        """Push an undoable edit; its ``redo`` runs now. A refused edit leaves nothing behind."""
        self.undo_stack.push(command)
        failed = getattr(command, "failed", None)
        if failed is not None:
            # The command made itself obsolete, so the stack dropped it: report why.
            raise failed

    def show_passage(self, source_id: int, start: int, end: int) -> None:
        self.source_requested.emit(source_id, start, end)
