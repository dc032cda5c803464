"""The search pane: a query box, regex / case / whole-word toggles, keyword-in-context results.

Double-click (or Enter) on a hit shows it in the document; "Code all hits with…" codes every
hit with one code as a single undoable step. Both run off the GUI thread
(jobs of the window's runner, :mod:`qcoder.ui.jobs`), so the window stays responsive however long they take. While a search
runs, "Stop" (or Escape) gives up on it, and "Code all hits" waits for its answer, so it never
codes the hits of an older search. "Stop" while coding rolls the batch back, unless it was
already saved (then it is an undoable step like any other).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
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

from qcoder.analysis.search import SearchResult, checked_pattern, search
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.bulk_coding import CodingCancelled, Span, apply_codings_bulk
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.wording import counted
from qcoder.ui.analysis.search_hit_model import HIT, LEFT, RIGHT, SearchHitModel
from qcoder.ui.commands.bulk_coding_commands import BulkCodingCommand
from qcoder.ui.jobs import LatestJob, reading, writing
from qcoder.ui.project_controller import ProjectController

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
        self.stop_button = QPushButton("S&top", self)
        self.stop_button.setToolTip("Stop the search or the coding now running (Escape)")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.cancel_search)
        self.searching = LatestJob(controller.jobs, self, name="qcoder-search")
        self.searching.finished.connect(self.show_result)
        self.searching.failed.connect(self.show_failure)
        self.coding = LatestJob(controller.jobs, self, name="qcoder-code-all-hits")
        self.coding.finished.connect(self._coded)
        self.coding.failed.connect(self._not_coded)
        self._coding_request: tuple[int, list[Span], str] | None = None
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
        for widget in (self.regex, self.case_sensitive, self.whole_words, self.search_button, self.stop_button):
            top.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.code_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        controller.project_closing.connect(self.finish_running)
        controller.project_closed.connect(self.clear)
        controller.changed.connect(self.on_changed)

    def focus_query(self) -> None:
        self.query_box.setFocus()
        self.query_box.selectAll()

    def run_search(self) -> bool:
        """Start a search with what the box and toggles say; a bad query is told in the summary line.

        The hits arrive later (:meth:`show_result`); :meth:`wait` waits for them.
        """
        project = self.controller.project
        if project is None or not self.query_box.text() or self.coding.running:
            return False
        options = {"regex": self.regex.isChecked(), "case_sensitive": self.case_sensitive.isChecked(),
                   "whole_words": self.whole_words.isChecked()}
        try:
            checked_pattern(self.query_box.text(), **options)
        except QcoderError as error:
            self.searching.cancel()
            self.show_failure(str(error))
            return False
        self.searching.start(reading(project, search, self.query_box.text(), limit=HIT_LIMIT, cancellable=True,
                                     **options), initiator=self)
        self.summary.setText("Searching…")
        self.code_all_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        return True

    def cancel_search(self) -> bool:
        """Give up on the running search (the hits shown stay those of the last finished one), or
        ask the running "Code all hits" to roll back; whether anything was running."""
        if self.coding.ask_to_stop():
            self.summary.setText("Stopping…")
            return True
        if not self.searching.cancel():
            return False
        self.stop_button.setEnabled(False)
        self.summary.setText("Search stopped.")
        self.code_all_button.setEnabled(bool(self.model.rowCount()) and not self.controller.read_only)
        return True

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for the running search or coding and show its answer now (for scripts and tests)."""
        return self.searching.wait(milliseconds) and self.coding.wait(milliseconds)

    def show_result(self, result: SearchResult) -> None:
        self.result = result
        self.stop_button.setEnabled(False)
        hits = result.hits
        self.model.set_hits(hits)
        sources = len({h.source_id for h in hits})
        more = f" (the first {HIT_LIMIT:,}; narrow the search to see the rest)" if result.truncated else ""
        self.summary.setText(f"{counted(len(hits), 'hit')} in {counted(sources, 'source')}{more}")
        self.code_all_button.setEnabled(bool(hits) and not self.controller.read_only)

    def show_failure(self, text: str) -> None:
        self.result = None
        self.stop_button.setEnabled(False)
        self.model.set_hits(())
        self.summary.setText(text)
        self.code_all_button.setEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.cancel_search():
            return
        super().keyPressEvent(event)

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
        """Start coding every hit now listed with ``code_id``; it becomes one undoable step when
        saved (:meth:`wait` waits for it). Whether it started."""
        project = self.controller.project
        if project is None or self.searching.running or self.coding.running:
            return False  # the list is about to change, or is being coded
        spans = [(h.source_id, h.start, h.end) for h in self.model.hits()]
        if not spans:
            return False
        self._coding_request = (code_id, spans, code_name)
        self.coding.start(writing(project, apply_codings_bulk, code_id, spans, self.controller.coder_id(),
                                  cancellable=True), initiator=self)
        self.summary.setText(f"Coding {len(spans):,} {'hit' if len(spans) == 1 else 'hits'} with “{code_name}”…")
        self.code_all_button.setEnabled(False)
        self.search_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        return True

    def _coded(self, changes: Changes) -> None:
        assert self._coding_request is not None
        code_id, spans, code_name = self._coding_request
        self._coding_finished()
        command = BulkCodingCommand(self.controller, code_id, spans, code_name, applied=changes)
        with self.controller.initiated_by(self):
            self.controller.push(command)
        self.message.emit("; ".join(command.messages) or f"coded {len(command.coding_ids)} hits")

    def _not_coded(self, text: str) -> None:
        self._coding_finished()
        if text == str(CodingCancelled("stopped: nothing was coded")):
            self.summary.setText("Stopped: nothing was coded.")
        else:
            QMessageBox.warning(self, "Code all hits", text)

    def _coding_finished(self) -> None:
        self._coding_request = None
        self.search_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.code_all_button.setEnabled(bool(self.model.rowCount()) and not self.controller.read_only)
        if self.result is not None:
            self.show_result(self.result)  # the summary line again

    def on_changed(self, changes: Changes) -> None:
        if self.controller.initiator is self:
            return  # its own "Code all hits": the hits listed stay the same
        if changes.sources and not changes.codings and self.result is not None:
            self.run_search()  # a source added or removed changes the hits

    def finish_running(self) -> None:
        """Before the project closes: give up on a search; let a batch being saved finish (it
        cannot become an undoable step any more, as the undo history goes with the project)."""
        self.searching.cancel()
        self.coding.cancel()
        self.searching.wait(deliver=False)
        self.coding.wait(deliver=False)

    def clear(self) -> None:
        self.finish_running()
        self._coding_request = None
        self.search_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.result = None
        self.model.set_hits(())
        self.summary.setText("")
        self.code_all_button.setEnabled(False)
