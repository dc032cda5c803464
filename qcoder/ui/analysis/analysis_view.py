"""What the analysis views share: refresh after edits only when shown, a passages panel below."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.ui.analysis.passages_panel import PassagesPanel
from qcoder.ui.analysis.query_filter_box import QueryFilterBox
from qcoder.ui.project_controller import ProjectController


class AnalysisView(QWidget):
    """Subclasses build their widgets and implement :meth:`refresh` (read, then fill models)."""

    message = Signal(str)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.stale = True
        self.passages = PassagesPanel(controller, self)
        self.query_box = QueryFilterBox(controller, self)
        self.query_box.currentIndexChanged.connect(lambda _i: self.update_now())
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.on_opened)
        controller.project_closed.connect(self.on_closed)

    def on_opened(self) -> None:
        self.query_box.reload()
        self.stale = True
        if self.isVisible():
            self.update_now()

    def on_closed(self) -> None:
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
            self.message.emit(str(error))
            self.show_problem(str(error))

    def refresh(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        self.passages.title.setText(text)
