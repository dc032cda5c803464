"""A read-only Qt table over a list of frozen snapshots: the shared part of every such table.

A subclass names its ``COLUMNS`` and says what a cell shows in :meth:`cell`; rows, counts,
headers and bounds checks live here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
Item = TypeVar("Item")


class SnapshotTableModel(QAbstractTableModel, Generic[Item]):
    COLUMNS: tuple[str, ...] = ()
    ItemRole = Qt.ItemDataRole.UserRole + 1
    CELL_ROLES: frozenset[int] | None = None
    """The roles :meth:`cell` answers (``None``: any). A view asks each painted cell for about ten
    roles; the others are refused before any Python work."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []

    def set_items(self, items: Sequence[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Item:
        return self._items[row]

    def items(self) -> list[Item]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != self.ItemRole and self.CELL_ROLES is not None and role not in self.CELL_ROLES:
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._items):
            return None
        item = self._items[row]
        if role == self.ItemRole:
            return item
        return self.cell(item, index.column(), role)

    def multiData(self, index: Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a painted cell asks for in one call from Qt (not one call per role)."""
        span = span if isinstance(span, QModelRoleDataSpan) else QModelRoleDataSpan(span)
        row = index.row()
        item = self._items[row] if index.isValid() and 0 <= row < len(self._items) else None
        column, roles = index.column(), self.CELL_ROLES
        for number in range(span.size()):
            wanted = span[number]  # type: ignore[index]  # the stub leaves out the span's [], PySide6 has it
            role = wanted.role()
            if item is None or (roles is not None and role not in roles and role != self.ItemRole):
                wanted.clearData()
            else:
                wanted.setData(item if role == self.ItemRole else self.cell(item, column, role))

    def cell(self, item: Item, column: int, role: int) -> object:
        """What ``role`` shows for ``item`` in ``column``; ``None`` for nothing."""
        raise NotImplementedError
