"""What an import did, file by file: imported (with speakers), duplicate, or why it failed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.wording import counted
from qcoder.io.importer import ImportResult

FAILED_COLOUR = QColor("#B3261E")
DUPLICATE_COLOUR = QColor("#8A5A00")


def summary(results: Sequence[ImportResult]) -> str:
    imported = sum(1 for r in results if r.ok)
    failed = len(results) - imported
    duplicates = sum(1 for r in results if r.ok and r.duplicate_of)
    parts = [f"{imported} of {counted(len(results), 'file')} imported"]
    if duplicates:
        parts.append(f"{duplicates} already in the project (imported again, flagged)")
    if failed:
        parts.append(f"{failed} not imported")
    return "; ".join(parts) + "."


class ImportReportDialog(QDialog):
    review_requested = Signal(tuple)
    """Emitted with the ids of the imported sources when the user asks to review speakers."""

    STATUS, FILE, DETAILS = range(3)

    def __init__(self, results: Sequence[ImportResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(860, 420)
        self.results = list(results)
        self.summary_label = QLabel(summary(self.results), self)
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(len(self.results), 3, self)
        self.table.setHorizontalHeaderLabels(["Status", "File", "Details"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        for row, result in enumerate(self.results):
            self._fill(row, result)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.FILE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.DETAILS, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.review_button = QPushButton("Review &speakers…", self)
        self.review_button.setToolTip("Rename and merge the speakers found, link them to cases, autocode their turns")
        self.review_button.setEnabled(any(r.ok and r.turns for r in self.results))
        self.review_button.clicked.connect(self._review)
        buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def imported_source_ids(self) -> tuple[int, ...]:
        return tuple(r.source_id for r in self.results if r.ok and r.source_id is not None)

    def _fill(self, row: int, result: ImportResult) -> None:
        if not result.ok:
            status, colour = "Failed", FAILED_COLOUR
        elif result.duplicate_of:
            status, colour = "Duplicate", DUPLICATE_COLOUR
        else:
            status, colour = "Imported", None
        file_name = result.file_name
        prefix = f"{file_name}: "
        details = result.message[len(prefix):] if result.message.startswith(prefix) else result.message
        line = result.line()
        for column, text in ((self.STATUS, status), (self.FILE, file_name), (self.DETAILS, details)):
            item = QTableWidgetItem(text)
            item.setToolTip(result.path if column == self.FILE else line)
            if colour is not None and column != self.FILE:
                item.setForeground(QBrush(colour))
            if column == self.STATUS:
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _review(self) -> None:
        self.review_requested.emit(self.imported_source_ids())
        self.accept()
