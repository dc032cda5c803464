"""The sources grouped by case, as a two-level Qt item model (a thin adapter over snapshots).

One top-level row per case — its name, how many sources it has and how many passages are coded
in them — with its sources beneath; a source linked to two cases is listed under both, and
sources linked to no case are gathered under a last row, "No case". Coding only changes counts:
:meth:`SourcesByCaseModel.set_coding_counts` repaints just those cells (every place the source is
listed, and its cases' totals), so the tree keeps its expansion and selection while coding.

Index layout: a case row's ``internalId`` is 0; a source row's is its case row + 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from qcoder.core.snapshots import SourceInfo
from qcoder.core.wording import counted
from qcoder.io.decoding import describe_encoding
from qcoder.io.speakers import name_list
from qcoder.ui.models.headed_columns import HeadedColumns

Index = QModelIndex | QPersistentModelIndex
NO_CASE = "No case"


@dataclass
class _Group:
    case_id: int | None
    name: str
    members: list[int] = field(default_factory=list)
    """Positions in the model's source list, in name order."""
    codings: int = 0


class SourcesByCaseModel(HeadedColumns, QAbstractItemModel):
    NAME, SOURCES, CODINGS = 0, 1, 2
    HEADERS = ("Case / source", "Sources", "Passages")
    HEADER_TIPS = ("", "Sources linked to the case", "Coded passages")
    SourceIdRole = Qt.ItemDataRole.UserRole + 1
    """The source's id on a source row, ``None`` on a case row."""
    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    """The case's id on a case row and on the rows beneath it (``None`` under "No case")."""
    IsCaseRole = Qt.ItemDataRole.UserRole + 3
    SortRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: list[SourceInfo] = []
        self._groups: list[_Group] = []
        self._places: dict[int, list[tuple[int, int]]] = {}
        """Source id → every (case row, source row) where it is listed."""
        self._position: dict[int, int] = {}
        """Source id → position in ``_sources``."""

    # -- data in ------------------------------------------------------------------------

    def set_sources(self, sources: list[SourceInfo], case_names: dict[int, str]) -> None:
        """Group ``sources`` under every case in ``case_names`` (id → name); empty cases are rows too."""
        self.beginResetModel()
        self._sources = sorted(sources, key=lambda s: (s.name.casefold(), s.id))
        self._position = {source.id: position for position, source in enumerate(self._sources)}
        groups = {case_id: _Group(case_id, name) for case_id, name in case_names.items()}
        loose = _Group(None, NO_CASE)
        for position, source in enumerate(self._sources):
            homes = [groups[c] for c in source.case_ids if c in groups] or [loose]
            for group in homes:
                group.members.append(position)
                group.codings += source.codings
        self._groups = sorted(groups.values(), key=lambda g: (g.name.casefold(), g.case_id or 0))
        if loose.members:
            self._groups.append(loose)
        self._places = {}
        for row, group in enumerate(self._groups):
            for child, position in enumerate(group.members):
                self._places.setdefault(self._sources[position].id, []).append((row, child))
        self.endResetModel()

    def set_coding_counts(self, counts: dict[int, int]) -> None:
        """New passage counts for some sources: repaint where they are listed and their cases' totals."""
        touched: set[int] = set()
        for source_id, count in counts.items():
            position = self._position.get(source_id)
            if position is None or self._sources[position].codings == count:
                continue
            delta = count - self._sources[position].codings
            self._sources[position] = replace(self._sources[position], codings=count)
            for row, child in self._places.get(source_id, []):
                self._groups[row].codings += delta
                touched.add(row)
                cell = self.createIndex(child, self.CODINGS, row + 1)
                self.dataChanged.emit(cell, cell)
        for row in sorted(touched):
            cell = self.createIndex(row, self.CODINGS, 0)
            self.dataChanged.emit(cell, cell)

    # -- lookups ------------------------------------------------------------------------

    def places_of(self, source_id: int) -> list[QModelIndex]:
        """Every row where the source is listed (one per case it belongs to)."""
        return [self.createIndex(child, 0, row + 1) for row, child in self._places.get(source_id, [])]

    def case_row(self, case_id: int | None) -> QModelIndex:
        """The top-level row of a case (``None``: the "No case" row), or an invalid index."""
        for row, group in enumerate(self._groups):
            if group.case_id == case_id:
                return self.createIndex(row, 0, 0)
        return QModelIndex()

    def case_ids(self) -> list[int | None]:
        return [group.case_id for group in self._groups]

    def source(self, source_id: int) -> SourceInfo | None:
        position = self._position.get(source_id)
        return None if position is None else self._sources[position]

    # -- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # Checked here rather than by hasIndex(), which would call back into rowCount() and
        # columnCount(): views and proxies ask for tens of thousands of indexes per reload.
        if not 0 <= column < len(self.HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if 0 <= row < len(self._groups) else QModelIndex()
        case_row = parent.row()
        if parent.internalId() != 0 or parent.column() != 0 or not 0 <= case_row < len(self._groups):
            return QModelIndex()
        if not 0 <= row < len(self._groups[case_row].members):
            return QModelIndex()
        return self.createIndex(row, column, case_row + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # the model's parent(index), not QObject.parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].members)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._case_data(self._groups[index.row()], index.column(), role)
        group = self._groups[index.internalId() - 1]
        return self._source_data(self._sources[group.members[index.row()]], group, index.column(), role)

    def _case_data(self, group: _Group, column: int, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, self.SortRole):
            value: object = (group.name, len(group.members), group.codings)[column]
            return value.casefold() if role == self.SortRole and isinstance(value, str) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "not linked to any case" if group.case_id is None else f"in the case “{group.name}”"
            return f"{counted(len(group.members), 'source')} {where}, {counted(group.codings, 'coded passage')}"
        if role == Qt.ItemDataRole.FontRole:  # totals bold too, apart from their sources' counts
            font = QFont()
            font.setBold(True)
            font.setItalic(group.case_id is None and column == self.NAME)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.CaseIdRole:
            return group.case_id
        if role == self.IsCaseRole:
            return True
        return None

    def _source_data(self, source: SourceInfo, group: _Group, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (source.name, None, source.codings)[column]
        if role == self.SortRole:
            return (source.name.casefold(), 0, source.codings)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            speakers = name_list(source.speakers) or "no speakers detected"
            return (
                f"{source.name}\n{source.characters:,} characters, {source.turns} turns\n"
                f"Speakers: {speakers}\nFile: {source.original_filename or '—'}"
                + (f" (read as {describe_encoding(source.encoding)})" if source.encoding else "")
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.SourceIdRole:
            return source.id
        if role == self.CaseIdRole:
            return group.case_id
        if role == self.IsCaseRole:
            return False
        return None


class SourcesByCaseProxy(QSortFilterProxyModel):
    """Filters on names (a matching case shows all its sources; a matching source shows its cases)
    and sorts with "No case" always last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(SourcesByCaseModel.NAME)
        self.setAutoAcceptChildRows(True)
        self.setSortRole(SourcesByCaseModel.SortRole)

    def setFilterFixedString(self, pattern: str) -> None:
        """Filter recursively only while a filter is typed: with none, each coding's new count in
        a source's row had Qt re-filter every row of its case (a millisecond per coding)."""
        self.setRecursiveFilteringEnabled(bool(pattern))
        super().setFilterFixedString(pattern)

    def lessThan(self, left: Index, right: Index) -> bool:
        if not left.parent().isValid():
            left_loose = left.data(SourcesByCaseModel.CaseIdRole) is None
            right_loose = right.data(SourcesByCaseModel.CaseIdRole) is None
            if left_loose != right_loose:  # "No case" stays last whichever way the column is sorted
                return right_loose == (self.sortOrder() == Qt.SortOrder.AscendingOrder)
        return super().lessThan(left, right)
