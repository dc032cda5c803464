"""The code tree pane: a filter box over the tree, counts, definitions as tool tips.

Clicking or pressing Enter on a code applies it to the selected text (``code_activated``);
dropping a text selection from the document onto a code does the same.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QVBoxLayout, QWidget

from qcoder.core.changes import Changes
from qcoder.core.usecases.queries.code_tree import CodeReach, code_info, list_codes
from qcoder.core.usecases.queries.reach_tally import ReachTally, code_parents, load_tally, passages_per_source
from qcoder.ui.deferred_refresh import DeferredRefresh, coding_only, only_a_new_code, parts_of
from qcoder.ui.models.code_rows import CodeRows
from qcoder.ui.models.code_tree_model import CodeTreeModel
from qcoder.ui.panes.code_tree_view import CodeTreeView
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.widgets.fitted_columns import FittedColumns
from qcoder.ui.widgets.opaque_scroll_bars import make_scroll_bars_opaque
from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar


class CodeTreePane(QWidget):
    code_activated = Signal(int)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = CodeTreeModel(self)
        self.proxy = CodeRows(self.model, self)
        """The rows shown: the codes under unfolded groups that the filter keeps. The filter is
        applied again when its text changes, not when counts change with each coding."""
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter codes — Enter codes the selection, ↓ goes to the tree")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.filter_box.returnPressed.connect(self._apply_first_match)
        self.filter_box.installEventFilter(self)
        self.tree = CodeTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setVerticalScrollBar(SteadyScrollBar(self.tree))  # one more code mostly looks the same
        make_scroll_bars_opaque(self.tree)  # each new code (in vivo) moves its range
        self.tree.setHeaderHidden(False)
        # Fixed count columns: ResizeToContents would measure every row on every coding.
        # As narrow as four digits or the header allow; the names take the rest (below).
        metrics = self.tree.fontMetrics()
        for column, title in ((CodeTreeModel.COUNT, "Pass."), (CodeTreeModel.TOTAL, "+Sub"),
                              (CodeTreeModel.SOURCES, "Src."), (CodeTreeModel.CASES, "Cases")):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.tree.header().resizeSection(column, max(metrics.horizontalAdvance("0000"), metrics.horizontalAdvance(title)) + 14)
        self.tree.setIndentation(max(12, metrics.horizontalAdvance("0") * 2))
        self.tree.header().setStretchLastSection(False)
        # The counts stay in sight on a laptop: long names cut to the pane (whole on hover), never
        # so narrow that a code two levels down shows less than about ten characters (a narrower
        # pane scrolls sideways to its counts); a wider pane shows the names whole.
        least = 3 * self.tree.indentation() + metrics.height() + 10 * metrics.averageCharWidth()
        self.names = FittedColumns(self.tree, CodeTreeModel.NAME, least=least)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # a double-click codes
        self.tree.activated.connect(self._activated)
        # Any reset of the tree (a reload, another coder's new code) keeps the code the coder has
        # chosen; what they unfolded the rows keep themselves.
        self._kept_current: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember_view)
        self.model.modelReset.connect(self._restore_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree)
        self._tally = ReachTally({}, {})
        self._filter_text = ""
        self._counts = DeferredRefresh(self._apply, self, active=lambda: controller.is_open)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(lambda: self.reload())
        controller.blind_changed.connect(lambda _blind: self.reload())
        controller.project_closed.connect(self._forget)

    def reload(self, *, recount: bool = True) -> None:
        """Read the tree again; its counts too unless ``recount`` is false (the passages are as they were)."""
        if not recount:  # the same passages, perhaps under other parents (a code moved)
            self._tally.set_parents(self.controller.read(code_parents))
        reach = self._reach() if recount else self._tally.everything()
        self.model.set_codes(self.controller.read(list_codes), reach)

    def _forget(self) -> None:
        self.model.set_codes([])
        self._tally = ReachTally({}, {})
        gc.unfreeze()  # what the closed project left in a cycle can be collected

    def _remember_view(self) -> None:
        self._kept_current = self.current_code_id()

    def _restore_view(self) -> None:
        if not self.proxy.expanded_ids():
            self.tree.expandToDepth(0)
        current = self._kept_current
        if current is not None and self.model.code(current) is not None:
            self.select_code(current)

    def on_changed(self, changes: Changes) -> None:
        for part in parts_of(changes):  # in vivo: the new code's row, then its passage's counts
            self._follow(part)

    def _follow(self, changes: Changes) -> None:
        if coding_only(changes) and changes.codes and all(self.model.code(c) for c in changes.codes):
            if not self._shifts(changes):
                self._counts.add(changes)  # counts follow a moment later; the coding itself is not held up
                return
            # the counts step by one per figure, reading nothing: shown now, so that the coding
            # and its counts are painted in one frame rather than two
        self._counts.flush()
        self._apply(changes)

    @staticmethod
    def _shifts(changes: Changes) -> bool:
        """The change states its codings as they were and are: the counts follow without a read."""
        if not changes.codings or changes.coding_shift() is None:
            return False
        return changes.codes <= {c.code_id for c in changes.coding_rows} | {c.code_id for c in changes.codings_before or ()}

    def _apply(self, changes: Changes) -> None:
        shift = changes.coding_shift()
        if only_a_new_code(changes) and self._append_new_code(changes):
            pass  # one row put in: no passage has the new code yet, so no count changed
        elif changes.code_tree:
            self.reload(recount=bool(changes.codings or changes.cases or changes.sources))
        elif shift is not None and self._shifts(changes):
            # the codings as they were and are now: the counts follow without reading anything
            self.model.set_reach(self._tally.shift(*(rows.values() for rows in shift),
                                                   coder_id=self.controller.visible_coder_id()))
        elif changes.codes and changes.codings:
            self.model.set_reach(self._recount(changes))
        elif changes.codes:
            self.model.update_codes(self.controller.read(list_codes))
            self.model.set_reach(self._recount(changes))
        # codings alone (resized, memo, exemplar) change no count
        if changes.cases and not changes.code_tree:  # a source joined or left a case
            self.model.set_reach(self._reach())

    def _append_new_code(self, changes: Changes) -> bool:
        """Show a code just added (in vivo, for one) as one new row, not by reading the tree again."""
        code_id = changes.created_id
        if code_id is None:
            return False
        code = changes.code_row(code_id) or self.controller.read(code_info, code_id)
        if not self.model.append_code(code):
            return False
        self._tally.add_code(code.id, code.parent_id)
        return True

    def _reach(self) -> dict[int, CodeReach]:
        """The counts shown: everyone's passages, or only mine while coding blind.

        The tally's hundred thousand spans live as long as the project is open: they are moved out
        of the cycle collector's sight (as the modules are at start-up), whose next full pass went
        through them all — 30–60 ms in the first source opened, and again every so often while
        coding. They hold no cycles, so they are freed as usual when the tally goes."""
        self._tally = self.controller.read(load_tally, coder_id=self.controller.visible_coder_id())
        gc.freeze()
        return self._tally.everything()

    def _recount(self, changes: Changes) -> dict[int, CodeReach]:
        """The reach of the changed codes, counting again only their passages in the changed sources."""
        sources = changes.sources or None
        passages = self.controller.read(passages_per_source, changes.codes, sources,
                                        coder_id=self.controller.visible_coder_id())
        return self._tally.recount(changes.codes, sources, passages)

    def current_code_id(self) -> int | None:
        index = self.tree.currentIndex()
        return index.data(CodeTreeModel.CodeIdRole) if index.isValid() else None

    def selected_code_ids(self) -> list[int]:
        rows = self.tree.selectionModel().selectedRows(CodeTreeModel.NAME)
        return [index.data(CodeTreeModel.CodeIdRole) for index in rows]

    def select_code(self, code_id: int) -> None:
        """Choose the code (alone), unfolding the codes above it and scrolling to it."""
        index = self._unfolded_to(code_id)
        if index.isValid():
            # this code alone, whatever keys are held (a shortcut's Ctrl would add it to the selection)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.tree.selectionModel().setCurrentIndex(index, flags)
            self.tree.scrollTo(index)

    def reveal_code(self, code_id: int) -> None:
        """Bring the code into sight, unfolding the codes above it, without choosing it: the codes
        chosen, and so the passages listed, stay as the coder had them (a new in-vivo code)."""
        index = self._unfolded_to(code_id)
        if index.isValid():
            self.tree.scrollTo(index)

    def _unfolded_to(self, code_id: int) -> QModelIndex:
        """The code's row, once the codes above it are unfolded (invalid if the filter hides it)."""
        self.proxy.reveal(code_id)
        return self.proxy.mapFromSource(self.model.index_of(code_id))

    def _activated(self, index: QModelIndex) -> None:
        code_id = index.data(CodeTreeModel.CodeIdRole)
        if code_id is not None:
            self.code_activated.emit(code_id)

    def first_match(self) -> int | None:
        """The first codable code whose name holds the filter's text, in tree order."""
        needle = self.filter_box.text().casefold()
        return next((code.id for code in self.model.codes() if code.codable and needle in code.name.casefold()), None)

    def _apply_first_match(self) -> None:
        code_id = self.first_match()
        if code_id is not None:
            self.select_code(code_id)
            self.code_activated.emit(code_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ in the filter box moves to the tree, on the first match."""
        if (watched is self.filter_box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down):
            code_id = self.first_match()
            if code_id is not None:
                self.select_code(code_id)
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        narrower = bool(self._filter_text) and text.startswith(self._filter_text)
        self._filter_text = text
        # typing on only hides codes: those left are already unfolded
        self.proxy.set_filter_text(text, unfold=bool(text) and not narrower)
