"""The code tree as a Qt item model: a thin adapter over :func:`list_codes` snapshots.

Columns: the code (with its colour and definition as tool tip), its passages (distinct coded
spans, once however many coders coded them), its passages with those of its sub-codes, and the
sources and cases they are in (:mod:`qcoder.core.usecases.queries.code_counts`).
Codes can be dragged onto other codes to move them (the view turns that into an undoable
command); the model itself never writes.

The tree's shape lives in Qt's own item model (an empty :class:`QStandardItem` per code, with
its flags; the count cells have none, and the view edits nothing). The code view shows it as
flat rows (:class:`~qcoder.ui.models.code_rows.CodeRows`), which ask here what a cell shows
(:meth:`fill_roles`, :meth:`cell_value`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import shiboken6
from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.queries.code_tree import CodeReach
from qcoder.ui.models.headed_columns import HeadedColumns

CODE_ID_MIME = "application/x-qcoder-code-id"
_CODE_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
"""The flags of a code's name (its count cells have Qt's own: the view edits nothing)."""
_COUNT_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class CodeTreeModel(HeadedColumns, QStandardItemModel):
    NAME, COUNT, TOTAL, SOURCES, CASES = 0, 1, 2, 3, 4
    HEADERS = ("Code", "Pass.", "+Sub", "Src.", "Cases")
    HEADER_TIPS = (
        "", "Passages of the code itself (distinct coded spans, once however many coders coded them)",
        "Passages of the code and its sub-codes", "Sources with a passage of the code",
        "Cases with a passage of the code",
    )
    CodeIdRole = Qt.ItemDataRole.UserRole + 1
    CodeInfoRole = Qt.ItemDataRole.UserRole + 2

    move_requested = Signal(int, object, int)
    """(code id, new parent id or None, position) when a code is dropped onto another."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(self.HEADERS))
        root = self.invisibleRootItem()
        root.setFlags(Qt.ItemFlag.ItemIsDropEnabled)
        self._codes: dict[int, CodeInfo] = {}
        self._children: dict[int | None, list[int]] = defaultdict(list)
        self._items: dict[int, QStandardItem] = {}
        """Each code's first cell in Qt's item model."""
        self._root_key = _address(root)
        self._parent_codes: dict[int, int | None] = {self._root_key: None}
        """The code whose rows an index's ``internalId`` (the address of its parent item) stands
        for: ``None`` for the top level."""
        self._reach: dict[int, CodeReach] = {}
        self._cells: dict[tuple[int, int], dict[int, object]] = {}
        """(code, column) → role → value, worked out when first painted and kept until the code,
        its counts or the pins change (a repaint asks again for every cell in sight)."""
        self._pinned: list[int] = []

    @property
    def pinned(self) -> list[int]:
        """The codes on keys 1–9, in order (their shown names carry the key); after changing the
        list in place, call :meth:`update_codes`."""
        return self._pinned

    @pinned.setter
    def pinned(self, codes: list[int]) -> None:
        self._pinned = codes
        self._cells.clear()

    # -- data in ------------------------------------------------------------------------

    def set_codes(self, codes: list[CodeInfo], reach: dict[int, CodeReach] | None = None) -> None:
        """Replace the tree (after the tree's shape changed), with each code's reach if known."""
        self.beginResetModel()
        self._load(codes)
        self._build_items()
        self._reach = dict(reach or {})
        self.endResetModel()

    def update_codes(self, codes: list[CodeInfo]) -> None:
        """Refresh names, colours and counts in place when the tree's shape is unchanged."""
        if [c.id for c in codes] != list(self._codes) or any(
            self._codes[c.id].parent_id != c.parent_id for c in codes
        ):
            self.set_codes(codes, self._reach)
            return
        self._load(codes)
        for code in codes:
            left = self.index_of(code.id)
            self.dataChanged.emit(left, left.siblingAtColumn(self.CASES))

    def append_code(self, code: CodeInfo) -> bool:
        """Put in one new code after its siblings (a code just added, in vivo or by hand): one row
        inserted, not the tree reset. False, changing nothing, if it does not belong last there."""
        siblings = self._children.get(code.parent_id, [])  # in (position, id) order: the last is the greatest
        if code.id in self._codes or (code.parent_id is not None and code.parent_id not in self._codes) or (
                siblings and (self._codes[siblings[-1]].position, siblings[-1]) > (code.position, code.id)):
            return False
        last = code.parent_id  # tree order: after the parent's last descendant
        while last is not None and self._children.get(last):
            last = self._children[last][-1]
        if last is None or last == next(reversed(self._codes)):  # last in the tree ("In vivo" mostly is)
            self._codes[code.id] = code
        else:
            items = list(self._codes.items())
            at = next(number for number, (cid, _c) in enumerate(items) if cid == last) + 1
            self._codes = dict([*items[:at], (code.id, code), *items[at:]])
        self._children[code.parent_id].append(code.id)
        parent = self.invisibleRootItem() if code.parent_id is None else self._items[code.parent_id]
        if code.parent_id is not None:  # its "+Sub" cell and count tip now count a sub-code
            self._forget_cells(code.parent_id)
            if parent.columnCount() < len(self.HEADERS):  # its first sub-code: rows of every column
                parent.setColumnCount(len(self.HEADERS))
        parent.appendRow(self._new_row(code))  # the rows are known before the view hears of it
        if code.parent_id is not None and len(self._children[code.parent_id]) == 1:
            # its first sub-code: the parent's arrow and "+Sub" count appear. A later one, with no
            # passage yet, leaves the parent's row looking as it did (each in-vivo code)
            left = self.index_of(code.parent_id)
            self.dataChanged.emit(left, left.siblingAtColumn(self.CASES))
        return True

    def set_reach(self, reach: dict[int, CodeReach]) -> None:
        """New passage, source and case counts for some codes, repainting just their cells."""
        shown = Qt.ItemDataRole.DisplayRole
        for code_id, counts in reach.items():
            was = self._reach.get(code_id)
            code = self._codes.get(code_id)
            if was == counts or code is None:
                continue
            showed = [self._value(code, column, shown) for column in _COUNT_COLUMNS]
            self._reach[code_id] = counts
            self._forget_cells(code_id, _COUNT_COLUMNS)  # the name's cell shows no count: kept
            # just the figures that look different: a coding under a group changes its "+Sub"
            # alone, and a group's own cells stay empty
            changed = [column for column, before in zip(_COUNT_COLUMNS, showed)
                       if self._value(code, column, shown) != before]
            if changed:
                left = self.index_of(code_id, changed[0])
                self.dataChanged.emit(left, left.siblingAtColumn(changed[-1]))

    def reach(self, code_id: int) -> CodeReach:
        return self._reach.get(code_id, CodeReach())

    def _forget_cells(self, code_id: int, columns: Iterable[int] = range(len(HEADERS))) -> None:
        for column in columns:
            self._cells.pop((code_id, column), None)

    def _load(self, codes: list[CodeInfo]) -> None:
        self._cells.clear()
        self._codes = {code.id: code for code in codes}
        self._children = defaultdict(list)
        for code in codes:  # list_codes yields tree order, so siblings arrive in position order
            self._children[code.parent_id].append(code.id)

    def _build_items(self) -> None:
        """Qt's item model anew, within a reset: the views hear of the reset, not of each row."""
        root = self.invisibleRootItem()
        blocked = self.blockSignals(True)
        try:
            root.removeRows(0, root.rowCount())
            self._items = {}
            self._parent_codes = {self._root_key: None}
            for code in self._codes.values():  # tree order: a code's parent is in before it
                parent = root if code.parent_id is None else self._items[code.parent_id]
                parent.appendRow(self._new_row(code))
        finally:
            self.blockSignals(blocked)

    def _new_row(self, code: CodeInfo) -> QStandardItem:
        item = QStandardItem()
        item.setFlags(_CODE_FLAGS)
        if self._children.get(code.id):
            item.setColumnCount(len(self.HEADERS))
        self._items[code.id] = item
        self._parent_codes[_address(item)] = code.id
        return item

    # -- lookups ------------------------------------------------------------------------

    def code(self, code_id: int) -> CodeInfo | None:
        return self._codes.get(code_id)

    def codes(self) -> list[CodeInfo]:
        return list(self._codes.values())

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        item = self._items.get(code_id)
        if item is None:
            return QModelIndex()
        index = item.index()
        return index if column == 0 else index.siblingAtColumn(column)

    def code_id(self, index: Index) -> int | None:
        """The code on ``index``'s row (an index of this model)."""
        if not index.isValid():
            return None
        parent = self._parent_codes.get(index.internalId(), _NO_CODE)
        siblings = self._children.get(parent) if parent != _NO_CODE else None
        return siblings[index.row()] if siblings is not None and 0 <= index.row() < len(siblings) else None

    def child_ids(self, parent_id: int | None) -> list[int]:
        """The codes right under ``parent_id`` (``None``: the top level), in order; not to be changed."""
        return self._children.get(parent_id, _NONE)

    def child_id(self, parent_id: int | None, row: int) -> int | None:
        """The code at ``row`` under ``parent_id`` (``None``: the top level)."""
        siblings = self._children.get(parent_id, [])
        return siblings[row] if 0 <= row < len(siblings) else None

    # -- QAbstractItemModel -------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        code_id = self.code_id(index)
        return None if code_id is None else self.cell_value(code_id, index.column(), role)

    def _value(self, code: CodeInfo, column: int, role: int) -> object:
        """What the cell of ``code`` in ``column`` shows in ``role``."""
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                key = self._pin_key(code.id)
                return f"{code.name}  [{key}]" if key else code.name
            reach = self._reach.get(code.id)
            if column == self.TOTAL:
                return "" if reach is None or not self._children.get(code.id) else reach.total_passages
            if not code.codable:
                return ""
            if column == self.COUNT:
                return reach.passages if reach is not None else code.count
            if reach is None:
                return 0
            return reach.sources if column == self.SOURCES else reach.cases
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole and column != self.NAME:
            return self._count_tip(code)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<b>{_escape(code.path)}</b><br>{_escape(code.description)}" if code.description else code.path
        if role == Qt.ItemDataRole.FontRole and not code.codable:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return _COUNT_ALIGNMENT
        if role == self.CodeIdRole:
            return code.id
        if role == self.CodeInfoRole:
            return code
        return None

    def multiData(self, index: Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a painted cell asks for in one call from Qt (not one call per role)."""
        self.fill_roles(self.code_id(index), index.column(), span)

    def fill_roles(self, code_id: int | None, column: int, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """The roles of ``span`` answered for the cell of ``code_id`` in ``column``, each cell's
        values worked out once (:attr:`_cells`)."""
        span = span if isinstance(span, QModelRoleDataSpan) else QModelRoleDataSpan(span)
        key = (code_id, column)
        cell = self._cells.get(key)  # type: ignore[arg-type]
        if cell is None:
            code = self._codes.get(code_id)  # type: ignore[arg-type]
            if code is None:
                cell = {}
            else:  # the code found once for all its roles
                cell = self._cells[key] = {int(role): self._value(code, column, role) for role in _ANSWERED_ROLES}  # type: ignore[index]
        for number in range(span.size()):
            wanted = span[number]  # type: ignore[index]  # the stub leaves out the span's [], PySide6 has it
            wanted.setData(cell.get(wanted.role()))

    def cell_value(self, code_id: int, column: int, role: int) -> object:
        """What the cell of ``code_id`` in ``column`` shows in ``role``."""
        code = self._codes.get(code_id)
        return None if code is None or role not in _ANSWERED_ROLES else self._value(code, column, role)

    def shown_name(self, code_id: int) -> str:
        """The code's name as the tree shows it (with its key if pinned)."""
        return str(self.cell_value(code_id, self.NAME, Qt.ItemDataRole.DisplayRole) or "")

    def _count_tip(self, code: CodeInfo) -> str:
        reach = self.reach(code.id)
        tip = (f"{reach.passages} passages of its own ({reach.codings} codings by all coders), "
               f"in {reach.sources} sources and {reach.cases} cases")
        if self._children.get(code.id):
            tip += f"; with its sub-codes {reach.total_passages} passages ({reach.total_codings} codings)"
        return tip

    def _pin_key(self, code_id: int) -> int | None:
        return self.pinned.index(code_id) + 1 if code_id in self.pinned else None

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        """Never from outside (a view after a move by drag): the tree follows committed changes."""
        return False

    # -- drag and drop: moving codes ----------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CODE_ID_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = {self.code_id(i) for i in indexes if i.isValid()}
        if ids:
            data.setData(CODE_ID_MIME, str(next(iter(ids))).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(CODE_ID_MIME):
            return False
        code_id = int(bytes(data.data(CODE_ID_MIME).data()).decode())
        parent_id = self.code_id(parent)
        if parent_id == code_id:
            return False
        self.move_requested.emit(code_id, parent_id, row if row >= 0 else -1)
        return False  # the view refreshes from the committed change, not from Qt's own move


_ANSWERED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, CodeTreeModel.CodeIdRole,
    CodeTreeModel.CodeInfoRole,
})


_COUNT_COLUMNS = (CodeTreeModel.COUNT, CodeTreeModel.TOTAL, CodeTreeModel.SOURCES, CodeTreeModel.CASES)
"""The columns of figures, left to right (the codings are in their tool tips)."""


_NONE: list[int] = []
"""The sub-codes of a code without any (shared: never changed)."""

_NO_CODE = -1
"""Not a parent item of this model."""


def _address(item: QStandardItem) -> int:
    """The item's address: the ``internalId`` of the indexes of its rows."""
    return int(shiboken6.getCppPointer(item)[0])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
