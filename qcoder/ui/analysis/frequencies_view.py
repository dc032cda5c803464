"""Frequencies: a sortable table and a bar chart, per code or per attribute value.

A click on a row or a bar lists its passages below.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.frequencies import attribute_frequencies, code_frequencies
from qcoder.ui.analysis.analysis_view import AnalysisView
from qcoder.ui.analysis.bar_chart import BarChart
from qcoder.ui.analysis.frequency_model import FrequencyModel
from qcoder.ui.project_controller import ProjectController

PER_CODE, PER_ATTRIBUTE = "Per code", "Per attribute value"
ALL_ATTRIBUTES = "All attributes"


class FrequenciesView(AnalysisView):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.kind = QComboBox(self)
        self.kind.addItems([PER_CODE, PER_ATTRIBUTE])
        self.kind.currentIndexChanged.connect(lambda _i: self.update_now())
        self.attribute = QComboBox(self)
        self.attribute.setToolTip("Which attribute's values to count")
        self.attribute.setEnabled(False)
        self.attribute.currentIndexChanged.connect(lambda _i: self._filter_attributes())
        self._attribute_rows: list = []
        self.model = FrequencyModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(FrequencyModel.SortRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # tree order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self.row_chosen)
        self.table.activated.connect(self.row_chosen)
        self.proxy.layoutChanged.connect(self._chart)
        self.chart = BarChart(self)
        self._chart_rows: list[int] = []
        self.chart.bar_clicked.connect(self.bar_chosen)
        scroll = QScrollArea(self)
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Count:"))
        top.addWidget(self.kind)
        top.addWidget(self.attribute)
        top.addStretch(1)
        top.addWidget(QLabel("Codings:"))
        top.addWidget(self.query_box)
        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(self.table)
        upper.addWidget(scroll)
        upper.setSizes([460, 420])
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(upper)
        body.addWidget(self.passages)
        body.setSizes([380, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body)

    def refresh(self) -> None:
        codings = self.query_box.coding_ids()
        if self.kind.currentText() == PER_CODE:
            self.in_background(code_frequencies, coding_ids=codings, on_result=self._show_codes)
        else:
            self.in_background(attribute_frequencies, coding_ids=codings, on_result=self._show_attributes)

    def _show_codes(self, rows: list) -> None:
        self.attribute.setEnabled(False)
        self.model.set_codes(rows)
        self._chart()

    def _show_attributes(self, rows: list) -> None:
        self._attribute_rows = rows
        chosen = self.attribute.currentText()
        names = list(dict.fromkeys(f"{r.attribute} ({r.applies_to})" for r in rows))
        self.attribute.blockSignals(True)
        self.attribute.clear()
        self.attribute.addItem(ALL_ATTRIBUTES)
        self.attribute.addItems(names)
        self.attribute.setCurrentIndex(max(self.attribute.findText(chosen), 0))
        self.attribute.setEnabled(True)
        self.attribute.blockSignals(False)
        self._filter_attributes()

    def _filter_attributes(self) -> None:
        if not self.model.by_attribute and not self.attribute.isEnabled():
            return
        chosen = self.attribute.currentText()
        rows = [r for r in self._attribute_rows
                if chosen in ("", ALL_ATTRIBUTES) or f"{r.attribute} ({r.applies_to})" == chosen]
        self.model.set_attributes(rows)
        self._chart()

    def _chart(self) -> None:
        rows = [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(self.proxy.rowCount())]
        self._chart_rows = rows
        self.chart.set_bars([(self.model.short_label(r), self.model.value(r), self.model.colour(r)) for r in rows])

    def clear(self) -> None:
        self.model.set_codes([])
        self.chart.set_bars([])

    def row_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self._show_row(self.proxy.mapToSource(index).row())

    def bar_chosen(self, bar: int) -> None:
        self._show_row(self._chart_rows[bar])
        self.table.selectRow(bar)

    def _show_row(self, row: int) -> None:
        self.passages.show_codings(self.model.label(row), self.model.coding_ids(row))
