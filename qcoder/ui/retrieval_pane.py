"""The retrieval pane: every passage of the chosen codes, filterable by coder; double-click jumps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.changes import Changes
from qcoder.core.usecases.code_tree import descendant_ids
from qcoder.core.usecases.coders import list_coders
from qcoder.core.usecases.codings import list_segments
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.project_controller import ProjectController

ALL_CODERS = "All coders"


class RetrievalPane(QWidget):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.code_ids: list[int] = []
        self._shown_codes: set[int] = set()
        self.model = SegmentTableModel(self)
        self.summary = QLabel("Choose codes in the code tree to see their passages.")
        self.coder_box = QComboBox(self)
        self.coder_box.addItem(ALL_CODERS)
        self.coder_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.jump)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Coder:"))
        top.addWidget(self.coder_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self._load_coders)
        controller.project_closed.connect(lambda: self.model.set_segments([]))

    def show_codes(self, code_ids: list[int]) -> None:
        self.code_ids = [c for c in code_ids if c is not None]
        self._shown_codes = self._with_children(self.code_ids)
        self.reload()

    def _with_children(self, code_ids: list[int]) -> set[int]:
        if not self.controller.is_open:
            return set()
        return {d for code in code_ids for d in self.controller.read(descendant_ids, code)}

    def _load_coders(self) -> None:
        current = self.coder_box.currentText()
        self.coder_box.blockSignals(True)
        self.coder_box.clear()
        self.coder_box.addItem(ALL_CODERS)
        self.coder_box.addItems([c.name for c in self.controller.read(list_coders)])
        index = self.coder_box.findText(current)
        self.coder_box.setCurrentIndex(max(index, 0))
        self.coder_box.blockSignals(False)

    def reload(self) -> None:
        if not self.controller.is_open or not self.code_ids:
            self.model.set_segments([])
            self.summary.setText("Choose codes in the code tree to see their passages.")
            return
        coder = None if self.coder_box.currentText() == ALL_CODERS else self.coder_box.currentText()
        segments = []
        for code_id in self.code_ids:
            segments += self.controller.read(list_segments, code_id=code_id, include_children=True, coder=coder)
        unique = {s.coding_id: s for s in segments}
        ordered = sorted(unique.values(), key=lambda s: (s.source, s.start))
        self.model.set_segments(ordered)
        sources = len({s.source_id for s in ordered})
        self.summary.setText(f"{len(ordered)} passages in {sources} sources")

    def on_changed(self, changes: Changes) -> None:
        if changes.coders:
            self._load_coders()
        if changes.code_tree:
            self._shown_codes = self._with_children(self.code_ids)
            self.reload()
        elif (changes.codings or changes.codes) and (not changes.codes or changes.codes & self._shown_codes):
            self.reload()

    def jump(self, index: QModelIndex) -> None:
        segment = self.model.segment(index.row())
        self.controller.show_passage(segment.source_id, segment.start, segment.end)
