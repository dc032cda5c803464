"""Frequencies as a sortable table: per code (indented by depth) or per attribute value.

Numbers sort as numbers (``SortRole``); each row knows its coding ids (``CodingIdsRole``).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from qcoder.analysis.frequencies import AttributeFrequency, CodeFrequency
from qcoder.core.wording import counted

Index = QModelIndex | QPersistentModelIndex
CODE_COLUMNS = ("Code", "Passages", "+Sub", "Codings", "Sources", "Cases", "Coders")
CODE_TIPS = (
    "", "Passages of the code itself: distinct coded spans, once however many coders coded them",
    "Passages of the code and its sub-codes", "Codings (coder × passage) of the code and its sub-codes",
    "Sources with a passage of the code or a sub-code", "Cases with a passage of the code or a sub-code",
    "Coders who coded the code or a sub-code",
)
ATTRIBUTE_COLUMNS = ("Attribute", "Value", "Cases / sources", "Sources", "Passages", "Codings")
ATTRIBUTE_TIPS = ("", "", "", "", "Distinct coded spans in these sources", "Codings (coder × passage)")


class FrequencyModel(QAbstractTableModel):
    SortRole = Qt.ItemDataRole.UserRole + 1
    CodingIdsRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._codes: list[CodeFrequency] = []
        self._attributes: list[AttributeFrequency] = []
        self.by_attribute = False

    def set_codes(self, rows: list[CodeFrequency]) -> None:
        self.beginResetModel()
        self.by_attribute, self._codes = False, list(rows)
        self.endResetModel()

    def set_attributes(self, rows: list[AttributeFrequency]) -> None:
        self.beginResetModel()
        self.by_attribute, self._attributes = True, list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._attributes) if self.by_attribute else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else (6 if self.by_attribute else 7)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (ATTRIBUTE_COLUMNS if self.by_attribute else CODE_COLUMNS)[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (ATTRIBUTE_TIPS if self.by_attribute else CODE_TIPS)[section] or None
        return None

    def label(self, row: int) -> str:
        if self.by_attribute:
            item = self._attributes[row]
            return f"{item.attribute} = {item.value}"
        return self._codes[row].path

    def short_label(self, row: int) -> str:
        """What a bar is labelled with: a code's own name, an attribute's "name = value"."""
        return self.label(row) if self.by_attribute else self._codes[row].name

    def value(self, row: int) -> int:
        """The number a bar shows: passages (with those of the codes below, for a code)."""
        return self._attributes[row].passages if self.by_attribute else self._codes[row].total_passages

    def colour(self, row: int) -> QColor:
        return QColor("#4E79A7") if self.by_attribute else QColor(self._codes[row].colour)

    def coding_ids(self, row: int) -> tuple[int, ...]:
        return self._attributes[row].coding_ids if self.by_attribute else self._codes[row].total_coding_ids

    def _values(self, row: int) -> tuple[object, ...]:
        if self.by_attribute:
            a = self._attributes[row]
            return (a.attribute, a.value, a.owners, a.sources, a.passages, a.codings)
        c = self._codes[row]
        return (c.name, c.passages, c.total_passages, c.total_codings, c.total_sources, c.total_cases, c.total_coders)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row, column = index.row(), index.column()
        values = self._values(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0 and not self.by_attribute:
                return "    " * self._codes[row].depth + str(values[0])
            return values[column]
        if role == self.SortRole:
            return values[column] if column else self.label(row).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(values[column], int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and not self.by_attribute:
            return QColor(self._codes[row].colour)
        if role == Qt.ItemDataRole.ToolTipRole and not self.by_attribute:
            c = self._codes[row]
            return (f"{c.path}\n{counted(c.passages, 'passage')} of its own ({counted(c.codings, 'coding')}); with its "
                    f"sub-codes {counted(c.total_passages, 'passage')} ({counted(c.total_codings, 'coding')})")
        if role == self.CodingIdsRole:
            return self.coding_ids(row)
        return None
