"""The search pane: a query box, regex / case / whole-word toggles, keyword-in-context results.

Double-click (or Enter) on a hit shows it in the document; "Code all hits with…" codes every
hit with one code as a single undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.search import SearchResult, search
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.code_tree import list_codes
from qcoder.ui.analysis.search_hit_model import HIT, LEFT, RIGHT, SearchHitModel
from qcoder.ui.commands.bulk_coding_commands import BulkCodingCommand
from qcoder.ui.project_controller import ProjectController
from qcoder.core.wording import counted


HIT_LIMIT = 20_000
"""Hits shown at most: enough for any reading, few enough for the table to stay quick."""


class SearchPane(QWidget):
    message = Signal(str)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.result: SearchResult | None = None
        self.query_box = QLineEdit(self)
        self.query_box.setPlaceholderText("Search the sources: a word, a phrase or (with Regex) a pattern")
        self.query_box.setClearButtonEnabled(True)
        self.query_box.returnPressed.connect(self.run_search)
        self.regex = QCheckBox("Rege&x", self)
        self.case_sensitive = QCheckBox("Match &case", self)
        self.whole_words = QCheckBox("&Whole words", self)
        self.search_button = QPushButton("&Search", self)
        self.search_button.clicked.connect(self.run_search)
        self.code_all_button = QPushButton("Code all hits &with…", self)
        self.code_all_button.setEnabled(False)
        self.code_all_button.clicked.connect(self.choose_code_for_all)
        self.summary = QLabel("", self)
        self.model = SearchHitModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        for column in (LEFT, RIGHT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HIT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self.jump)
        self.table.doubleClicked.connect(self.jump)
        top = QHBoxLayout()
        top.addWidget(self.query_box, 1)
        for widget in (self.regex, self.case_sensitive, self.whole_words, self.search_button):
            top.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.code_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        controller.project_closed.connect(self.clear)
        controller.changed.connect(self.on_changed)

    def focus_query(self) -> None:
        self.query_box.setFocus()
        self.query_box.selectAll()

    def run_search(self) -> bool:
        """Search with what the box and toggles say; a bad query is told in the summary line."""
        if not self.controller.is_open or not self.query_box.text():
            return False
        try:
            self.result = self.controller.read(
                search, self.query_box.text(), regex=self.regex.isChecked(),
                case_sensitive=self.case_sensitive.isChecked(), whole_words=self.whole_words.isChecked(),
                limit=HIT_LIMIT,
            )
        except QcoderError as error:
            self.result = None
            self.model.set_hits(())
            self.summary.setText(str(error))
            self.code_all_button.setEnabled(False)
            return False
        hits = self.result.hits
        self.model.set_hits(hits)
        sources = len({h.source_id for h in hits})
        more = f" (the first {HIT_LIMIT:,}; narrow the search to see the rest)" if self.result.truncated else ""
        self.summary.setText(f"{counted(len(hits), 'hit')} in {counted(sources, 'source')}{more}")
        self.code_all_button.setEnabled(bool(hits) and not self.controller.read_only)
        return True

    def jump(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row())
            self.controller.show_passage(hit.source_id, hit.start, hit.end)

    def choose_code_for_all(self) -> None:
        codes = [c for c in self.controller.read(list_codes) if c.codable]
        if not codes:
            QMessageBox.information(self, "Code all hits", "There are no codes yet: create one in the code tree.")
            return
        path, ok = QInputDialog.getItem(self, "Code all hits", f"Code all {counted(self.model.rowCount(), 'hit')} with:",
                                        [c.path for c in codes], 0, False)
        if ok:
            self.code_all_hits(next(c.id for c in codes if c.path == path), path)

    def code_all_hits(self, code_id: int, code_name: str) -> bool:
        """Code every hit now listed with ``code_id`` as one undoable step."""
        spans = [(h.source_id, h.start, h.end) for h in self.model.hits()]
        if not spans:
            return False
        command = BulkCodingCommand(self.controller, code_id, spans, code_name)
        try:
            self.controller.push(command)
        except QcoderError as error:
            QMessageBox.warning(self, "Code all hits", str(error))
            return False
        self.message.emit("; ".join(command.messages) or f"coded {counted(len(command.coding_ids), 'hit')}")
        return True

    def on_changed(self, changes: Changes) -> None:
        if changes.sources and not changes.codings and self.result is not None:
            self.run_search()  # a source added or removed changes the hits

    def clear(self) -> None:
        self.result = None
        self.model.set_hits(())
        self.summary.setText("")
        self.code_all_button.setEnabled(False)
