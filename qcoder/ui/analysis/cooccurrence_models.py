"""Co-occurrence as Qt models: a shaded code × code matrix, and a list of pairs.

Both give each cell's coding ids (``CodingIdsRole``) so that a click lists its passages.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from qcoder.analysis.cooccurrence import Cooccurrence, CooccurrencePair
from qcoder.core.wording import counted
from qcoder.ui.analysis.shading import shade, text_on

Index = QModelIndex | QPersistentModelIndex
CodingIdsRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 1


class CooccurrenceMatrixModel(QAbstractTableModel):
    """Row A, column B: the passages of A coded together with B."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: Cooccurrence | None = None
        self._maximum = 0

    def set_result(self, result: Cooccurrence | None) -> None:
        self.beginResetModel()
        self.result = result
        self._maximum = result.maximum() if result else 0
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.result is None else len(self.result.codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self.rowCount(parent)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.result is None or not 0 <= section < len(self.result.codes):
            return None
        code = self.result.codes[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return code.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.path
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(code.colour)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.result is None or not index.isValid():
            return None
        row, column = self.result.codes[index.row()], self.result.codes[index.column()]
        if row.id == column.id:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        cell = self.result.cell(row.id, column.id)
        background = shade(cell.count, self._maximum)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.count or ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return background
        if role == Qt.ItemDataRole.ForegroundRole:
            return text_on(background)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{counted(cell.count, 'passage')} of “{row.path}” coded together with "
                    f"“{column.path}” (unit: {self.result.unit}), in {counted(len(cell.sources), 'source')}")
        if role == CodingIdsRole:
            return cell.coding_ids
        return None

    def title(self, index: Index) -> str:
        assert self.result is not None
        return f"{self.result.codes[index.row()].name} with {self.result.codes[index.column()].name}"


PAIR_COLUMNS = ("Code", "Code", "Passages", "Sources")


class CooccurrencePairsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pairs: list[CooccurrencePair] = []

    def set_pairs(self, pairs: list[CooccurrencePair]) -> None:
        self.beginResetModel()
        self._pairs = list(pairs)
        self.endResetModel()

    def pair(self, row: int) -> CooccurrencePair:
        return self._pairs[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._pairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PAIR_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PAIR_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._pairs):
            return None
        pair, column = self._pairs[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            passages = pair.first_passages + pair.second_passages
            if role == SortRole:
                return (pair.first.path, pair.second.path, passages, pair.sources)[column]
            shown = f"{passages} ({pair.first_passages} + {pair.second_passages})"
            return (pair.first.path, pair.second.path, shown, pair.sources)[column]
        if role == Qt.ItemDataRole.DecorationRole and column < 2:
            return QColor((pair.first, pair.second)[column].colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CodingIdsRole:
            return pair.coding_ids
        return None
