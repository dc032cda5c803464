"""The code tree's view: it accepts a text selection dragged from the document, and repaints
only what a coding or a new code changed (Qt would repaint whole rows, or the whole tree)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPaintEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from qcoder.ui.document.document_view import SELECTION_MIME
from qcoder.ui.models.code_filter_proxy import CodeFilterProxy
from qcoder.ui.models.code_tree_model import CodeTreeModel

Index = QModelIndex | QPersistentModelIndex


class CodeTreeView(QTreeView):
    """A tree that also accepts a text selection dragged from the document, and repaints after
    laying out its rows again only from the first row shown that changed."""

    selection_dropped = Signal(int, int, int, int)
    """(code id, source id, start, end)"""

    _laying_out = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inserted: list[QPersistentModelIndex] = []
        """The first row of each run of rows put in since the last layout (in vivo: the new code)."""
        self._unknown = True
        """Since the last layout the rows changed otherwise than by rows put in (taken out, moved,
        a reset, a branch folded or unfolded): which rows moved is found by comparing them."""
        self.expanded.connect(self._rows_changed)
        self.collapsed.connect(self._rows_changed)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._inserted, self._unknown = [], True
        if model is None:
            return
        model.rowsInserted.connect(self._rows_inserted)
        for signal in (model.rowsRemoved, model.rowsMoved, model.layoutChanged, model.modelReset,
                       model.columnsInserted, model.columnsRemoved, model.columnsMoved):
            signal.connect(self._rows_changed)

    def _rows_inserted(self, parent: QModelIndex, first: int, _last: int) -> None:
        model = self.model()
        if model is not None:
            self._inserted.append(QPersistentModelIndex(model.index(first, 0, parent)))

    def _rows_changed(self, *_args: object) -> None:
        self._unknown = True

    def doItemsLayout(self) -> None:
        """Qt repaints the whole tree after laying it out again — after each in-vivo code, whose
        row goes in near the bottom. The rows shown above the first one that changed are painted
        as they were: only the rest is repainted (and the row above it, whose arrow may have
        changed); all of it if the tree scrolled, was resized or its columns were. The column
        titles, repainted by Qt with each layout too, only then. When rows were only put in (in
        vivo) the first changed row is where the first of them now is; otherwise the rows in
        sight before and after the layout are compared."""
        viewport, titles = self.viewport(), self.header().viewport()
        inserted, unknown = self._inserted, self._unknown
        self._inserted, self._unknown = [], False
        if self._laying_out or not self.isVisible() or not viewport.updatesEnabled():
            super().doItemsLayout()
            return
        known = bool(inserted) and not unknown and all(
            row.isValid() and (not row.parent().isValid() or self.isExpanded(row.parent())) for row in inserted)
        self._laying_out = True
        try:
            before, geometry = [] if known else self._shown_rows(), self._geometry()
            for widget in (viewport, titles):
                widget.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)
            try:
                super().doItemsLayout()
            finally:
                for widget in (viewport, titles):
                    widget.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, False)
            after = [] if known else self._shown_rows()
        finally:
            self._laying_out = False
        if self._geometry() != geometry:
            viewport.update()
            titles.update()
            return
        if known:
            rects = [self.visualRect(row) for row in inserted]
            top = max(0, min(rect.top() - rect.height() for rect in rects))  # and the row above
            if top < viewport.height():
                viewport.update(0, top, viewport.width(), viewport.height() - top)
            return
        changed = next((number for number, (was, now) in enumerate(zip(before, after)) if was != now),
                       min(len(before), len(after)))
        if changed < max(len(before), len(after)):
            top = (after or before)[max(0, changed - 1)][0] if changed else 0
            viewport.update(0, top, viewport.width(), viewport.height() - top)

    def _shown_rows(self) -> list[tuple[int, int | None]]:
        """Each row in sight: its top and its code (rows of one height: each a row below the last)."""
        rows: list[tuple[int, int | None]] = []
        proxy, index, bottom = self.model(), self.indexAt(QPoint(1, 1)), self.viewport().height()
        assert isinstance(proxy, CodeFilterProxy)
        if not index.isValid():
            return rows
        code_id, source_of, below = proxy.tree.code_id, proxy.mapToSource, self.indexBelow
        top, step = self.visualRect(index).top(), self.rowHeight(index) if self.uniformRowHeights() else 0
        while index.isValid() and top < bottom:
            rows.append((top, code_id(source_of(index))))
            index = below(index)
            top = top + step if step else self.visualRect(index).top()
        return rows

    def _geometry(self) -> tuple[object, ...]:
        header = self.header()
        return (self.viewport().size(), self.verticalScrollBar().value(), self.horizontalScrollBar().value(),
                header.offset(), tuple(header.sectionSize(column) for column in range(header.count())))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint each run of rows to repaint on its own. A coding changes the counts of its code
        and, often rows away, of the code above it; given two such rectangles at once, Qt paints
        both rows whole (every column, names and branches too), twice the cells of each alone."""
        runs = self._row_runs(event.region()) if event.region().rectCount() > 1 else []
        if len(runs) < 2 or self.state() == QAbstractItemView.State.DraggingState:  # one drop indicator
            super().paintEvent(event)
            return
        for run in runs:
            super().paintEvent(QPaintEvent(run))

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        """Counts changed: their cells are repainted, and nothing measured. ``QTreeView`` measures
        the whole first row in view again on any change to it (every column's text laid out; the
        group above the code when the filter is on, on every coding): with rows of one height
        and the names unchanged, no count changes that."""
        if top_left.column() > CodeTreeModel.NAME and self.uniformRowHeights():
            QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))
        else:
            super().dataChanged(top_left, bottom_right, list(roles))

    def _row_runs(self, region: QRegion) -> list[QRect]:
        """The region as rectangles over whole rows, no row in two of them (Qt's banded region
        may cut one row into several rectangles: those stay together)."""
        runs: list[QRect] = []
        rects: list[QRect] = list(region)  # type: ignore[call-overload]  # the stub lacks QRegion's iteration
        for rect in sorted(rects, key=QRect.top):
            top = min(self._row_at(rect.left(), rect.top()).top(), rect.top())
            bottom = max(self._row_at(rect.left(), rect.bottom()).bottom(), rect.bottom())
            whole = QRect(QPoint(rect.left(), top), QPoint(rect.right(), bottom))
            if runs and whole.top() <= runs[-1].bottom():
                runs[-1] = runs[-1].united(whole)
            else:
                runs.append(whole)
        return runs

    def _row_at(self, x: int, y: int) -> QRect:
        """The rectangle of the cell at (``x``, ``y``): its row's height (below the last row, the point)."""
        index = self.indexAt(QPoint(x, y))
        return self.visualRect(index) if index.isValid() else QRect(x, y, 1, 1)

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
