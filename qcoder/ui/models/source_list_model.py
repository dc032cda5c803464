"""The sources as a Qt table model (name, characters, passages), a thin adapter over snapshots."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from qcoder.core.snapshots import SourceInfo
from qcoder.io.decoding import describe_encoding
from qcoder.io.speakers import name_list

Index = QModelIndex | QPersistentModelIndex


class SourceListModel(QAbstractTableModel):
    NAME, CASES, CODINGS = 0, 1, 2
    SourceIdRole = Qt.ItemDataRole.UserRole + 1
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                       SourceIdRole})
    """The roles :meth:`data` answers; a view asks for a dozen per cell (measuring a column of 200: 2,400 asks)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: list[SourceInfo] = []
        self._row_of: dict[int, int] = {}
        """source id → row: a coding's count is found without a pass over every source."""
        self._case_names: dict[int, str] = {}

    def set_sources(self, sources: list[SourceInfo], case_names: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self._sources = list(sources)
        self._row_of = {source.id: row for row, source in enumerate(self._sources)}
        self._case_names = dict(case_names or {})
        self.endResetModel()

    def set_coding_counts(self, counts: dict[int, int]) -> None:
        """New passage counts for some sources, repainting just their cells."""
        for source_id, count in counts.items():
            row = self._row_of.get(source_id)
            if row is not None and count != self._sources[row].codings:
                self._sources[row] = replace(self._sources[row], codings=count)
                cell = self.index(row, self.CODINGS)
                self.dataChanged.emit(cell, cell)

    def sources(self) -> list[SourceInfo]:
        return list(self._sources)

    def source(self, row: int) -> SourceInfo:
        return self._sources[row]

    def row_of(self, source_id: int) -> int:
        return self._row_of.get(source_id, -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sources)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Source", "Case", "Passages")[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in self.ROLES or not index.isValid() or not 0 <= index.row() < len(self._sources):
            return None
        source = self._sources[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return source.name
            if column == self.CASES:
                return ", ".join(self._case_names.get(c, "?") for c in source.case_ids)
            return source.codings
        if role == Qt.ItemDataRole.ToolTipRole:
            speakers = name_list(source.speakers) or "no speakers detected"
            return (
                f"{source.name}\n{source.characters:,} characters, {source.turns} turns\n"
                f"Speakers: {speakers}\nFile: {source.original_filename or '—'}"
                + (f" (read as {describe_encoding(source.encoding)})" if source.encoding else "")
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CODINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.SourceIdRole:
            return source.id
        return None
