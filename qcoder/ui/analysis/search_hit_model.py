"""Search hits as a keyword-in-context table: source, speaker, left context, the hit, right context."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from qcoder.analysis.search import SearchHit
from qcoder.ui.models.snapshot_table_model import SnapshotTableModel

COLUMNS = ("Source", "Speaker", "Before", "Hit", "After")
SOURCE, SPEAKER, LEFT, HIT, RIGHT = range(5)


def _flat(text: str) -> str:
    """Context on one line: line breaks and tabs as spaces (the positions stay the stored ones)."""
    return text.replace("\n", " ").replace("\t", " ")


class SearchHitModel(SnapshotTableModel[SearchHit]):
    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        self.set_items(hits)

    def hits(self) -> tuple[SearchHit, ...]:
        return tuple(self.items())

    def hit(self, row: int) -> SearchHit:
        return self.item(row)

    def cell(self, hit: SearchHit, column: int, role: int) -> object:
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
        return None
