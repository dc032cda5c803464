"""The code tree's view: the codes as the rows of a flat table (:class:`CodeRows`), each name
indented under its group with an arrow to fold and unfold it, as a tree view shows them.

Why not ``QTreeView``: after one row is put in under an unfolded group, it lays out every
unfolded row again — each in-vivo code made the next one slower (issue 21). A table puts the
row in by moving the rows below it along. This view keeps a tree view's ways: a click on the
arrow, or a double-click on a group, folds or unfolds it; ← folds (or goes up to the group), →
unfolds (or goes down to the first sub-code), + and - unfold and fold, * unfolds everything
below. It accepts a text selection dragged from the document, and repaints after rows are put
in only from the first of them down.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from qcoder.ui.document.document_view import SELECTION_MIME
from qcoder.ui.models.code_rows import CodeRows
from qcoder.ui.models.code_tree_model import CodeTreeModel
from qcoder.ui.panes.code_name_cell import CodeNameCell
from qcoder.ui.widgets.changed_cells import in_sight, repaint_changed_cells

Index = QModelIndex | QPersistentModelIndex


class CodeTreeView(QTableView):
    selection_dropped = Signal(int, int, int, int)
    """(code id, source id, start, end)"""
    expanded = Signal(QModelIndex)
    collapsed = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = CodeNameCell(self)
        self.setItemDelegateForColumn(CodeTreeModel.NAME, self._names)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.setDragDropOverwriteMode(False)  # between two codes, or onto one
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._fit_row_height()
        self._changed_from: int | None = None
        """The first row put in or taken out since the last layout (``None``: none, or the rows
        changed otherwise — moved, reset — and the whole view is repainted)."""

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """The column titles get a selection of their own, never changed: a table's titles
        repaint whenever a row is chosen (every code is a top-level row to them)."""
        super().setModel(model)
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

    # -- a tree view's ways ---------------------------------------------------------------

    def rows(self) -> CodeRows:
        rows = self.model()
        assert isinstance(rows, CodeRows)
        return rows

    def header(self) -> QHeaderView:
        return self.horizontalHeader()

    def setHeaderHidden(self, hidden: bool) -> None:
        self.horizontalHeader().setVisible(not hidden)

    def indentation(self) -> int:
        return self._names.indentation

    def setIndentation(self, width: int) -> None:
        self._names.indentation = width
        self.viewport().update()

    def isExpanded(self, index: Index) -> bool:
        return index.isValid() and self.rows().is_expanded(index.row())

    def setExpanded(self, index: Index, expanded: bool) -> None:
        if not index.isValid() or self.isExpanded(index) == expanded:
            return
        rows = self.rows()
        code_id = rows.code_at(index.row())
        assert code_id is not None
        rows.set_expanded([code_id], expanded)
        (self.expanded if expanded else self.collapsed).emit(rows.index(rows.row_of(code_id), 0))

    def expand(self, index: Index) -> None:
        self.setExpanded(index, True)

    def collapse(self, index: Index) -> None:
        self.setExpanded(index, False)

    def expandAll(self) -> None:
        self.rows().expand_to_depth(-1)

    def expandToDepth(self, depth: int) -> None:
        self.rows().expand_to_depth(depth)

    def collapseAll(self) -> None:
        self.rows().set_expanded_ids(())

    def _fit_row_height(self) -> None:
        """Rows as high as a name with its colour (what a tree view's rows are)."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.features |= (QStyleOptionViewItem.ViewItemFeature.HasDisplay
                            | QStyleOptionViewItem.ViewItemFeature.HasDecoration)
        option.text = "Xg"
        height = self.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self).height()
        self.verticalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setDefaultSectionSize(height)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._names.forget_sizes()
        super().changeEvent(event)

    # -- keys and clicks ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index, key = self.currentIndex(), event.key()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if not index.isValid() or not plain or key not in _FOLDING_KEYS or self.state() != QAbstractItemView.State.NoState:
            super().keyPressEvent(event)
            return
        rows, row = self.rows(), index.row()
        branch, unfolded = rows.has_children(row), rows.is_expanded(row)
        if key == Qt.Key.Key_Right and branch and unfolded:
            self._go_to(row + 1)
        elif key == Qt.Key.Key_Left and not (branch and unfolded):
            self._go_to(rows.parent_row(row))
        elif key == Qt.Key.Key_Asterisk:
            rows.expand_below(rows.code_at(row))  # type: ignore[arg-type]
        else:
            self.setExpanded(index, key in (Qt.Key.Key_Right, Qt.Key.Key_Plus))
        event.accept()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Home and End go to the first and the last code, as in a tree (a table's go to the
        row's first and last column)."""
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def _go_to(self, row: int) -> None:
        if 0 <= row < self.rows().rowCount():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.selectionModel().setCurrentIndex(self.rows().index(row, CodeTreeModel.NAME), flags)

    def _on_arrow(self, event: QMouseEvent) -> QModelIndex | None:
        """The row whose arrow was clicked, if one was."""
        point = event.position().toPoint()
        index = self.indexAt(point)
        if not index.isValid() or index.column() != CodeTreeModel.NAME or not self.rows().has_children(index.row()):
            return None
        return index if self._names.branch_rect(self.visualRect(index), index.row()).contains(point) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        arrow = self._on_arrow(event) if event.button() == Qt.MouseButton.LeftButton else None
        if arrow is not None:
            self.setExpanded(arrow, not self.isExpanded(arrow))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double-click codes the selection with the code (Qt's activation); on a group it
        also folds or unfolds it."""
        if self._on_arrow(event) is not None:
            self.mousePressEvent(event)
            return
        index = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mouseDoubleClickEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and self.rows().has_children(index.row()):
            self.setExpanded(index, not self.isExpanded(index))

    # -- repainting only what rows put in moved -------------------------------------------

    def rowsInserted(self, parent: Index, first: int, last: int) -> None:
        self._changed(first)
        super().rowsInserted(parent, first, last)

    def rowsAboutToBeRemoved(self, parent: Index, first: int, last: int) -> None:
        self._changed(first)
        super().rowsAboutToBeRemoved(parent, first, last)

    def _changed(self, row: int) -> None:
        """Rows from ``row`` on are put in or taken out: they are repainted, and the row above
        them only if it is their parent (its arrow comes or goes), not a sibling's, which looks
        as it did (each in-vivo code goes in below the last one)."""
        rows = self.rows()
        if row > 0 and rows.depth(row - 1) < rows.depth(row):
            row -= 1
        self._changed_from = row if self._changed_from is None else min(row, self._changed_from)

    def reset(self) -> None:
        self._changed_from = None
        super().reset()

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Laid out first: a row just put in is then in the scroll bar's reach. A row already in
        sight is left alone (Qt's table would repaint its cell, a coding's name cell each time)."""
        self.executeDelayedItemsLayout()
        if not in_sight(self, index, hint):
            super().scrollTo(index, hint)

    def doItemsLayout(self) -> None:
        """Qt repaints the whole view, and its column titles, after rows are put in (each in-vivo
        code): the rows above the first that changed are painted as they were, and only the rest
        is repainted; the titles are not — all of it if the view scrolled or was resized."""
        changed_from, self._changed_from = self._changed_from, None
        viewport, titles = self.viewport(), self.horizontalHeader().viewport()
        if changed_from is None or not self.isVisible() or not viewport.updatesEnabled():
            super().doItemsLayout()
            return
        geometry = self._geometry()
        for widget in (viewport, titles):
            widget.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)
        try:
            super().doItemsLayout()
        finally:
            for widget in (viewport, titles):
                widget.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, False)
        if self._geometry() != geometry:
            viewport.update()
            titles.update()
            return
        top = max(0, self.rowViewportPosition(changed_from))
        if top < viewport.height():
            viewport.update(0, top, viewport.width(), viewport.height() - top)

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        """Counts changed: just their cells repainted (:mod:`~qcoder.ui.widgets.changed_cells`),
        also while rows put in wait to be laid out (the count of an in-vivo code's group, above the
        rows that layout repaints)."""
        if not repaint_changed_cells(self, top_left, bottom_right, partial_layout_pending=self._changed_from is not None):
            super().dataChanged(top_left, bottom_right, list(roles))

    def _geometry(self) -> tuple[object, ...]:
        header = self.header()
        return (self.viewport().size(), self.verticalScrollBar().value(), self.horizontalScrollBar().value(),
                header.offset(), self.verticalHeader().offset(),
                tuple(header.sectionSize(column) for column in range(header.count())))

    # -- a text selection dropped from the document ---------------------------------------

    def _is_selection(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return event.mimeData().hasFormat(SELECTION_MIME)

    @staticmethod
    def _copy(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> None:
        """A copy, never a move: the document in edit mode would delete the dragged words."""
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._is_selection(event):
            self._copy(event)
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._is_selection(event):
            self._copy(event)
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._is_selection(event):
            super().dropEvent(event)
            return
        index = self.indexAt(event.position().toPoint())
        code_id = index.data(CodeTreeModel.CodeIdRole) if index.isValid() else None
        if code_id is None:
            event.ignore()
            return
        source, start, end = (int(v) for v in bytes(event.mimeData().data(SELECTION_MIME).data()).decode().split(":"))
        self._copy(event)
        self.selection_dropped.emit(code_id, source, start, end)


_FOLDING_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Asterisk})
