"""The Memos pane: every memo of the project — on passages, sources, codes, cases and the
project — with a filter, and a jump to what each is on (Enter or double-click)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.changes import Changes
from qcoder.core.usecases.queries.memo_list import KINDS, MemoEntry, all_memos
from qcoder.core.wording import counted
from qcoder.ui.project_controller import ProjectController

COLUMNS = ("On", "What", "Coder", "Memo")


class MemosPane(QWidget):
    code_requested = Signal(int)
    case_requested = Signal(str)
    source_requested = Signal(int)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.entries: list[MemoEntry] = []
        self._stale = False
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter memos by their words, coder or what they are on")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._apply_filter)
        self.kind = QComboBox(self)
        self.kind.addItem("All memos", None)
        for kind in KINDS:
            self.kind.addItem(f"On {'the project' if kind == 'project' else kind + 's'}", kind)
        self.kind.currentIndexChanged.connect(self._apply_filter)
        self.summary = QLabel(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 260)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.jump(index.row()))
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.kind)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        controller.changed.connect(self._on_changed)
        controller.project_opened.connect(self.refresh)
        controller.project_closed.connect(self.refresh)

    def _on_changed(self, changes: Changes) -> None:
        if changes.memos or changes.codings or changes.codes or changes.sources or changes.cases:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def shown(self, visible: bool) -> None:
        """Its dock came into view (its tab was raised): read what changed meanwhile."""
        if visible and self._stale:
            self.reload()

    def refresh(self) -> None:
        """Read the memos again — at once if the pane is in view, else when it comes into view
        (coding goes on at full speed while the pane is behind its tab)."""
        in_view = self.isVisible() and not self.visibleRegion().isEmpty()
        if not in_view and self.controller.is_open:
            self._stale = True
            return
        self.reload()

    def reload(self) -> None:
        self._stale = False
        self.entries = self.controller.read(all_memos) if self.controller.is_open else []
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            kind = "the project" if entry.kind == "project" else entry.kind
            for column, value in enumerate((kind, entry.on, entry.coder, " ".join(entry.text.split()))):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{entry.on}\n{entry.coder}\n\n{entry.text}" if column == 3 else value)
                self.table.setItem(row, column, item)
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle = self.filter_box.text().strip().lower()
        kind = self.kind.currentData()
        shown = 0
        for row, entry in enumerate(self.entries):
            visible = (kind is None or entry.kind == kind) and (
                not needle or needle in f"{entry.on} {entry.coder} {entry.text} {entry.kind}".lower())
            self.table.setRowHidden(row, not visible)
            shown += visible
        total = len(self.entries)
        self.summary.setText(counted(total, "memo") if shown == total else f"{shown} of {counted(total, 'memo')}")

    def jump(self, row: int) -> None:
        """Show what the memo at ``row`` is on: the passage selected in its source, the source,
        the code in the tree, or the case."""
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        if entry.kind == "passage" and entry.source_id is not None and entry.start is not None and entry.end is not None:
            self.controller.show_passage(entry.source_id, entry.start, entry.end)
        elif entry.kind == "source" and entry.source_id is not None:
            self.source_requested.emit(entry.source_id)
        elif entry.kind == "code" and entry.code_id is not None:
            self.code_requested.emit(entry.code_id)
        elif entry.kind == "case" and entry.case_name:
            self.case_requested.emit(entry.case_name)
