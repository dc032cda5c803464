"""Passages where coders differ, as a Qt table: source, code, span, who coded it and the text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcoder.analysis.disagreements import Disagreement
from qcoder.ui.models.snapshot_table_model import SnapshotTableModel

COLUMNS = ("Source", "Code", "Characters", "Coded by", "Not by", "Passage")


class DisagreementTableModel(SnapshotTableModel[Disagreement]):
    COLUMNS = COLUMNS

    def set_disagreements(self, items: list[Disagreement]) -> None:
        self.set_items(items)

    def disagreement(self, row: int) -> Disagreement:
        return self.item(row)

    def cell(self, item: Disagreement, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                item.source, item.code_name or item.code, f"{item.start}–{item.end}",
                ", ".join(item.coders_with), ", ".join(item.coders_without) or "(boundaries differ)",
                ("✓ " if item.resolved else "") + " ".join(item.excerpt.split()),
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            versions = "\n".join(
                f"{v.coder}: " + (", ".join(f"[{s}, {e})" for s, e in v.spans) or "not coded") for v in item.versions
            )
            return f"{item.code}\n{item.source} [{item.start}, {item.end})\n\n{versions}"
        return None
