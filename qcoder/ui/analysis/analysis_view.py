"""What the analysis views share: refresh after edits only when shown, compute off the GUI thread,
and a passages panel that lists what a clicked number stands for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.ui.analysis.passages_panel import PassagesPanel
from qcoder.ui.analysis.query_filter_box import QueryFilterBox
from qcoder.ui.analysis.read_worker import ReadWorker
from qcoder.ui.project_controller import ProjectController


class AnalysisView(QWidget):
    """Subclasses build their widgets and implement :meth:`refresh` and :meth:`clear`.

    A slow read goes through :meth:`in_background`; only the latest request's answer is shown.
    """

    message = Signal(str)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.stale = True
        self.generation = 0
        self.workers: dict[int, ReadWorker] = {}
        """Running (or just finished) reads by generation; each is waited for before it is let go,
        since a QThread destroyed while it still runs aborts the program."""
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self.passages = PassagesPanel(controller, self)
        self.query_box = QueryFilterBox(controller, self)
        self.query_box.currentIndexChanged.connect(lambda _i: self.update_now())
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.on_opened)
        controller.project_closed.connect(self.on_closed)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def on_opened(self) -> None:
        self.query_box.reload()
        self.stale = True
        if self.isVisible():
            self.update_now()

    def on_closed(self) -> None:
        self.generation += 1  # answers still on their way are for the project just closed
        self._callbacks.clear()
        self.wait(deliver=False)
        self.passages.clear()
        self.clear()

    def on_changed(self, changes: Changes) -> None:
        if changes.queries:
            self.query_box.reload()
        if changes.codings or changes.codes or changes.code_tree or changes.cases or changes.attributes \
                or changes.sources or changes.queries:
            self.stale = True
            if self.isVisible():
                self.update_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.update_now()

    def update_now(self) -> None:
        if not self.controller.is_open:
            return
        self.stale = False
        try:
            self.refresh()
        except QcoderError as error:
            self.show_problem(str(error))

    def in_background(self, read: Callable[..., Any], *args: Any, on_result: Callable[[Any], None], **kwargs: Any) -> None:
        """Run ``read(session, *args, **kwargs)`` in a worker thread, then ``on_result`` here."""
        project = self.controller.project
        if project is None:
            return
        self.generation += 1
        self._callbacks = {self.generation: on_result}
        worker = ReadWorker(project, self.generation, read, *args, **kwargs)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.workers[self.generation] = worker
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        worker.start()

    def _retire(self, generation: int) -> None:
        worker = self.workers.pop(generation, None)
        if worker is not None:
            worker.wait()  # it has emitted its answer and is about to stop

    def _done(self, generation: int, result: object) -> None:
        self._retire(generation)
        callback = self._callbacks.pop(generation, None)
        self._restore_cursor()
        if callback is not None:
            try:
                callback(result)
            except QcoderError as error:
                self.show_problem(str(error))

    def _failed(self, generation: int, text: str) -> None:
        self._retire(generation)
        self._restore_cursor()
        if self._callbacks.pop(generation, None) is not None:
            self.show_problem(text)

    def _restore_cursor(self) -> None:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()

    def wait(self, milliseconds: int = 30_000, *, deliver: bool = True) -> bool:
        """Let running reads finish and (with ``deliver``) hand over their answers now."""
        finished = all(worker.wait(milliseconds) for worker in list(self.workers.values()))
        if deliver:
            QCoreApplication.processEvents()
        return finished

    def refresh(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        self.message.emit(text)
        self.passages.title.setText(text)
