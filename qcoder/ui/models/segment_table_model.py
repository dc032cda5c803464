"""Coded passages as a Qt table: source, speaker, code, coder and the passage's text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcoder.core.snapshots import SegmentInfo
from qcoder.ui.models.snapshot_table_model import SnapshotTableModel

COLUMNS = ("Source", "Speaker", "Code", "Coder", "Passage")


class SegmentTableModel(SnapshotTableModel[SegmentInfo]):
    COLUMNS = COLUMNS
    SegmentRole = SnapshotTableModel.ItemRole

    def set_segments(self, segments: list[SegmentInfo]) -> None:
        self.set_items(segments)

    def segment(self, row: int) -> SegmentInfo:
        return self.item(row)

    def cell(self, segment: SegmentInfo, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                segment.source, segment.speaker or "", segment.code_name or segment.code, segment.coder,
                ("★ " if segment.exemplar else "") + " ".join(segment.text.split()),
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {segment.memo}" if segment.memo else ""
            return f"{segment.code}\n{segment.source} [{segment.start}, {segment.end})\n\n{segment.text}{memo}"
        return None
