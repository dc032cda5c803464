"""The saved-queries editor: name a filter of codings, write it, see its passages, keep it.

Every save, change and delete is undoable. The filter is written in the query language of
:mod:`qcoder.analysis.query_language` (shown below the box).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.passages import segments_for
from qcoder.analysis.query import compile_query, describe, evaluate
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.saved_queries import SavedQueryInfo, list_saved_queries
from qcoder.core.wording import counted
from qcoder.io.passages_export import SUFFIXES, write_passages
from qcoder.ui.analysis.analysis_view import AnalysisView
from qcoder.ui.commands.query_commands import DeleteQueryCommand, SaveQueryCommand, UpdateQueryCommand
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.project_controller import ProjectController

HELP = (
    "Conditions: <code>code:PATH</code> (with the codes below it), <code>coder:NAME</code>, "
    "<code>case:NAME</code>, <code>source:NAME</code>, <code>exemplar</code>, and attributes such as "
    "<code>\"Organisation type\" = SME</code> (also != &lt; &lt;= &gt; &gt;= and ~ for “contains”). "
    "Combine with AND, OR, NOT and parentheses; quote names with spaces."
)


class SavedQueriesEditor(AnalysisView):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.queries: list[SavedQueryInfo] = []
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._load_current)
        self.name = QLineEdit(self)
        self.expression = QLineEdit(self)
        self.expression.setPlaceholderText('e.g. code:On-ramp AND NOT coder:Bob')
        self.expression.returnPressed.connect(self.run_query)
        self.description = QLineEdit(self)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #B00020")
        help_label = QLabel(HELP, self)
        help_label.setWordWrap(True)
        help_label.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New", self)
        self.run_button = QPushButton("&Show passages", self)
        self.save_button = QPushButton("Sa&ve", self)
        self.delete_button = QPushButton("&Delete", self)
        self.export_button = QPushButton("&Export passages…", self)
        for button, handler in ((self.new_button, self.new_query), (self.run_button, self.run_query),
                                (self.save_button, self.save), (self.delete_button, self.delete),
                                (self.export_button, self.export_dialog)):
            button.clicked.connect(handler)
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Filter:", self.expression)
        form.addRow("Description:", self.description)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form)
        right_layout.addWidget(help_label)
        right_layout.addWidget(self.problem)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.passages, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([200, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.query_box.hide()  # the editor is about queries themselves

    def refresh(self) -> None:
        chosen = self.current_query()
        self.queries = self.controller.read(list_saved_queries)
        self.list.blockSignals(True)
        self.list.clear()
        for query in self.queries:
            item = QListWidgetItem(query.name)
            item.setToolTip(query.description or query.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        names = [q.name for q in self.queries]
        if chosen is not None and chosen.name in names:
            self.list.setCurrentRow(names.index(chosen.name))
        elif chosen is not None:
            self.new_query()

    def clear(self) -> None:
        self.queries = []
        self.list.clear()
        self.new_query()

    def current_query(self) -> SavedQueryInfo | None:
        row = self.list.currentRow()
        return self.queries[row] if 0 <= row < len(self.queries) else None

    def _load_current(self, row: int) -> None:
        if not 0 <= row < len(self.queries):
            return
        query = self.queries[row]
        self.name.setText(query.name)
        self.expression.setText(self.controller.read(describe, query.expression))
        self.description.setText(query.description)
        self.problem.setText("")
        self.run_query()

    def new_query(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)
        for box in (self.name, self.expression, self.description):
            box.clear()
        self.problem.setText("")
        self.passages.clear()

    def _compiled(self) -> dict | None:
        try:
            tree = self.controller.read(compile_query, self.expression.text())
        except QcoderError as error:
            self.problem.setText(str(error))
            return None
        self.problem.setText("")
        return tree

    def run_query(self) -> bool:
        tree = self._compiled()
        if tree is None:
            return False
        self.passages.show_codings(self.name.text().strip() or "This filter", self.controller.read(evaluate, tree))
        return True

    def save(self) -> bool:
        tree = self._compiled()
        name = self.name.text().strip()
        if tree is None:
            return False
        if not name:
            self.problem.setText("Give the query a name.")
            return False
        current = self.current_query()
        command: UpdateQueryCommand | SaveQueryCommand
        if current is not None:
            command = UpdateQueryCommand(self.controller, current.id, name, tree, self.description.text())
        else:
            command = SaveQueryCommand(self.controller, name, tree, self.description.text())
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.problem.setText(str(error))
            return False
        self.update_now()
        names = [q.name for q in self.queries]
        if name in names:
            self.list.setCurrentRow(names.index(name))
        self.message.emit(f"saved the query “{name}”")
        return True

    def export_dialog(self) -> None:
        path = file_dialogs.save_file_name(self, "Export passages", f"{self.name.text().strip() or 'passages'}.xlsx",
                                              "Excel workbook (*.xlsx);;CSV (*.csv)")
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> bool:
        """Write the passages the filter selects now (saved or not) to a CSV or XLSX file."""
        tree = self._compiled()
        if tree is None:
            return False
        if path.suffix.lower() not in SUFFIXES:
            path = path.with_suffix(".xlsx")
        selected = self.controller.read(evaluate, tree)
        segments = self.controller.read(segments_for, selected)
        try:
            write_passages(segments, path)
        except OSError as error:
            QMessageBox.warning(self, "Export passages", f"Could not write {path.name}: {error.strerror or error}")
            return False
        self.message.emit(f"wrote {counted(len(segments), 'passage')} to {path}")
        return True

    def delete(self) -> bool:
        current = self.current_query()
        if current is None:
            return False
        self.controller.push(DeleteQueryCommand(self.controller, current.id, current.name))
        self.new_query()
        self.message.emit(f"deleted the query “{current.name}” (Undo brings it back)")
        return True
