"""The passages behind a number: every analysis view lists a clicked cell's codings here.

Double-click (or Enter) on a passage shows it in the document.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from qcoder.analysis.passages import segments_for
from qcoder.core.wording import counted
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.project_controller import ProjectController


class PassagesPanel(QWidget):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = SegmentTableModel(self)
        self.title = QLabel("Click a number to list its passages.", self)
        self.title.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.jump)
        self.table.doubleClicked.connect(self.jump)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def show_codings(self, title: str, coding_ids: Collection[int]) -> None:
        wanted = set(coding_ids)
        segments = self.controller.read(segments_for, wanted)
        self.model.set_segments(segments)
        sources = len({s.source_id for s in segments})
        self.title.setText(f"{title}: {counted(len(segments), 'passage')} in {counted(sources, 'source')}")

    def clear(self) -> None:
        self.model.set_segments([])
        self.title.setText("Click a number to list its passages.")

    def jump(self, index: QModelIndex) -> None:
        if index.isValid():
            segment = self.model.segment(index.row())
            self.controller.show_passage(segment.source_id, segment.start, segment.end)
