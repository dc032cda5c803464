"""Co-occurrence: which codes are coded together, as a shaded matrix and as a list of pairs.

A click on a cell or a pair lists its passages below.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import cast

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.cooccurrence import Cooccurrence, cooccurrence
from qcoder.core.wording import counted
from qcoder.io.cooccurrence_export import write_cooccurrence_csv
from qcoder.ui.analysis.analysis_view import AnalysisView
from qcoder.ui.analysis.cooccurrence_models import (
    CodingIdsRole,
    CooccurrenceMatrixModel,
    CooccurrencePairsModel,
    SortRole,
)
from qcoder.ui.analysis.dimension_choices import UNITS, code_groups
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.project_controller import ProjectController

ALL_CODES = "All codes"


class CooccurrenceView(AnalysisView):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.group = QComboBox(self)
        self.group.addItem(ALL_CODES, None)
        self._groups_stale = False
        self.unit = QComboBox(self)
        for label, unit in UNITS:
            self.unit.addItem(label, unit)
        self.same_coder = QCheckBox("Same coder only", self)
        self.same_coder.setChecked(True)
        self.same_coder.setToolTip("Count two codings as together only when one coder made both")
        for signal in (self.group.currentIndexChanged, self.unit.currentIndexChanged):
            signal.connect(lambda _i: self.update_now())
        self.same_coder.toggled.connect(lambda _c: self.update_now())
        self.matrix_model = CooccurrenceMatrixModel(self)
        self.matrix = QTableView(self)
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        columns = self.matrix.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setDefaultSectionSize(92)  # names are elided; the header's tool tip has the path
        columns.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matrix.clicked.connect(self.cell_chosen)
        self.matrix.activated.connect(self.cell_chosen)
        self.pairs_model = CooccurrencePairsModel(self)
        self.pairs_proxy = QSortFilterProxyModel(self)
        self.pairs_proxy.setSourceModel(self.pairs_model)
        self.pairs_proxy.setSortRole(SortRole)
        self.pairs = QTableView(self)
        self.pairs.setModel(self.pairs_proxy)
        self.pairs.setSortingEnabled(True)
        self.pairs.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.pairs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs.verticalHeader().hide()
        for column in (0, 1):
            self.pairs.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.pairs.clicked.connect(self.pair_chosen)
        self.pairs.activated.connect(self.pair_chosen)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.matrix, "Matrix")
        self.tabs.addTab(self.pairs, "Pairs")
        self.summary = QLabel("", self)
        self.export_button = QPushButton("Export &CSV…", self)
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        for label, widget in (("Codes:", self.group), ("Together means:", self.unit)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.same_coder)
        top.addStretch(1)
        top.addWidget(QLabel("Codings:"))
        top.addWidget(self.query_box)
        top.addWidget(self.export_button)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.tabs)
        body.addWidget(self.passages)
        body.setSizes([380, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(body)

    def on_opened(self) -> None:
        self._load_groups()
        super().on_opened()

    def _load_groups(self) -> None:
        self._groups_stale = False
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(ALL_CODES, None)
        for label, spec in self.controller.read(code_groups):
            self.group.addItem(label, spec.removeprefix("code:"))
        self.group.setCurrentIndex(max(self.group.findData(current), 0))
        self.group.blockSignals(False)

    def on_changed(self, changes) -> None:
        if changes.code_tree:
            self._groups_stale = True  # read again when next shown (refresh), not per new code
        super().on_changed(changes)

    def refresh(self) -> None:
        if self._groups_stale:
            self._load_groups()
        self.summary.setText("Computing…")
        self.in_background(
            cooccurrence, group=self.group.currentData(), unit=self.unit.currentData(),
            coding_ids=self.query_box.coding_ids(), same_coder=self.same_coder.isChecked(),
            only_together=self.group.currentData() is None, on_result=self.show_result,
        )

    def show_result(self, result: Cooccurrence) -> None:
        self.matrix_model.set_result(result)
        self.pairs_model.set_pairs(result.pairs())
        self.summary.setText(
            f"Row A, column B: passages of A coded together with B. {len(result.pairs())} pairs of codes "
            f"occur together among {counted(len(result.codes), 'code')}."
        )

    def show_problem(self, text: str) -> None:
        super().show_problem(text)
        self.summary.setText(text)

    def clear(self) -> None:
        self.matrix_model.set_result(None)
        self.pairs_model.set_pairs([])
        self.summary.setText("")

    def export_dialog(self) -> None:
        if self.matrix_model.result is None:
            return
        path = file_dialogs.save_file_name(self, "Export co-occurrence", "cooccurrence.csv", "CSV (*.csv)")
        if path:
            self.export(Path(path if path.lower().endswith(".csv") else path + ".csv"))

    def export(self, path: Path) -> bool:
        assert self.matrix_model.result is not None
        try:
            write_cooccurrence_csv(self.matrix_model.result, path)
        except OSError as error:
            QMessageBox.warning(self, "Export co-occurrence", f"Could not write {path.name}: {error.strerror or error}")
            return False
        self.message.emit(f"exported the co-occurrence matrix to {path}")
        return True

    def cell_chosen(self, index: QModelIndex) -> None:
        ids = self.matrix_model.data(index, CodingIdsRole)
        if index.isValid() and ids is not None:
            self.passages.show_codings(self.matrix_model.title(index), cast(Collection[int], ids))

    def pair_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            pair = self.pairs_model.pair(self.pairs_proxy.mapToSource(index).row())
            self.passages.show_codings(f"{pair.first.name} with {pair.second.name}", pair.coding_ids)
