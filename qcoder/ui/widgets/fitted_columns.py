"""A list's name column as wide as its widest shown name: never cut, scrolled sideways when the
pane is narrower than the names (the count columns keep their fixed widths after it) — or, with
a ``least`` width, cut to the pane so that the columns after it stay in sight (a laptop's narrow
code tree: its counts visible, each cut name whole on hover), never narrower than ``least``.

Measured again only when names can have changed (a reset, rows taken out, a branch unfolded,
the pane resized, a row added or renamed that is wider than the room) — not when counts change
with each coding — and a hidden view (the sources grouped by case while the flat list shows)
only once it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

MANY_ROWS = 50
"""More rows put in at once than this (an import) and the column is measured again whole."""


class FittedColumns(QObject):
    """``fill`` grows to its content or to the rest of the view, whichever is wider (with
    ``least``: fills the rest of the view, or takes its content up to ``least`` pixels when the
    rest is narrower than that); ``fitted`` columns take their content's width."""

    def __init__(self, view: QTreeView | QTableView, fill: int, fitted: tuple[int, ...] = (),
                 *, least: int | None = None) -> None:
        super().__init__(view)
        self.view, self.fill, self.fitted, self.least = view, fill, fitted, least
        self._stale = False
        """A fit was asked for while the view was hidden: it is made when the view is shown."""
        self._measured: dict[int, int] = {}
        """Each column's content width when last measured (a capped column is narrower)."""
        header = self.header()
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # in sight when wide
        for column in (fill, *fitted):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsRemoved):
            signal.connect(self._timer.start)
        model.rowsInserted.connect(self._rows_inserted)
        model.dataChanged.connect(self._data_changed)
        if isinstance(view, QTreeView):
            view.expanded.connect(self._timer.start)
            view.collapsed.connect(self._timer.start)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self.fit()

    def header(self) -> QHeaderView:
        return self.view.header() if isinstance(self.view, QTreeView) else self.view.horizontalHeader()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None) -> None:
        """Measure again only if a changed cell of a fitted column no longer fits (a renamed item);
        a repaint of the same text (counts, colours, each coding) measures one cell, not the column."""
        columns = [c for c in (self.fill, *self.fitted) if top_left.column() <= c <= bottom_right.column()]
        self._measure_again_unless_fitting(top_left, range(top_left.row(), bottom_right.row() + 1), columns)

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """Rows put in (an in-vivo code): measured alone; the column again only if one is wider
        than the room it has (measuring a column asks for up to a thousand rows' sizes)."""
        model = self.view.model()
        if self._timer.isActive() or last - first >= MANY_ROWS or not model.hasIndex(first, 0, parent):
            self._timer.start()
            return
        self._measure_again_unless_fitting(model.index(first, 0, parent), range(first, last + 1),
                                           [self.fill, *self.fitted])

    def _measure_again_unless_fitting(self, first: QModelIndex, rows: range, columns: list[int]) -> None:
        header = self.header()
        for column in columns:
            if header.isSectionHidden(column):
                continue
            room = max(header.sectionSize(column), self._measured.get(column, 0))
            if column == self.fill and self.least is not None and room >= self.least:
                continue  # a name cut to the pane: a wider one leaves the column as the fit made it
            for row in rows:
                if self._cell_width(first.siblingAtRow(row).siblingAtColumn(column)) > room:
                    self._timer.start()
                    return

    def _cell_width(self, index: QModelIndex) -> int:
        width = self.view.sizeHintForIndex(index).width()
        if isinstance(self.view, QTreeView) and index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width += depth * self.view.indentation()
        return width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is not self.view:
            self._timer.start()
        elif event.type() == QEvent.Type.Show and watched is self.view and self._stale:
            self.fit()  # before the view is first painted
        return False

    def content_width(self, column: int) -> int:
        header = self.header()
        width = self._measured[column] = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
        return width

    def fit(self) -> None:
        if not self.view.isVisible():
            self._stale = True
            return
        self._stale = False
        header = self.header()
        if header.isSectionHidden(self.fill):
            return
        for column in self.fitted:
            if not header.isSectionHidden(column):
                header.resizeSection(column, self.content_width(column))
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != self.fill and not header.isSectionHidden(c))
        rest, content = self.view.viewport().width() - others, self.content_width(self.fill)
        header.resizeSection(self.fill, max(content if self.least is None else min(content, self.least), rest))
