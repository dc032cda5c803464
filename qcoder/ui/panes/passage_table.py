"""The retrieval pane's table: a passage put in or taken out below the rows in view repaints nothing.

A ``QTableView`` lays its items out again after rows are inserted or removed and then repaints
its whole viewport, even when every change lies below the last row shown (a coding in a source
listed further down): three rows of long passages elided anew, two milliseconds per coding. The
scroll bar's range still follows; the rows in view, unchanged, are not painted again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from qcoder.ui.widgets.changed_cells import in_sight, repaint_changed_cells
from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar

Index = QModelIndex | QPersistentModelIndex


class PassageTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBar(SteadyScrollBar(self))
        self._below_view: bool | None = None
        """Since the last layout: ``True`` while every row change lay below the rows in view,
        ``False`` once anything else changed, ``None`` when nothing did."""

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._below_view = False
        if model is None:
            return
        model.rowsAboutToBeInserted.connect(self._rows_changing)
        model.rowsAboutToBeRemoved.connect(self._rows_changing)
        for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged, model.columnsAboutToBeInserted,
                       model.columnsAboutToBeRemoved, model.rowsAboutToBeMoved):
            signal.connect(self._everything_changing)

    def _rows_changing(self, parent: Index, first: int, _last: int) -> None:
        viewport = self.viewport()
        last_shown = self.rowAt(viewport.height() - 1)  # -1: the rows end inside the view
        below = not parent.isValid() and viewport.isVisible() and 0 <= last_shown < first
        self._below_view = below if self._below_view is None else self._below_view and below

    def _everything_changing(self, *_args: object) -> None:
        self._below_view = False

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        """A passage's row changed (a coding resized, each in-vivo code chosen in turn: its passage in
        place of the last one's): just the changed cells repainted (:mod:`~qcoder.ui.widgets.changed_cells`)."""
        if not repaint_changed_cells(self, top_left, bottom_right, partial_layout_pending=bool(self._below_view)):
            super().dataChanged(top_left, bottom_right, list(roles))

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """A row already in sight is left alone: Qt's table repaints its cell even so (the first
        row's, as each in-vivo code chosen in turn lists its passage in place of the last one's)."""
        if not in_sight(self, index, hint):
            super().scrollTo(index, hint)

    def doItemsLayout(self) -> None:
        quiet, self._below_view = self._below_view, None
        if not quiet:
            super().doItemsLayout()
            return
        self.updateGeometries()  # the scroll bar's range; the rows in view are as they were
        header = self.verticalHeader()
        if not header.updatesEnabled():  # turned off while rows were removed, as the base class does
            header.setUpdatesEnabled(True)
