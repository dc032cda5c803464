"""Coded passages as a Qt table: source, speaker, code, coder and the passage's text.

Rows stay in source order (source name, source, start, coding id), so that the passages of a
coding can be put in or taken out one row at a time (:meth:`update_segments`) instead of
resetting a table of thousands of rows per coding.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, Qt

from qcoder.core.snapshots import SegmentInfo
from qcoder.ui.models.snapshot_table_model import SnapshotTableModel

COLUMNS = ("Source", "Speaker", "Code", "Coder", "Passage")
SHOWN_CHARACTERS = 400
"""A passage's cell shows at most this many characters (wider than any screen): the view elides
the rest, and measuring a longer text for that only costs time on every repaint."""
SegmentKey = tuple[str, int, int, int]
ROWS_CHANGED_IN_PLACE = 3
"""A new list of as many passages as shown, and no more than this, replaces the rows in place."""
_DISPLAY = Qt.ItemDataRole.DisplayRole


def segment_key(segment: SegmentInfo) -> SegmentKey:
    return (segment.source, segment.source_id, segment.start, segment.coding_id)


class SegmentTableModel(SnapshotTableModel[SegmentInfo]):
    COLUMNS = COLUMNS
    CELL_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[SegmentKey] = []
        self._key_of: dict[int, SegmentKey] = {}
        self._sources: Counter[int] = Counter()
        self._in_source_order = True

    def set_segments(self, segments: Iterable[SegmentInfo], *, in_source_order: bool = False,
                     in_place: bool = False) -> bool:
        """Show ``segments`` as given, or one row per coding in source order (which
        :meth:`update_segments` needs). With ``in_place``, as many rows as before and few (each
        in-vivo code chosen after the last lists its one passage in place of the last one's) are changed in place, not
        reset: the views repaint the cells that changed instead of the whole table and its
        header, and keep their selection and current row. True if the rows were changed in place."""
        ordered = list(segments)
        if in_source_order:
            ordered = sorted({s.coding_id: s for s in ordered}.values(), key=segment_key)
        self._in_source_order = in_source_order
        self._keys = [segment_key(s) for s in ordered]
        self._key_of = {s.coding_id: key for s, key in zip(ordered, self._keys)}
        self._sources = Counter(s.source_id for s in ordered)
        if not in_place or not 0 < len(ordered) == len(self._items) <= ROWS_CHANGED_IN_PLACE:
            self.set_items(ordered)
            return False
        was, self._items = self._items, ordered
        for row, (old, new) in enumerate(zip(was, ordered)):
            if old == new:
                continue
            shown = [c for c in range(len(self.COLUMNS)) if self.cell(old, c, _DISPLAY) != self.cell(new, c, _DISPLAY)]
            for first, last in _runs(shown) if shown else [(0, len(self.COLUMNS) - 1)]:  # the tips may differ
                self.dataChanged.emit(self.index(row, first), self.index(row, last))
        return True

    def update_segments(self, changed: Iterable[int], segments: Iterable[SegmentInfo]) -> None:
        """Codings ``changed`` now stand as ``segments`` (those absent are no longer shown):
        a row changed in place keeps its place, others are taken out or put in one by one."""
        assert self._in_source_order, "rows are updated in place only when kept in source order"
        present = {s.coding_id: s for s in segments}
        for coding_id in changed:
            old = self._key_of.get(coding_id)
            new = present.get(coding_id)
            if old is not None and new is not None and segment_key(new) == old:
                row = bisect_left(self._keys, old)
                self._items[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                continue
            if old is not None:
                self._remove(old)
            if new is not None:
                self._insert(new)

    def _remove(self, key: SegmentKey) -> None:
        row = bisect_left(self._keys, key)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self._items[row]
        del self._key_of[key[3]]
        self._sources[key[1]] -= 1
        if not self._sources[key[1]]:
            del self._sources[key[1]]
        self.endRemoveRows()

    def _insert(self, segment: SegmentInfo) -> None:
        key = segment_key(segment)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        self._items.insert(row, segment)
        self._key_of[segment.coding_id] = key
        self._sources[segment.source_id] += 1
        self.endInsertRows()

    def source_count(self) -> int:
        """How many sources the rows come from."""
        return len(self._sources)

    def lists_source(self, source_id: int) -> bool:
        """Whether a row comes from this source."""
        return self._sources[source_id] > 0

    def row_of(self, coding_id: int) -> int:
        key = self._key_of.get(coding_id)
        return -1 if key is None else bisect_left(self._keys, key)

    def segment(self, row: int) -> SegmentInfo:
        return self.item(row)

    def cell(self, segment: SegmentInfo, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:  # each cell is painted often: only its own value
            if column == 0:
                return segment.source
            if column == 1:
                return segment.speaker or ""
            if column == 2:
                return segment.code_name or segment.code
            if column == 3:
                return segment.coder
            return ("★ " if segment.exemplar else "") + " ".join(segment.text[:SHOWN_CHARACTERS * 2].split())[:SHOWN_CHARACTERS]
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {segment.memo}" if segment.memo else ""
            return f"{segment.code}\n{segment.source} [{segment.start}, {segment.end})\n\n{segment.text}{memo}"
        return None


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Ascending ``columns`` as runs of neighbours, ``(first, last)``: [2, 4] → (2, 2), (4, 4)."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs
