"""Crosstabs: rows, columns and an optional third dimension; count passages, sources or cases.

Shaded cells; a click lists a cell's passages; the table exports to CSV or XLSX.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.board_groups import board_groups, group_label
from qcoder.analysis.crosstab import COUNTS, Crosstab, crosstab, crosstab_caption
from qcoder.app.table_exports import export_crosstab
from qcoder.core.errors import QcoderError
from qcoder.ui.analysis.analysis_view import AnalysisView
from qcoder.ui.analysis.consensus_box import ConsensusBox
from qcoder.ui.analysis.crosstab_model import CrosstabModel
from qcoder.ui.analysis.dimension_choices import UNITS, code_groups, dimensions
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.project_controller import ProjectController

NONE = "(none)"


class CrosstabView(AnalysisView):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.table_data: Crosstab | None = None
        self._choices_read = False
        self.rows, self.columns, self.by = QComboBox(self), QComboBox(self), QComboBox(self)
        self.count = QComboBox(self)
        self.count.addItems(COUNTS)
        self.unit = QComboBox(self)
        for label, unit in UNITS:
            self.unit.addItem(label, unit)
        self.same_coder = QCheckBox("Same coder only", self)
        self.same_coder.setChecked(True)
        self.consensus = ConsensusBox(self)
        self.consensus.currentIndexChanged.connect(lambda _i: self.update_now())
        self.layer = QComboBox(self)
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer.currentIndexChanged.connect(self._show_layer)
        for box in (self.rows, self.columns, self.by, self.count, self.unit):
            box.currentIndexChanged.connect(lambda _i: self.update_now())
        self.same_coder.toggled.connect(lambda _c: self.update_now())
        self.model = CrosstabModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMinimumSectionSize(70)
        self.view.clicked.connect(self.cell_chosen)
        self.view.activated.connect(self.cell_chosen)
        self.export_csv = QPushButton("Export &CSV…", self)
        self.export_csv.clicked.connect(lambda: self.export_dialog(".csv"))
        self.export_xlsx = QPushButton("Export &XLSX…", self)
        self.export_xlsx.clicked.connect(lambda: self.export_dialog(".xlsx"))
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        grid = QGridLayout()
        for column, (label, widget) in enumerate((("Rows", self.rows), ("Columns", self.columns), ("Split by", self.by))):
            grid.addWidget(QLabel(label + ":"), 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        for column, (label, widget) in enumerate((("Count", self.count), ("Together means", self.unit), ("Codings", self.query_box))):
            grid.addWidget(QLabel(label + ":"), 1, 2 * column)
            grid.addWidget(widget, 1, 2 * column + 1)
        grid.addWidget(self.same_coder, 0, 6)
        grid.addWidget(self.consensus, 1, 6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Layer:"))
        bottom.addWidget(self.layer)
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.export_csv)
        bottom.addWidget(self.export_xlsx)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.view)
        body.addWidget(self.passages)
        body.setSizes([360, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        layout.addWidget(body)

    def on_opened(self) -> None:
        """The choices are read when first needed (the view shown, or a choice made): read at
        every project open, for a view most researchers never show, they cost 0.1-0.2 s."""
        self._choices_read = False
        super().on_opened()

    def _read_choices(self) -> None:
        if not self._choices_read and self.controller.is_open:
            self._choices_read = True
            self.load_choices()

    def on_changed(self, changes) -> None:
        if not self._choices_read:
            super().on_changed(changes)
            return
        if changes.code_tree or changes.attributes:
            if self.isVisible():
                self.load_choices()
            else:
                self._choices_read = False  # read again (keeping what was chosen) when next needed
        super().on_changed(changes)

    def load_choices(self) -> None:
        """Fill the dimension boxes; keep what was chosen; default to on-ramps × stages if there."""
        groups = self.controller.read(code_groups)
        every = self.controller.read(dimensions)
        defaults = {self.rows: "code:On-ramp", self.columns: "code:Lifecycle stage", self.by: None}
        found = self.controller.read(board_groups)
        if found.stage is not None and found.items:  # the study's groups by GUID: a rename keeps them
            defaults[self.rows] = "code:" + self.controller.read(group_label, found.items[0])
            defaults[self.columns] = "code:" + self.controller.read(group_label, found.stage)
        for box, items, optional in ((self.rows, groups, False), (self.columns, every, False), (self.by, every, True)):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            if optional:
                box.addItem(NONE, None)
            for label, spec in items:
                box.addItem(label, spec)
            index = box.findData(current) if current is not None else -1
            if index < 0:
                index = box.findData(defaults[box]) if defaults[box] else 0
            if index < 0:  # a study without the default codebook: the first group, the second thing
                index = 0 if box is self.rows else min(1, box.count() - 1)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

    def choose(self, rows: str, columns: str, by: str | None = None, count: str = "passages", unit: str = "overlap") -> None:
        """Pick dimensions by spec (``code:PATH``, ``case:NAME``…) and recompute once."""
        self._read_choices()
        for box, value in ((self.rows, rows), (self.columns, columns), (self.by, by), (self.count, count), (self.unit, unit)):
            box.blockSignals(True)
            index = box.findData(value) if box is not self.count else box.findText(count)
            if index < 0:
                box.blockSignals(False)
                raise QcoderError(f"'{value}' is not a choice here")
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.update_now()

    def refresh(self) -> None:
        self._read_choices()
        rows, columns = self.rows.currentData(), self.columns.currentData()
        if not rows or not columns:
            self.clear()
            self.summary.setText("Choose a code group for the rows and a group or an attribute for the columns.")
            return
        self.summary.setText("Computing…")
        self.in_background(
            crosstab, rows, columns, by=self.by.currentData(), count=self.count.currentText(),
            unit=self.unit.currentData(), coding_ids=self.query_box.coding_ids(), same_coder=self.same_coder.isChecked(),
            consensus=self.consensus.value(), on_result=self.show_result,
        )

    def show_result(self, table: Crosstab) -> None:
        self.table_data = table
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems([name or "—" for name in self.table_data.layers])
        self.layer.setEnabled(self.table_data.by is not None)
        self.layer.blockSignals(False)
        self.model.set_table(self.table_data, 0)
        table = self.table_data
        self.summary.setText(f"{crosstab_caption(table)} Click a number to list its passages.")

    def _show_layer(self, layer: int) -> None:
        if self.table_data is not None and layer >= 0:
            self.model.set_table(self.table_data, layer)

    def show_problem(self, text: str) -> None:
        super().show_problem(text)
        self.summary.setText(text)

    def clear(self) -> None:
        self.table_data = None
        self.model.set_table(None)
        self.layer.clear()

    def cell_chosen(self, index: QModelIndex) -> None:
        if index.isValid() and self.table_data is not None:
            self.passages.show_codings(self.model.title(index), self.model.cell(index).coding_ids)

    def export_dialog(self, suffix: str) -> None:
        if self.table_data is None:
            return
        path = file_dialogs.save_file_name(self, "Export crosstab", f"crosstab{suffix}", f"*{suffix}")
        if path:
            self.export(Path(path if path.endswith(suffix) else path + suffix))

    def export(self, path: Path) -> bool:
        assert self.table_data is not None
        assert self.controller.project is not None
        try:
            export_crosstab(self.controller.project, self.table_data, path)
        except OSError as error:
            QMessageBox.warning(self, "Export crosstab", f"Could not write {path.name}: {error.strerror or error}")
            return False
        except QcoderError as error:
            QMessageBox.warning(self, "Export crosstab", f"Could not write {path.name}: {error}")
            return False
        self.message.emit(f"exported the crosstab to {path}")
        return True
