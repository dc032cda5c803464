"""Inter-coder agreement: choose coders, codes and sources; see the figures per code and overall."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.agreement import AgreementReport, compute_agreement
from qcoder.analysis.disagreements import active_coders
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.core.wording import counted
from qcoder.ui.jobs import reading
from qcoder.ui.models.agreement_table_model import AgreementTableModel
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.widgets.check_list import CheckList

EXPLANATION = (
    "Each character of the chosen sources is a unit, once for each code; a coder gives it 1 when one "
    "of their codings of that code covers it. No codes ticked: every code the coders used. No sources "
    "ticked: all sources. — means undefined (nothing to agree on beyond chance)."
)


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


class AgreementDialog(QDialog):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: AgreementReport | None = None
        self.setWindowTitle("Inter-coder agreement")
        self.resize(980, 560)
        self.coders = CheckList(self)
        self.codes = CheckList(self)
        self.sources = CheckList(self)
        self.model = AgreementTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        explanation.setStyleSheet("color: palette(placeholder-text);")
        self.compute_button = QPushButton("&Compute", self)
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        choosers = QWidget(self)
        left = QVBoxLayout(choosers)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(_group("Coders (two or more)", self.coders), 1)
        left.addWidget(_group("Codes", self.codes), 2)
        left.addWidget(_group("Sources", self.sources), 1)
        left.addWidget(self.compute_button)
        results = QWidget(self)
        right = QVBoxLayout(results)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        right.addWidget(explanation)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(choosers)
        splitter.addWidget(results)
        splitter.setSizes([280, 700])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.copy_button = buttons.addButton("Copy &table", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy the figures as tab-separated text, e.g. into a spreadsheet")
        self.copy_button.clicked.connect(self.copy_table)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.coders.checks_changed.connect(self._update_button)
        self.load()

    def load(self) -> None:
        coders = self.controller.read(list_coders)
        active = self.controller.read(active_coders)
        self.coders.set_names(
            [c.name for c in coders], checked=active, colours={c.name: c.colour for c in coders}
        )
        codes = [c for c in self.controller.read(list_codes) if c.codable]
        self.codes.set_names([c.path for c in codes], tips={c.path: c.description for c in codes if c.description})
        self.sources.set_names([s.name for s in self.controller.read(list_sources)])
        if len(self.coders.checked()) >= 2:
            self.compute()
        else:
            self.summary.setText("Tick two or more coders, then Compute.")

    def table_text(self) -> str:
        """The table as tab-separated lines, with a header line."""
        model = self.model
        header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        rows = [
            [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())
        ]
        return "\n".join("\t".join(cells) for cells in [header, *rows]) + "\n"

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.table_text())

    def _update_button(self) -> None:
        self.compute_button.setEnabled(len(self.coders.checked()) >= 2)

    def compute(self) -> None:
        coders = self.coders.checked()
        if len(coders) < 2:
            self.summary.setText("Tick two or more coders.")
            return
        project = self.controller.project
        assert project is not None
        self.compute_button.setEnabled(False)
        self.summary.setText("Computing…")
        try:  # off the GUI thread: character-level agreement over many codings takes a while
            self.report = self.controller.jobs.call_waiting(reading(
                project, compute_agreement, coders, code_paths=self.codes.checked() or None,
                source_names=self.sources.checked() or None,
            ), name="qcoder-agreement")
        except QcoderError as error:
            self.report = None
            self.summary.setText(str(error))
            self.model.set_report(None)
            return
        finally:
            self._update_button()
        self.model.set_report(self.report)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        codes = len(self.report.per_code)
        self.summary.setText(
            f"<b>{', '.join(coders)}</b> on {counted(len(self.report.sources), 'source')} and {codes} "
            f"code{'' if codes == 1 else 's'}, character by character."
            + ("" if codes else " None of them coded anything here yet.")
            + (
                "<br>Cohen's κ of each pair, all codes: " + ", ".join(
                    f"{escape(a)} | {escape(b)} {'—' if kappa is None else f'{kappa:.3f}'}"
                    for (a, b), kappa in self.report.pairwise.items()
                )
                if self.report.pairwise else ""
            )
        )
