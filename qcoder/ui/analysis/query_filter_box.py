"""A choice of saved query that limits an analysis to its codings ("All codings" by default)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from qcoder.analysis.query import evaluate
from qcoder.core.usecases.queries.saved_queries import list_saved_queries
from qcoder.ui.project_controller import ProjectController

ALL_CODINGS = "All codings"


class QueryFilterBox(QComboBox):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setToolTip("Limit the analysis to the codings of a saved query")
        self.addItem(ALL_CODINGS)

    def reload(self) -> None:
        current = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_CODINGS)
        if self.controller.is_open:
            for query in self.controller.read(list_saved_queries):
                self.addItem(query.name, query.expression)
        self.setCurrentIndex(max(self.findText(current), 0))
        self.blockSignals(False)

    def coding_ids(self) -> set[int] | None:
        """The chosen query's codings, or ``None`` for all codings."""
        tree = self.currentData()
        if self.currentIndex() <= 0 or tree is None:
            return None
        return self.controller.read(evaluate, tree)
