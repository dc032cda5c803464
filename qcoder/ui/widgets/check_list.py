"""A compact list of checkable names (coders, codes, sources) for choosing what to compare."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class CheckList(QListWidget):
    """Items carry their name as text; :meth:`checked` returns the ticked names in list order."""

    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(12, 12))
        self.itemChanged.connect(lambda _item: self.checks_changed.emit())

    def set_names(
        self, names: Iterable[str], *, checked: Iterable[str] = (), colours: dict[str, str] | None = None,
        tips: dict[str, str] | None = None,
    ) -> None:
        ticked = set(checked)
        self.blockSignals(True)
        self.clear()
        for name in names:
            item = QListWidgetItem(name, self)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            if colours and name in colours:
                item.setData(Qt.ItemDataRole.DecorationRole, QColor(colours[name]))
            if tips and name in tips:
                item.setToolTip(tips[name])
        self.blockSignals(False)
        self.checks_changed.emit()

    def checked(self) -> list[str]:
        return [
            self.item(row).text() for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, name: str, checked: bool = True) -> None:
        for item in self.findItems(name, Qt.MatchFlag.MatchExactly):
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
