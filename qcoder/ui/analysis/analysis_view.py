"""What the analysis views share: refresh after edits only when shown, compute off the GUI thread,
and a passages panel that lists what a clicked number stands for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.ui.analysis.passages_panel import PassagesPanel
from qcoder.ui.analysis.query_filter_box import QueryFilterBox
from qcoder.ui.jobs import LatestJob, reading
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
        self.reads = LatestJob(controller.jobs, self, name="qcoder-analysis",
                               unexpected="the analysis could not be computed")
        """The slow reads, of which only the latest one's answer is shown."""
        self.reads.finished.connect(self._done)
        self.reads.failed.connect(self._failed)
        self._on_result: Callable[[Any], None] | None = None
        self.passages = PassagesPanel(controller, self)
        self.query_box = QueryFilterBox(controller, self)
        self.query_box.currentIndexChanged.connect(lambda _i: self.update_now())
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.on_opened)
        controller.project_closed.connect(self.on_closed)

    @property
    def busy(self) -> bool:
        return self.reads.running

    def on_opened(self) -> None:
        self.query_box.reload()
        self.stale = True
        if self.isVisible():
            self.update_now()

    def on_closed(self) -> None:
        if self.reads.cancel():  # answers still on their way are for the project just closed
            self._restore_cursor()
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

    def showEvent(self, event: QShowEvent) -> None:
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
        """Run ``read(session, *args, **kwargs)`` as a job of the window's runner, then
        ``on_result`` here; a read still running is given up."""
        project = self.controller.project
        if project is None:
            return
        if not self.reads.running:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._on_result = on_result
        self.reads.start(reading(project, read, *args, **kwargs), initiator=self)

    def _done(self, result: object) -> None:
        callback, self._on_result = self._on_result, None
        self._restore_cursor()
        if callback is not None:
            try:
                callback(result)
            except QcoderError as error:
                self.show_problem(str(error))

    def _failed(self, text: str) -> None:
        self._on_result = None
        self._restore_cursor()
        self.show_problem(text)

    def _restore_cursor(self) -> None:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()

    def wait(self, milliseconds: int = 30_000, *, deliver: bool = True) -> bool:
        """Let running reads finish and (with ``deliver``) hand over their answers now."""
        return self.reads.wait(milliseconds, deliver=deliver)

    def refresh(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        self.message.emit(text)
        self.passages.title.setText(text)
