"""The sources pane: every transcript with its cases and number of coded passages, filterable.

Two views of the same sources, switched by "Group by case" (remembered in the settings): a flat
table (source, cases, passages; sortable) and a tree with one row per case — its number of
sources and of coded passages — and its sources beneath. Selecting a source shows it in the
document; Enter or a double-click opens it too. Both views follow imports, case links and
coding as they happen. A source's context menu reads its file again in another encoding.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPoint,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import SourceInfo
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.sources import existing_sources, list_sources, source_coding_counts
from qcoder.ui.commands.import_commands import RereadSourceCommand
from qcoder.ui.deferred_refresh import DeferredRefresh, coding_only, parts_of, sources_still_there
from qcoder.ui.dialogs.reread_dialog import RereadDialog
from qcoder.ui.models.source_list_model import SourceListModel
from qcoder.ui.models.sources_by_case_model import SourcesByCaseModel, SourcesByCaseProxy
from qcoder.ui.panes.source_changes import only_added, shifted_counts
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.settings import UserSettings
from qcoder.ui.widgets.fitted_columns import FittedColumns


class SourcesPane(QWidget):
    source_chosen = Signal(int)
    """A source was selected: show it."""
    source_opened = Signal(int)
    """Enter or a double-click on a source: show it and go to its text."""

    def __init__(
        self, controller: ProjectController, parent: QWidget | None = None, *, settings: UserSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.model = SourceListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.by_case = SourcesByCaseModel(self)
        self._by_case_counts: dict[int, int] = {}
        """Counts the grouped list takes when it is shown next (while hidden it is not kept up)."""
        self.tree_proxy = SourcesByCaseProxy(self)
        self.tree_proxy.setSourceModel(self.by_case)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter sources or cases")
        self.filter_box.setToolTip("Part of a source's or a case's name; ↓ goes to the list")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.filter_box.installEventFilter(self)
        self.group_action = QAction("&Group sources by case", self)
        self.group_action.setIconText("Group by case")
        self.group_action.setCheckable(True)
        self.group_action.setToolTip("Show the sources under their cases (a source in two cases is under both)")
        self.group_button = QCheckBox("Group by case", self)  # a box: its state is plain to see
        self.group_button.setToolTip(self.group_action.toolTip())
        self.group_button.toggled.connect(self.group_action.setChecked)
        self.group_action.toggled.connect(self.group_button.setChecked)
        self.table = self._make_table()
        self.tree = self._make_tree()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.tree)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.group_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack)
        self._collapsed: set[int | None] = set()
        """Cases whose rows the researcher folded (kept across reloads)."""
        self._counts = DeferredRefresh(self._apply, self, active=lambda: controller.is_open)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.reload)
        controller.blind_changed.connect(lambda _blind: self.reload())
        controller.project_closed.connect(self._clear)
        self.group_action.setChecked(bool(settings and settings.sources_grouped_by_case()))
        self.set_grouped(self.group_action.isChecked())
        self.group_action.toggled.connect(self.set_grouped)
        self.reread_action = QAction("Read again in another &encoding…", self)
        self.reread_action.setToolTip("Read the source's file again in an encoding you choose (accents read wrongly)")
        self.reread_action.triggered.connect(lambda: self.reread(self.current_source_id()))
        self.menu_actions: list[QAction] = []
        """More items for a source's context menu, added by other workflows (its recording…)."""
        for view in (self.table, self.tree):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._context_menu)

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(SourceListModel.NAME, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)  # Tab leaves the list, as in the tree
        table.verticalHeader().hide()
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(SourceListModel.CODINGS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(SourceListModel.CODINGS, table.fontMetrics().horizontalAdvance("Passages 00"))
        table.fitted_columns = FittedColumns(table, SourceListModel.NAME, (SourceListModel.CASES,))  # type: ignore[attr-defined]  # kept with the view
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.activated.connect(self._open)
        return table

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setModel(self.tree_proxy)
        tree.setUniformRowHeights(True)
        tree.setSortingEnabled(True)
        tree.sortByColumn(SourcesByCaseModel.NAME, Qt.SortOrder.AscendingOrder)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setAlternatingRowColors(True)
        tree.setExpandsOnDoubleClick(False)  # a double-click is an activation: _open folds a case
        header = tree.header()
        header.setStretchLastSection(False)
        width = tree.fontMetrics().horizontalAdvance("Passages 00")
        for column in (SourcesByCaseModel.SOURCES, SourcesByCaseModel.CODINGS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        tree.fitted_columns = FittedColumns(tree, SourcesByCaseModel.NAME)  # type: ignore[attr-defined]  # kept with the view
        tree.selectionModel().selectionChanged.connect(self._selection_changed)
        tree.activated.connect(self._open)
        tree.collapsed.connect(lambda index: self._folded(index, True))
        tree.expanded.connect(lambda index: self._folded(index, False))
        return tree

    # -- the two views ------------------------------------------------------------------

    @property
    def grouped(self) -> bool:
        return self.stack.currentWidget() is self.tree

    def current_view(self) -> QAbstractItemView:
        """The list that is showing: the table, or the tree grouped by case."""
        return self.tree if self.grouped else self.table

    def set_grouped(self, grouped: bool) -> None:
        """Show the sources grouped by case (or flat), keeping the chosen source selected."""
        current = self.current_source_id()
        had_focus = self.current_view().hasFocus()
        if grouped and self._by_case_counts:
            self.by_case.set_coding_counts(self._by_case_counts)
            self._by_case_counts = {}
        self.stack.setCurrentWidget(self.tree if grouped else self.table)
        shown = self.tree_proxy if grouped else self.proxy
        if shown.filterRegularExpression().pattern() != QRegularExpression.escape(self.filter_box.text()):
            shown.setFilterFixedString(self.filter_box.text())
            self._unfold()
        if self.group_action.isChecked() != grouped:
            self.group_action.setChecked(grouped)
        if self.settings is not None:
            self.settings.set_sources_grouped_by_case(grouped)
        if current is not None:
            self.select_source(current, emit=False)
        if had_focus:
            self.current_view().setFocus()

    def focus_list(self) -> None:
        """Put the keyboard in the list, on the chosen source (or the first row)."""
        view = self.current_view()
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    # -- loading and keeping up ---------------------------------------------------------

    def reload(self, added: Sequence[SourceInfo] = ()) -> None:
        """Read the sources again; or, given the ``added`` ones, list them beside those listed."""
        current = self.current_source_id()
        current_case = self._current_case()
        cases = {case.id: case.name for case in self.controller.read(list_cases)}
        if added:
            sources = [*self.model.sources(), *added]
        else:
            sources = self.controller.read(list_sources, coder_id=self.controller.visible_coder_id())
        self.model.set_sources(sources, cases)
        self.by_case.set_sources(sources, cases)
        self._by_case_counts = {}
        self.table.setColumnHidden(SourceListModel.CASES, not cases)
        self._unfold()
        if current is not None:
            self.select_source(current, emit=False, case_id=current_case)

    def _clear(self) -> None:
        self.model.set_sources([])
        self.by_case.set_sources([], {})
        self._by_case_counts = {}

    def on_changed(self, changes: Changes) -> None:
        for part in parts_of(changes):  # in vivo: a new code (nothing here), then its passage
            self._follow(part)

    def _follow(self, changes: Changes) -> None:
        if (coding_only(changes) and changes.sources and all(self.model.row_of(s) >= 0 for s in changes.sources)
                and (sources_still_there(changes)
                     or self.controller.read(existing_sources, changes.sources) == changes.sources)):
            if changes.coding_shift() is None:
                self._counts.add(changes)  # counts follow a moment later; the coding itself is not held up
                return
            # the counts step by one, reading nothing: shown with the coding, in the same frame
        self._counts.flush()
        self._apply(changes)

    def _apply(self, changes: Changes) -> None:
        if changes.codings and changes.sources and not changes.cases and not changes.code_tree:
            counts = shifted_counts(changes, self.model, self.controller.visible_coder_id())
            if counts is None:
                counts = self.controller.read(
                    source_coding_counts, changes.sources, coder_id=self.controller.visible_coder_id()
                )
            if len(counts) == len(changes.sources) and all(self.model.row_of(s) >= 0 for s in counts):
                self.model.set_coding_counts(counts)  # coding only: just the counts
                if self.grouped:
                    self.by_case.set_coding_counts(counts)
                else:  # the grouped list is hidden: it takes the counts when shown
                    self._by_case_counts.update(counts)
                return
        if changes.sources or changes.cases or changes.codings:
            self.reload(only_added(changes, self.model))

    # -- selection ----------------------------------------------------------------------

    def current_source_id(self) -> int | None:
        view = self.current_view()
        rows = view.selectionModel().selectedRows() if view.selectionModel() else []
        return rows[0].data(SourceListModel.SourceIdRole) if rows else None

    def _current_case(self) -> int | None:
        rows = self.tree.selectionModel().selectedRows()
        return rows[0].data(SourcesByCaseModel.CaseIdRole) if rows else None

    def select_source(self, source_id: int, *, emit: bool = True, case_id: int | None = None) -> None:
        """Select the source; in the tree, under ``case_id`` if it is there, else under its first case."""
        if self.current_source_id() == source_id and (case_id is None or self._current_case() == case_id):
            return
        if self.grouped:
            places = [self.tree_proxy.mapFromSource(i) for i in self.by_case.places_of(source_id)]
            places = [p for p in places if p.isValid()]
            if not places:
                return
            index = next((p for p in places if p.data(SourcesByCaseModel.CaseIdRole) == case_id), places[0])
            self.tree.expand(index.parent())
        else:
            row = self.model.row_of(source_id)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
            if not index.isValid():
                return
        view = self.current_view()
        view.blockSignals(not emit)
        view.selectionModel().blockSignals(not emit)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.selectionModel().blockSignals(False)
        view.blockSignals(False)
        if not emit:
            view.viewport().update()  # the selection model was silenced: repaint the rows ourselves

    def select_first(self) -> None:
        view = self.current_view()
        if self.grouped:
            for row in range(self.tree_proxy.rowCount()):
                group = self.tree_proxy.index(row, 0)
                if self.tree_proxy.rowCount(group) > 0:
                    self.tree.expand(group)
                    view.setCurrentIndex(self.tree_proxy.index(0, 0, group))
                    return
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows and rows[0].data(SourceListModel.SourceIdRole) is not None:
            self.source_chosen.emit(rows[0].data(SourceListModel.SourceIdRole))

    def _open(self, index: QModelIndex) -> None:
        """Enter or double-click: open the source (on a case row, fold or unfold it)."""
        source_id = index.siblingAtColumn(0).data(SourceListModel.SourceIdRole)
        if source_id is not None:
            self.source_chosen.emit(source_id)
            self.source_opened.emit(source_id)
        elif self.grouped:
            group = index.siblingAtColumn(0)
            self.tree.setExpanded(group, not self.tree.isExpanded(group))

    # -- filter and folding -------------------------------------------------------------

    def _filter(self, text: str) -> None:
        """Filter the list that shows; the other one catches up when it is shown."""
        (self.tree_proxy if self.grouped else self.proxy).setFilterFixedString(text)
        if self.grouped:
            self._unfold()

    def _unfold(self) -> None:
        """Unfold every case, except those folded by hand while no filter is typed."""
        filtering = bool(self.filter_box.text())
        self.tree.blockSignals(True)
        for row in range(self.tree_proxy.rowCount()):
            group = self.tree_proxy.index(row, 0)
            folded = not filtering and group.data(SourcesByCaseModel.CaseIdRole) in self._collapsed
            self.tree.setExpanded(group, not folded)
        self.tree.blockSignals(False)

    def _folded(self, index: QModelIndex, folded: bool) -> None:
        if self.filter_box.text() or index.parent().isValid():
            return
        case_id = index.data(SourcesByCaseModel.CaseIdRole)
        (self._collapsed.add if folded else self._collapsed.discard)(case_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ in the filter box goes to the list."""
        if (watched is self.filter_box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)


    # -- reading a source again ----------------------------------------------------------

    def _context_menu(self, point: QPoint) -> None:
        view = self.current_view()
        if view.indexAt(point).siblingAtColumn(0).data(SourceListModel.SourceIdRole) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.reread_action)
        if self.menu_actions:
            menu.addSeparator()
            menu.addActions(self.menu_actions)
        menu.exec(view.viewport().mapToGlobal(point))

    def reread(self, source_id: int | None, dialog: RereadDialog | None = None) -> bool:
        """Ask for the file and the encoding, then replace the source as one undoable step."""
        source = next((s for s in self.controller.read(list_sources) if s.id == source_id), None)
        if source is None:
            return False
        dialog = dialog or RereadDialog(source, self)
        if not dialog.exec() or dialog.parsed is None:
            return False
        try:
            self.controller.push(RereadSourceCommand(self.controller, source.id, source.name, dialog.parsed))
        except QcoderError as error:
            QMessageBox.warning(self, "Read again", str(error))
            return False
        return True

