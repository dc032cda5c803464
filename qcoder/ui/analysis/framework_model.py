"""The framework matrix (cases × codes) as a shaded Qt table: passages per cell, quotes as tool tip.

Each cell gives its coding ids (``CodingIdsRole``) so that a click lists its passages.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from qcoder.analysis.framework_matrix import FrameworkCell, FrameworkMatrix
from qcoder.io.framework_export import cell_text
from qcoder.ui.analysis.shading import shade, text_on

Index = QModelIndex | QPersistentModelIndex


class FrameworkModel(QAbstractTableModel):
    CodingIdsRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: FrameworkMatrix | None = None
        self._maximum = 0

    def set_matrix(self, matrix: FrameworkMatrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self._maximum = max(
            (matrix.value(r, c) for r in matrix.cases for c in matrix.codes), default=0
        ) if matrix else 0
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.codes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.matrix is None:
            return None
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return self.matrix.codes[section] if horizontal else self.matrix.cases[section]
        if role == Qt.ItemDataRole.DecorationRole and horizontal:
            return QColor(self.matrix.colours[section])
        return None

    def cell(self, index: Index) -> FrameworkCell:
        assert self.matrix is not None
        return self.matrix.cell(self.matrix.cases[index.row()], self.matrix.codes[index.column()])

    def title(self, index: Index) -> str:
        assert self.matrix is not None
        return f"{self.matrix.cases[index.row()]} × {self.matrix.codes[index.column()]}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.matrix is None or not index.isValid():
            return None
        cell = self.cell(index)
        value = cell.passages
        background = shade(value, self._maximum)
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return background
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#9AA0A6") if value == 0 else text_on(background)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.title(index)}\n{cell_text(cell) or 'no passages'}\n({cell.codings} codings)"
        if role == self.CodingIdsRole:
            return cell.coding_ids
        return None
