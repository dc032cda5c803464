"""The framework matrix view: cases (organisations) × codes, filtered by a case attribute value.

A click on a cell lists its passages below; the matrix exports as CSV or XLSX with its quotes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from qcoder.analysis.framework_matrix import FrameworkMatrix, build_framework_matrix
from qcoder.app.table_exports import export_framework
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.ui.analysis.analysis_view import AnalysisView
from qcoder.ui.analysis.consensus_box import ConsensusBox
from qcoder.ui.analysis.dimension_choices import code_groups
from qcoder.ui.analysis.framework_model import FrameworkModel
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.project_controller import ProjectController

ALL_CASES = "All cases"
SEPARATOR = "\x1f"
"""Between attribute and value in the data of the filter's items (neither can hold it)."""


class FrameworkView(AnalysisView):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.matrix: FrameworkMatrix | None = None
        self._choices_read = False
        self.query_box.hide()  # the matrix counts every coding of its codes; saved queries do not apply
        self.group = QComboBox(self)
        self.where = QComboBox(self)
        self.where.setToolTip("Only the cases with this attribute value")
        self.organisations = QCheckBox("Organisations only", self)
        self.consensus = ConsensusBox(self)
        for box in (self.group, self.where, self.consensus):
            box.currentIndexChanged.connect(lambda _i: self.update_now())
        self.organisations.toggled.connect(lambda _c: self.update_now())
        self.model = FrameworkModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMaximumSectionSize(220)
        self.view.clicked.connect(self.cell_chosen)
        self.view.activated.connect(self.cell_chosen)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        export_csv = QPushButton("Export &CSV…", self)
        export_csv.clicked.connect(lambda: self.export_dialog(".csv"))
        export_xlsx = QPushButton("Export &XLSX…", self)
        export_xlsx.clicked.connect(lambda: self.export_dialog(".xlsx"))
        top = QHBoxLayout()
        for label, widget in (("Codes", self.group), ("Cases with", self.where), ("Passages coded by", self.consensus)):
            top.addWidget(QLabel(label + ":"))
            top.addWidget(widget, 1)
        top.addWidget(self.organisations)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(export_csv)
        bottom.addWidget(export_xlsx)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.view)
        body.addWidget(self.passages)
        body.setSizes([360, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
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
        if changes.code_tree or changes.attributes or changes.cases:
            if self.isVisible():
                self.load_choices()
            else:
                self._choices_read = False  # read again (keeping what was chosen) when next needed
        super().on_changed(changes)

    def load_choices(self) -> None:
        """Code groups (default: the study's on-ramps, found by GUID) and every case attribute value."""
        groups = [(label, spec[len("code:"):]) for label, spec in self.controller.read(code_groups)]
        chosen = self.controller.read(board_groups)
        default = self.controller.read(group_label, chosen.items[0]) if chosen.items else None
        values = sorted({pair for case in self.controller.read(list_cases) for pair in case.attributes
                         if pair[0] not in ("latitude", "longitude")})
        for box, items, fallback in ((self.group, groups, default), (self.where, [(ALL_CASES, None)] + [
                (f"{key} = {value}", f"{key}{SEPARATOR}{value}") for key, value in values], None)):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for label, data in items:
                box.addItem(label, data)
            index = box.findData(current) if current is not None else -1
            if index < 0 and fallback is not None:
                index = box.findData(fallback)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

    def choose(self, group: str, where: tuple[str, str] | None = None) -> None:
        self._read_choices()
        for box, value in ((self.group, group), (self.where, SEPARATOR.join(where) if where else None)):
            index = box.findData(value)
            if index < 0:
                raise ValueError(f"'{value}' is not a choice here")
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.update_now()

    def refresh(self) -> None:
        self._read_choices()
        group = self.group.currentData()
        if not group:
            self.clear()
            self.summary.setText("Choose the code group whose codes are the columns.")
            return
        where = self.where.currentData()
        self.summary.setText("Computing…")
        self.in_background(
            build_framework_matrix, group, where=(tuple(where.split(SEPARATOR, 1)),) if where else (), consensus=self.consensus.value(),
            organisations_only=self.organisations.isChecked(), on_result=self.show_result,
        )

    def show_result(self, matrix: FrameworkMatrix) -> None:
        self.matrix = matrix
        self.model.set_matrix(matrix)
        self.summary.setText(f"{matrix.caption} Hover a number for its quotes; click it to list its passages.")

    def show_problem(self, text: str) -> None:
        super().show_problem(text)
        self.summary.setText(text)

    def clear(self) -> None:
        self.matrix = None
        self.model.set_matrix(None)

    def cell_chosen(self, index: QModelIndex) -> None:
        if index.isValid() and self.matrix is not None:
            self.passages.show_codings(self.model.title(index), self.model.cell(index).coding_ids)

    def export_dialog(self, suffix: str) -> None:
        if self.matrix is None:
            return
        path = file_dialogs.save_file_name(self, "Export framework matrix", f"framework{suffix}", f"*{suffix}")
        if path:
            self.export(Path(path if path.endswith(suffix) else path + suffix))

    def export(self, path: Path) -> bool:
        assert self.matrix is not None
        try:
            export_framework(self.matrix, path)
        except OSError as error:
            QMessageBox.warning(self, "Export framework matrix", f"Could not write {path.name}: {error.strerror or error}")
            return False
        except QcoderError as error:
            QMessageBox.warning(self, "Export framework matrix", f"Could not write {path.name}: {error}")
            return False
        self.message.emit(f"exported the framework matrix to {path}")
        return True
