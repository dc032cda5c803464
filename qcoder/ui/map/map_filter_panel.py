"""The map window's side panel: which codings count, what "coded together" means, the layout."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.organisations import ORG_TYPES, ORGANISATIONS_GROUP

ALL_CODERS = "All coders"
UNITS = (("overlap", "Overlapping passages"), ("turn", "Same speaker turn"), ("source", "Same interview"))
LAYOUTS = (("geographic", "World map"), ("force", "Force-directed"))
MEASURES = (("passages", "Passages"), ("organisations", "Organisations"))
MENTIONED_BY = (("", "Any organisation"), *((t, t[0].upper() + t[1:]) for t in ORG_TYPES))


class MapFilterPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_list = QListWidget()
        self.with_list.setToolTip("Show only mentions coded together with every checked code (or one below it)")
        self.with_list.itemChanged.connect(lambda _item: self.changed.emit())
        clear = QPushButton("Clear")
        clear.clicked.connect(self.clear_codes)
        self.coder = QComboBox()
        self.mentioned_by = _combo(MENTIONED_BY)
        self.mentioned_by.setToolTip("Network: only mentions made by organisations of this type")
        self.unit = _combo(UNITS)
        self.layout_choice = _combo(LAYOUTS)
        self.rows = QComboBox()
        self.columns = QComboBox()
        self.measure = _combo(MEASURES)
        for combo in (self.coder, self.mentioned_by, self.unit, self.layout_choice, self.rows, self.columns, self.measure):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        form = QFormLayout()
        form.addRow("Coder", self.coder)
        form.addRow("Mentions by", self.mentioned_by)
        form.addRow("Coded together", self.unit)
        form.addRow("Network layout", self.layout_choice)
        form.addRow("Matrix rows", self.rows)
        form.addRow("Matrix columns", self.columns)
        form.addRow("Matrix cells", self.measure)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>Network: mentions coded together with</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.with_list, 1)
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)

    # -- choices from the project -------------------------------------------------------

    def set_choices(self, codes: list[CodeInfo], coders: list[str]) -> None:
        """Fill the lists from the project, keeping what was chosen where it still exists."""
        checked = set(self.with_codes())
        blocked = [w.blockSignals(True) for w in (self.with_list, self.coder, self.rows, self.columns)]
        try:
            self.with_list.clear()
            for code in codes:
                if code.path == ORGANISATIONS_GROUP or code.path.startswith(ORGANISATIONS_GROUP + "/"):
                    continue
                depth = code.path.count("/") - code.name.count("/")
                item = QListWidgetItem("    " * depth + code.name)
                item.setData(Qt.ItemDataRole.UserRole, code.path)
                item.setToolTip(code.description or code.path)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code.path in checked else Qt.CheckState.Unchecked)
                if not code.codable:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.with_list.addItem(item)
            _refill(self.coder, [ALL_CODERS, *coders], self.coder.currentText() or ALL_CODERS)
            groups = [c.path for c in codes if c.parent_id is None]
            _refill(self.rows, groups, self.rows.currentText() or "Lifecycle stage")
            _refill(self.columns, groups, self.columns.currentText() or "On-ramp")
        finally:
            for widget, was in zip((self.with_list, self.coder, self.rows, self.columns), blocked):
                widget.blockSignals(was)

    def clear_codes(self) -> None:
        self.with_list.blockSignals(True)
        for index in range(self.with_list.count()):
            self.with_list.item(index).setCheckState(Qt.CheckState.Unchecked)
        self.with_list.blockSignals(False)
        self.changed.emit()

    def check_code(self, path: str, checked: bool = True) -> None:
        for index in range(self.with_list.count()):
            item = self.with_list.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == path:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    # -- what is chosen -----------------------------------------------------------------

    def with_codes(self) -> tuple[str, ...]:
        return tuple(
            self.with_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.with_list.count())
            if self.with_list.item(i).checkState() == Qt.CheckState.Checked
        )

    def coder_name(self) -> str | None:
        text = self.coder.currentText()
        return None if not text or text == ALL_CODERS else text

    def attributes(self) -> tuple[tuple[str, str], ...]:
        org_type = self.mentioned_by.currentData()
        return (("type", org_type),) if org_type else ()

    def unit_name(self) -> str:
        return self.unit.currentData() or "overlap"

    def layout_name(self) -> str:
        return self.layout_choice.currentData() or "geographic"

    def settings(self) -> dict[str, str]:
        """The choices worth keeping with the study (see ``study_settings``)."""
        rows, columns, measure = self.matrix_axes()
        return {
            "map.layout": self.layout_name(), "map.unit": self.unit_name(), "map.matrix_rows": rows,
            "map.matrix_columns": columns, "map.matrix_measure": measure, "map.with_codes": "\n".join(self.with_codes()),
        }

    def apply_settings(self, values: dict[str, str]) -> None:
        """Choose what ``values`` (from :meth:`settings`) say, without emitting ``changed``."""
        combos = ((self.layout_choice, "map.layout", True), (self.unit, "map.unit", True),
                  (self.rows, "map.matrix_rows", False), (self.columns, "map.matrix_columns", False),
                  (self.measure, "map.matrix_measure", True))
        for combo, key, by_data in combos:
            if key in values:
                index = combo.findData(values[key]) if by_data else combo.findText(values[key])
                if index >= 0:
                    was = combo.blockSignals(True)
                    combo.setCurrentIndex(index)
                    combo.blockSignals(was)
        if "map.with_codes" in values:
            wanted = set(filter(None, values["map.with_codes"].split("\n")))
            was = self.with_list.blockSignals(True)
            for index in range(self.with_list.count()):
                item = self.with_list.item(index)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.with_list.blockSignals(was)

    def matrix_axes(self) -> tuple[str, str, str]:
        return (self.rows.currentText() or "Lifecycle stage", self.columns.currentText() or "On-ramp",
                self.measure.currentData() or "passages")


def _combo(choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _refill(combo: QComboBox, items: list[str], keep: str) -> None:
    combo.clear()
    combo.addItems(items)
    if keep in items:
        combo.setCurrentIndex(items.index(keep))
