"""Cases as a Qt table model: name, sources, then one column per case attribute."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from qcoder.core.snapshots import CaseInfo

Index = QModelIndex | QPersistentModelIndex
FIRST = ("type", "country", "interviewed", "latitude", "longitude")
"""Organisation attributes come first, in this order; others follow by name."""


class CaseTableModel(QAbstractTableModel):
    CaseNameRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseInfo] = []
        self._source_names: dict[int, str] = {}
        self.attributes: list[str] = []

    def set_cases(self, cases: list[CaseInfo], source_names: dict[int, str]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self._source_names = dict(source_names)
        names = {name for case in cases for name, _ in case.attributes}
        self.attributes = [n for n in FIRST if n in names] + sorted(names - set(FIRST))
        self.endResetModel()

    def case(self, row: int) -> CaseInfo:
        return self._cases[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 + len(self.attributes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Case"
        if section == 1:
            return "Sources"
        if 0 <= section - 2 < len(self.attributes):
            return self.attributes[section - 2].capitalize()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        column = index.column()
        if role == self.CaseNameRole:
            return case.name
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return case.name
            if column == 1:
                return len(case.source_ids)
            if 0 <= column - 2 < len(self.attributes):
                value = case.attribute(self.attributes[column - 2])
                if value in ("true", "false"):
                    return "yes" if value == "true" else "no"
                return value or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            sources = ", ".join(self._source_names.get(s, "?") for s in case.source_ids) or "no sources"
            return f"{case.name}\n{case.description}\nSources: {sources}".replace("\n\n", "\n")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
