"""One layer of a crosstab as a shaded Qt table, with row and column totals.

Each cell gives its coding ids (``CodingIdsRole``) so that a click lists its passages.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from qcoder.analysis.crosstab import EMPTY_CELL, Crosstab, CrosstabCell
from qcoder.core.wording import counted
from qcoder.ui.analysis.shading import shade, text_on

Index = QModelIndex | QPersistentModelIndex
TOTAL = "Total"


class CrosstabModel(QAbstractTableModel):
    CodingIdsRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: Crosstab | None = None
        self.layer = 0
        self._maximum = 0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: Crosstab | None, layer: int = 0) -> None:
        self.beginResetModel()
        self.table, self.layer = table, layer
        self._maximum = table.maximum() if table else 0
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.rows.categories) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.columns.categories) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.table is None:
            return None
        dimension = self.table.columns if orientation == Qt.Orientation.Horizontal else self.table.rows
        inside = section < len(dimension.categories)
        if role == Qt.ItemDataRole.DisplayRole:
            return dimension.categories[section] if inside else TOTAL
        if role == Qt.ItemDataRole.DecorationRole and inside and dimension.colours:
            return QColor(dimension.colours[section])
        if role == Qt.ItemDataRole.FontRole and not inside:
            return self._bold
        return None

    def cell(self, index: Index) -> CrosstabCell:
        if self.table is None or not index.isValid():
            return EMPTY_CELL
        rows, columns = len(self.table.rows.categories), len(self.table.columns.categories)
        row, column = index.row(), index.column()
        if row < rows and column < columns:
            return self.table.cell(self.layer, row, column)
        if row < rows:
            return self.table.row_totals.get((self.layer, row), EMPTY_CELL)
        if column < columns:
            return self.table.column_totals.get((self.layer, column), EMPTY_CELL)
        return self.table.layer_totals.get(self.layer, EMPTY_CELL)

    def title(self, index: Index) -> str:
        assert self.table is not None
        row = self.headerData(index.row(), Qt.Orientation.Vertical)
        column = self.headerData(index.column(), Qt.Orientation.Horizontal)
        layer = f" ({self.table.by.label}: {self.table.layers[self.layer]})" if self.table.by else ""
        return f"{row} × {column}{layer}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.table is None or not index.isValid():
            return None
        cell = self.cell(index)
        value = cell.value(self.table.count)
        is_total = index.row() == len(self.table.rows.categories) or index.column() == len(self.table.columns.categories)
        background = None if is_total else shade(value, self._maximum)
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return background
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#9AA0A6") if value == 0 else text_on(background)
        if role == Qt.ItemDataRole.FontRole and is_total:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{self.title(index)}\n{counted(cell.passages, 'passage')} ({counted(len(cell.coding_ids), 'coding')}) "
                    f"from {counted(cell.sources, 'source')} and {counted(cell.cases, 'case')} — click to list them")
        if role == self.CodingIdsRole:
            return cell.coding_ids
        return None
