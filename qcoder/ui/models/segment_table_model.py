"""Coded passages as a Qt table: source, speaker, code, coder and the passage's text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from qcoder.core.snapshots import SegmentInfo

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Source", "Speaker", "Code", "Coder", "Passage")


class SegmentTableModel(QAbstractTableModel):
    SegmentRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._segments: list[SegmentInfo] = []

    def set_segments(self, segments: list[SegmentInfo]) -> None:
        self.beginResetModel()
        self._segments = list(segments)
        self.endResetModel()

    def segment(self, row: int) -> SegmentInfo:
        return self._segments[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._segments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._segments):
            return None
        segment = self._segments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                segment.source, segment.speaker or "", segment.code.rsplit("/", 1)[-1], segment.coder,
                ("★ " if segment.exemplar else "") + " ".join(segment.text.split()),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {segment.memo}" if segment.memo else ""
            return f"{segment.code}\n{segment.source} [{segment.start}, {segment.end})\n\n{segment.text}{memo}"
        if role == self.SegmentRole:
            return segment
        return None
