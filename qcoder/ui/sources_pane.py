"""The sources pane: every transcript with its case and number of coded passages, filterable."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from qcoder.core.changes import Changes
from qcoder.core.usecases.cases import list_cases
from qcoder.core.usecases.sources import existing_sources, list_sources, source_coding_counts
from qcoder.ui.deferred_refresh import DeferredRefresh, coding_only
from qcoder.ui.models.source_list_model import SourceListModel
from qcoder.ui.project_controller import ProjectController


class SourcesPane(QWidget):
    source_chosen = Signal(int)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = SourceListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter sources or cases")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SourceListModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SourceListModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SourceListModel.CASES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SourceListModel.CODINGS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(SourceListModel.CODINGS, self.table.fontMetrics().horizontalAdvance("Passages 00"))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda index: self._choose(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table)
        self._counts = DeferredRefresh(self._apply, self, active=lambda: controller.is_open)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.reload)
        controller.project_closed.connect(lambda: self.model.set_sources([]))

    def reload(self) -> None:
        current = self.current_source_id()
        cases = {case.id: case.name for case in self.controller.read(list_cases)}
        self.model.set_sources(self.controller.read(list_sources), cases)
        self.table.setColumnHidden(SourceListModel.CASES, not cases)
        if current is not None:
            self.select_source(current, emit=False)

    def on_changed(self, changes: Changes) -> None:
        if (coding_only(changes) and changes.sources and all(self.model.row_of(s) >= 0 for s in changes.sources)
                and (_coded_in(changes) or self.controller.read(existing_sources, changes.sources) == changes.sources)):
            self._counts.add(changes)  # counts follow a moment later; the coding itself is not held up
            return
        self._counts.flush()
        self._apply(changes)

    def _apply(self, changes: Changes) -> None:
        if changes.codings and changes.sources and not changes.cases and not changes.code_tree:
            counts = self.controller.read(source_coding_counts, changes.sources)
            if len(counts) == len(changes.sources) and all(self.model.row_of(s) >= 0 for s in counts):
                self.model.set_coding_counts(counts)  # coding only: just the counts
                return
        if changes.sources or changes.cases or changes.codings:
            self.reload()

    def current_source_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(SourceListModel.SourceIdRole) if rows else None

    def select_source(self, source_id: int, *, emit: bool = True) -> None:
        row = self.model.row_of(source_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.blockSignals(not emit)
        self.table.selectionModel().blockSignals(not emit)
        self.table.selectRow(index.row())
        self.table.selectionModel().blockSignals(False)
        self.table.blockSignals(False)

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.source_chosen.emit(rows[0].data(SourceListModel.SourceIdRole))

    def _choose(self, proxy_row: int) -> None:
        index = self.proxy.index(proxy_row, 0)
        self.source_chosen.emit(index.data(SourceListModel.SourceIdRole))


def _coded_in(changes: Changes) -> bool:
    """A passage was just coded: its source certainly still exists (no need to ask)."""
    return changes.created_id is not None and changes.created_id in changes.codings and len(changes.sources) == 1
