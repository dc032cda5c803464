"""Project ▸ Pseudonymise…: the table of replacements, a preview of every hit, then one step.

The upper table holds the replacements (real name → pseudonym; whole word, match case, regular
expression per line), filled from the project's kept table and loadable from or savable to a
CSV file. The lower list shows every hit in context — in which source text, source name,
speaker, case, memo or code name — each with a box to untick. Replace applies the rest as one
undoable step (the workflow pushes it); the table is kept in the project for new imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.pseudonymise import Hit, PseudonymEntry
from qcoder.core.wording import counted
from qcoder.io.pseudonym_table import read_pseudonym_table, write_pseudonym_table
from qcoder.ui.dialogs import file_dialogs

CSV_FILTER = "Pseudonym table (*.csv);;All files (*)"
REAL, PSEUDONYM, WHOLE_WORD, MATCH_CASE, REGEX = range(5)
FLAGS = {WHOLE_WORD: "whole_word", MATCH_CASE: "case_sensitive", REGEX: "regex"}

FindHits = Callable[[Sequence[PseudonymEntry]], list[Hit]]


class PseudonymiseDialog(QDialog):
    """``find_hits`` lists the hits of a table in the project (a read of the controller)."""

    def __init__(self, find_hits: FindHits, entries: Sequence[PseudonymEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pseudonymise")
        self.find_hits = find_hits
        self.kept = bool(entries)
        """The project keeps a table: emptying this one clears it."""
        self.hits: list[Hit] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["Real name", "Pseudonym", "Whole word", "Match case", "Regular expression"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(REAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PSEUDONYM, QHeaderView.ResizeMode.Stretch)
        for column in FLAGS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        buttons = QHBoxLayout()
        for text, slot in (("&Add a name", self.add_empty_row), ("&Remove", self.remove_rows),
                           ("&Load CSV…", self.load_csv), ("&Save CSV…", self.save_csv)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.preview = QTreeWidget(self)
        self.preview.setHeaderLabels(["Replace", "Where", "In", "Found → pseudonym", "Context"])
        self.preview.setRootIsDecorated(False)
        self.preview.setUniformRowHeights(True)
        self.preview.setColumnWidth(0, 70)
        self.preview.setColumnWidth(1, 110)
        self.preview.setColumnWidth(2, 150)
        self.preview.setColumnWidth(3, 170)
        self.preview.itemChanged.connect(lambda *_: self._count())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        note = QLabel("Whole words, in the case they were found (AMARA → BEATRIZ). The table is kept in the "
                      "project so that new imports are pseudonymised too; it never goes into an export "
                      "(File ▸ Export ▸ Pseudonym table… saves it on its own).", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(QLabel("<b>Replacements</b>", self))
        upper_layout.addWidget(self.table)
        upper_layout.addLayout(buttons)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Every hit</b> — untick one to leave it as it is", self))
        lower_layout.addWidget(self.preview)
        lower_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([220, 380])
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.box.addButton("Replace", QDialogButtonBox.ButtonRole.AcceptRole)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(note)
        layout.addWidget(self.box)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(300)
        self._refresh.timeout.connect(self.refresh_preview)
        self.table.itemChanged.connect(lambda *_: self._refresh.start())
        self.set_entries(entries)
        if not entries:
            self.add_empty_row()
        self.resize(900, 640)

    # -- the table ----------------------------------------------------------------------

    def set_entries(self, entries: Sequence[PseudonymEntry]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for entry in entries:
            self._add_row(entry)
        self.table.blockSignals(False)
        self.refresh_preview()

    def add_empty_row(self) -> None:
        self._add_row(PseudonymEntry("", ""))
        self.table.setCurrentCell(self.table.rowCount() - 1, REAL)
        item = self.table.item(self.table.rowCount() - 1, REAL)
        if item is not None:
            self.table.editItem(item)

    def _add_row(self, entry: PseudonymEntry) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, REAL, QTableWidgetItem(entry.real))
        self.table.setItem(row, PSEUDONYM, QTableWidgetItem(entry.pseudonym))
        for column, field in FLAGS.items():
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if getattr(entry, field) else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)

    def remove_rows(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.refresh_preview()

    def entries(self) -> list[PseudonymEntry]:
        """The table's lines that name something to replace."""
        entries = []
        for row in range(self.table.rowCount()):
            real = self._cell(row, REAL)
            if not real:
                continue
            flags = {field: self._checked(row, column) for column, field in FLAGS.items()}
            pseudonym = self._cell(row, PSEUDONYM)
            entries.append(PseudonymEntry(real, pseudonym, **flags))
        return entries

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _checked(self, row: int, column: int) -> bool:
        item = self.table.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def load_csv(self) -> None:
        name = file_dialogs.open_file_name(self, "Load a pseudonym table", "", CSV_FILTER)
        if not name:
            return
        try:
            self.set_entries(read_pseudonym_table(Path(name)))
        except QcoderError as error:
            QMessageBox.warning(self, "Pseudonymise", str(error))

    def save_csv(self) -> None:
        name = file_dialogs.save_file_name(self, "Save the pseudonym table", "pseudonyms.csv", CSV_FILTER)
        if not name:
            return
        try:
            write_pseudonym_table(Path(name), self.entries())
        except QcoderError as error:
            QMessageBox.warning(self, "Pseudonymise", str(error))

    # -- the preview ----------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """List every hit of the table, all ticked (a bad expression says so instead)."""
        self.preview.blockSignals(True)
        self.preview.clear()
        self.hits = []
        entries = self.entries()
        error = ""
        if entries:
            try:
                self.hits = self.find_hits(entries)
            except QcoderError as problem:
                error = str(problem)
        items = []
        for hit in self.hits:
            item = QTreeWidgetItem(["", hit.where, hit.owner, f"{hit.found} → {hit.replacement}", _near(hit)])
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(4, hit.context)
            items.append(item)
        self.preview.addTopLevelItems(items)
        self.preview.blockSignals(False)
        self._count(error)

    def skipped(self) -> list[tuple[str, int, int]]:
        """The hits the user unticked, as :func:`pseudonymise` takes them."""
        skipped = []
        for index, hit in enumerate(self.hits):
            item = self.preview.topLevelItem(index)
            if item is not None and item.checkState(0) != Qt.CheckState.Checked:
                skipped.append(hit.key)
        return skipped

    def _count(self, error: str = "") -> None:
        chosen = len(self.hits) - len(self.skipped())
        places = len({(hit.where, hit.row_id) for hit in self.hits})
        if error:
            self.summary.setText(f"<span style='color:#B00020'>{error}</span>")
        elif not self.hits:
            self.summary.setText("No hit: the names in the table do not occur in this project.")
        else:
            self.summary.setText(f"{counted(len(self.hits), 'hit')} in {counted(places, 'place')}; "
                                 f"{chosen} will be replaced.")
        entries = bool(self.entries())
        if not entries and self.kept:
            self.summary.setText("The table is empty: the project will keep no pseudonym table.")
        self.apply_button.setText(f"Replace {counted(chosen, 'hit')}" if chosen else
                                  "Keep the table" if entries else "Clear the kept table")
        self.apply_button.setEnabled(not error and (entries or self.kept))


def _near(hit: Hit) -> str:
    """The context from a few words before the hit, so that the hit shows in a narrow column."""
    at = hit.context.find(f"[{hit.found}]")
    return hit.context if at <= 20 else "…" + hit.context[at - 20:]
