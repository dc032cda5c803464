"""Passages where coders differ, as a Qt table: source, code, span, who coded it and the text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from qcoder.analysis.disagreements import Disagreement

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Source", "Code", "Characters", "Coded by", "Not by", "Passage")


class DisagreementTableModel(QAbstractTableModel):
    DisagreementRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._items: list[Disagreement] = []

    def set_disagreements(self, items: list[Disagreement]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def disagreement(self, row: int) -> Disagreement:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                item.source, item.code.rsplit("/", 1)[-1], f"{item.start}–{item.end}",
                ", ".join(item.coders_with), ", ".join(item.coders_without) or "(boundaries differ)",
                ("✓ " if item.resolved else "") + " ".join(item.excerpt.split()),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            versions = "\n".join(
                f"{v.coder}: " + (", ".join(f"[{s}, {e})" for s, e in v.spans) or "not coded") for v in item.versions
            )
            return f"{item.code}\n{item.source} [{item.start}, {item.end})\n\n{versions}"
        if role == self.DisagreementRole:
            return item
        return None
