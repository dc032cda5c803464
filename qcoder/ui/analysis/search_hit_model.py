"""Search hits as a keyword-in-context table: source, speaker, left context, the hit, right context."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qcoder.analysis.search import SearchHit

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Source", "Speaker", "Before", "Hit", "After")
SOURCE, SPEAKER, LEFT, HIT, RIGHT = range(5)


def _flat(text: str) -> str:
    """Context on one line: line breaks and tabs as spaces (the positions stay the stored ones)."""
    return text.replace("\n", " ").replace("\t", " ")


class SearchHitModel(QAbstractTableModel):
    HitRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._hits: tuple[SearchHit, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    def hits(self) -> tuple[SearchHit, ...]:
        return self._hits

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, column = self._hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.source, hit.speaker or "", _flat(hit.left), _flat(hit.hit), _flat(hit.right))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == LEFT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == HIT:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == HIT:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.source} [{hit.start}, {hit.end})\n\n…{hit.left}{hit.hit}{hit.right}…"
        if role == self.HitRole:
            return hit
        return None
