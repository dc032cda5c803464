"""The map window's side panel: which codings count, what "coded together" means, the layout,
and which code groups the lifecycle board and the matrix show (held by code id, so a renamed
group stays chosen)."""

from __future__ import annotations

from collections.abc import Sequence

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

from qcoder.analysis.board_groups import BoardGroups
from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.queries.organisations import ORG_TYPES, ORGANISATIONS_GROUP
from qcoder.ui.analysis.consensus_box import ConsensusBox

ALL_CODERS = "All coders"
UNITS = (("overlap", "Overlapping passages"), ("turn", "Same speaker turn"), ("source", "Same interview"))
LAYOUTS = (("geographic", "World map"), ("force", "Force-directed"))
MEASURES = (("passages", "Passages"), ("codings", "Codings (coder × passage)"), ("organisations", "Organisations"))
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
        self.consensus = ConsensusBox()
        self.stage_group = QComboBox()
        self.stage_group.setToolTip("The lifecycle board's columns: the codes of this group, in codebook order")
        self.item_groups = QListWidget()
        self.item_groups.setToolTip("The lifecycle board's items: the codes of the checked groups")
        self.item_groups.setMaximumHeight(110)
        self.item_groups.itemChanged.connect(lambda _item: self.changed.emit())
        for combo in (self.coder, self.mentioned_by, self.unit, self.layout_choice, self.rows, self.columns,
                      self.measure, self.consensus, self.stage_group):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        form = QFormLayout()
        form.addRow("Coder", self.coder)
        form.addRow("Passages coded by", self.consensus)
        form.addRow("Mentions by", self.mentioned_by)
        form.addRow("Coded together", self.unit)
        form.addRow("Network layout", self.layout_choice)
        form.addRow("Matrix rows", self.rows)
        form.addRow("Matrix columns", self.columns)
        form.addRow("Matrix cells", self.measure)
        form.addRow("Board stages", self.stage_group)
        form.addRow("Board items", self.item_groups)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>Network: mentions coded together with</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.with_list, 1)
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)

    # -- choices from the project -------------------------------------------------------

    def set_choices(self, codes: list[CodeInfo], coders: list[str], board: BoardGroups | None = None) -> None:
        """Fill the lists from the project, keeping what was chosen where it still exists (by code
        id: a renamed group stays chosen); ``board`` gives the groups chosen by default."""
        checked = set(self.with_codes())
        widgets = (self.with_list, self.coder, self.rows, self.columns, self.stage_group, self.item_groups)
        blocked = [w.blockSignals(True) for w in widgets]
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
            roots = [(c.path, c.id) for c in codes if c.parent_id is None]
            stage = board.stage if board is not None else None
            first_item = board.items[0] if board is not None and board.items else None
            _refill_ids(self.rows, roots, self.rows.currentData(), stage)
            _refill_ids(self.columns, roots, self.columns.currentData(), first_item)
            _refill_ids(self.stage_group, [("(none)", None), *roots], self.stage_group.currentData(), stage)
            chosen_items = set(self.board_item_ids()) if self.item_groups.count() else set(board.items if board else ())
            self.item_groups.clear()
            for path, code_id in roots:
                item = QListWidgetItem(path)
                item.setData(Qt.ItemDataRole.UserRole, code_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code_id in chosen_items else Qt.CheckState.Unchecked)
                self.item_groups.addItem(item)
        finally:
            for widget, was in zip(widgets, blocked):
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

    def consensus_value(self) -> int | str | None:
        return self.consensus.value()

    def board_item_ids(self) -> tuple[int, ...]:
        return tuple(
            self.item_groups.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.item_groups.count())
            if self.item_groups.item(i).checkState() == Qt.CheckState.Checked
        )

    def board_groups(self) -> tuple[str | None, tuple[str, ...]]:
        """The board's stage group and item groups, as code paths."""
        stage = self.stage_group.currentText() if self.stage_group.currentData() is not None else None
        items = tuple(
            self.item_groups.item(i).text()
            for i in range(self.item_groups.count())
            if self.item_groups.item(i).checkState() == Qt.CheckState.Checked
        )
        return stage, items

    def unit_name(self) -> str:
        return self.unit.currentData() or "overlap"

    def layout_name(self) -> str:
        return self.layout_choice.currentData() or "geographic"

    def settings(self) -> dict[str, str | None]:
        """The choices worth keeping with the study (see ``study_settings``; ``None`` forgets one)."""
        rows, columns, measure = self.matrix_axes()
        return {
            "map.layout": self.layout_name(), "map.unit": self.unit_name(), "map.matrix_rows": rows,
            "map.matrix_columns": columns, "map.matrix_measure": measure, "map.with_codes": "\n".join(self.with_codes()),
            "map.consensus": str(self.consensus_value() or ""),
        }

    def apply_settings(self, values: dict[str, str]) -> None:
        """Choose what ``values`` (from :meth:`settings`) say, without emitting ``changed``."""
        if values.get("map.consensus"):
            consensus = values["map.consensus"]
            was = self.consensus.blockSignals(True)
            try:
                self.consensus.choose(int(consensus) if consensus.isdigit() else consensus)
            except ValueError:
                pass
            self.consensus.blockSignals(was)
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

    def matrix_axes(self) -> tuple[str | None, str | None, str]:
        """Rows and columns as code paths (``None``: the board's groups), and the measure."""
        return (self.rows.currentText() or None, self.columns.currentText() or None,
                self.measure.currentData() or "passages")


def _combo(choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _refill_ids(
    combo: QComboBox, items: Sequence[tuple[str, int | None]], keep: int | None, default: int | None,
) -> None:
    """Refill with (path, code id) pairs, choosing ``keep`` if it is still there, else ``default``."""
    combo.clear()
    for path, code_id in items:
        combo.addItem(path, code_id)
    ids = [code_id for _, code_id in items]
    for wanted in (keep, default):
        if wanted is not None and wanted in ids:
            combo.setCurrentIndex(ids.index(wanted))
            return


def _refill(combo: QComboBox, items: list[str], keep: str) -> None:
    combo.clear()
    combo.addItems(items)
    if keep in items:
        combo.setCurrentIndex(items.index(keep))
