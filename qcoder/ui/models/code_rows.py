"""The code tree as the rows its view shows: every code in tree order whose groups are unfolded
and that the filter keeps, each with its depth — one flat table over :class:`CodeTreeModel`.

Why flat: Qt's ``QTreeView`` lays out every unfolded row again after one row is put in, so each
in-vivo code cost a little more than the last (5,000 codes under one group: milliseconds per
code). A table puts a row in by moving the rows below it along, and the view asks only for the
rows in sight. Folding and the filter are this model's: a branch unfolded or folded puts in or
takes out the rows of its codes; the filter keeps the codes whose shown name holds the typed
text (case-insensitive) and the codes above them.

Indexes of the tree (``source``) and of these rows map with :meth:`mapFromSource` and
:meth:`mapToSource`, as a proxy's would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from qcoder.ui.models.code_tree_model import CodeTreeModel

Index = QModelIndex | QPersistentModelIndex
_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
          | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)


class CodeRows(QAbstractTableModel):
    def __init__(self, tree: CodeTreeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self._rows: list[int] = []
        """The codes shown, in tree order."""
        self._depth: dict[int, int] = {}
        """Each code's level: 0 at the top."""
        self._expanded: set[int] = set()
        """The codes whose sub-codes are shown (a code without any may be in it: its first
        sub-code then shows)."""
        self._row_index: dict[int, int] | None = None
        """Each shown code's row, made when first asked after the rows were laid out anew, and
        kept up to date as rows are put in (in vivo: those below the new one, mostly few)."""
        self._text = ""
        self._shown: set[int] | None = None
        """The codes the filter keeps, worked out when first asked after a change."""
        tree.modelAboutToBeReset.connect(self.beginResetModel)
        tree.modelReset.connect(self._tree_reset)
        tree.rowsInserted.connect(self._tree_rows_inserted)
        tree.dataChanged.connect(self._tree_data_changed)
        for signal in (tree.rowsRemoved, tree.rowsMoved, tree.layoutChanged):
            signal.connect(self._tree_reshaped)
        self._load()

    # -- what is shown ------------------------------------------------------------------

    def code_at(self, row: int) -> int | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, code_id: int | None) -> int:
        """The row of a shown code; -1 if it is not shown."""
        if self._row_index is None:
            self._row_index = {code: row for row, code in enumerate(self._rows)}
        return self._row_index.get(code_id, -1)  # type: ignore[arg-type]

    def depth(self, row: int) -> int:
        code_id = self.code_at(row)
        return self._depth.get(code_id, 0) if code_id is not None else 0

    def has_children(self, row: int) -> bool:
        """Whether the code on ``row`` has sub-codes the filter keeps (an arrow to unfold them)."""
        code_id = self.code_at(row)
        if code_id is None:
            return False
        children = self.tree.child_ids(code_id)
        shown = self._shown_codes()
        return bool(children) and (shown is None or any(child in shown for child in children))

    def is_expanded(self, row: int) -> bool:
        return self.code_at(row) in self._expanded

    def parent_row(self, row: int) -> int:
        """The row of the code above the one on ``row``; -1 at the top level."""
        code = self.tree.code(self.code_at(row))  # type: ignore[arg-type]
        return self.row_of(code.parent_id) if code is not None and code.parent_id is not None else -1

    # -- folding ------------------------------------------------------------------------

    def expanded_ids(self) -> set[int]:
        return set(self._expanded)

    def set_expanded(self, code_ids: Iterable[int], expanded: bool) -> None:
        """Unfold (or fold) these codes, putting in (or taking out) the rows of their sub-codes."""
        before = set(self._expanded)
        if expanded:
            self._expanded |= set(code_ids)
        else:
            self._expanded -= set(code_ids)
        if self._expanded != before:
            self._refresh()

    def set_expanded_ids(self, code_ids: Iterable[int]) -> None:
        """Exactly these codes unfolded."""
        wanted = set(code_ids)
        if wanted != self._expanded:
            self._expanded = wanted
            self._refresh()

    def expand_to_depth(self, depth: int) -> None:
        """Every code with sub-codes down to ``depth`` unfolded (-1: all of them)."""
        self.set_expanded([code.id for code in self.tree.codes()
                           if self.tree.child_ids(code.id) and (depth < 0 or self._depth[code.id] <= depth)], True)

    def reveal(self, code_id: int) -> None:
        """Unfold the codes above this one, so that it shows (unless the filter hides it)."""
        above, code = [], self.tree.code(code_id)
        while code is not None and code.parent_id is not None:
            above.append(code.parent_id)
            code = self.tree.code(code.parent_id)
        self.set_expanded(above, True)

    def expand_below(self, code_id: int) -> None:
        """The code and every code below it with sub-codes unfolded."""
        below, pending = [], [code_id]
        while pending:
            current = pending.pop()
            if self.tree.child_ids(current):
                below.append(current)
                pending += self.tree.child_ids(current)
        self.set_expanded(below, True)

    # -- the filter ---------------------------------------------------------------------

    def set_filter_text(self, text: str, *, unfold: bool = False) -> None:
        """Keep the codes whose shown name holds ``text``; with ``unfold``, every code with
        sub-codes unfolded too (the rows laid out once, not once for each)."""
        self._text = text
        self._shown = None
        if unfold:
            self._expanded |= {code.id for code in self.tree.codes() if self.tree.child_ids(code.id)}
        self._refresh()

    def _shown_codes(self) -> set[int] | None:
        """The codes the filter keeps (``None``: no filter): those whose shown name holds the
        text, and the codes above them."""
        if not self._text:
            return None
        if self._shown is None:
            needle, pinned = self._text.casefold(), set(self.tree.pinned)
            shown: set[int] = set()
            for code in self.tree.codes():  # a pinned code's shown name carries its key
                if needle in (code.name if code.id not in pinned else self.tree.shown_name(code.id)).casefold():
                    current: int | None = code.id
                    while current is not None and current not in shown:  # the code and those above it
                        shown.add(current)
                        found = self.tree.code(current)
                        current = found.parent_id if found is not None else None
            self._shown = shown
        return self._shown

    # -- following the tree -------------------------------------------------------------

    def _tree_reset(self) -> None:
        """The tree built anew (within this model's reset): folding kept by code."""
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        self._shown = None
        self._depth = self._depths()
        self._expanded &= set(self._depth)
        self._rows, self._row_index = self._rows_to_show(), None

    def _depths(self) -> dict[int, int]:
        depth: dict[int, int] = {}
        for code in self.tree.codes():  # tree order: a code's parent comes before it
            depth[code.id] = 0 if code.parent_id is None else depth.get(code.parent_id, -1) + 1
        return depth

    def _rows_to_show(self) -> list[int]:
        rows: list[int] = []
        shown, children, expanded = self._shown_codes(), self.tree.child_ids, self._expanded

        def add(parent: int | None) -> None:
            for code_id in children(parent):
                if shown is None or code_id in shown:
                    rows.append(code_id)
                    if code_id in expanded:
                        add(code_id)

        add(None)
        return rows

    def _tree_reshaped(self, *_args: object) -> None:
        """Codes taken out or moved in the tree: levels and the filter's codes worked out again."""
        self._shown = None
        self._depth = self._depths()
        self._refresh()

    def _refresh(self) -> None:
        """Show the rows as they now are: rows put in or taken out where only that happened
        (a branch unfolded or folded), else the rows laid out anew, each index kept on its code."""
        old, new = self._rows, self._rows_to_show()
        if new == old:
            return
        same_start = next((n for n, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        room = min(len(old), len(new)) - same_start
        same_end = next((n for n in range(room) if old[-1 - n] != new[-1 - n]), room)
        if same_start + same_end == len(old):  # rows put in
            self.beginInsertRows(QModelIndex(), same_start, len(new) - same_end - 1)
            self._rows, self._row_index = new, None
            self.endInsertRows()
        elif same_start + same_end == len(new):  # rows taken out
            self.beginRemoveRows(QModelIndex(), same_start, len(old) - same_end - 1)
            self._rows, self._row_index = new, None
            self.endRemoveRows()
        else:
            self.layoutAboutToBeChanged.emit()
            kept = self.persistentIndexList()
            row_now = {code_id: row for row, code_id in enumerate(new)}
            moved = [self.createIndex(row_now[old[i.row()]], i.column()) if old[i.row()] in row_now else QModelIndex()
                     for i in kept]
            self._rows, self._row_index = new, row_now
            self.changePersistentIndexList(kept, moved)
            self.layoutChanged.emit()

    def _tree_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """Codes put in the tree (in vivo: one, last under its group): their rows put in where they
        go, without working out every row again."""
        parent_id = self.tree.code_id(parent)
        siblings = self.tree.child_ids(parent_id)
        new = siblings[first:last + 1]
        depth = 0 if parent_id is None else self._depth.get(parent_id, -1) + 1
        for code_id in new:
            self._depth[code_id] = depth
        if self._text or last != len(siblings) - 1 or any(self.tree.child_ids(c) for c in new):
            self._tree_reshaped()  # filtered, or not last under their parent: worked out whole
            return
        if parent_id is not None and not self._unfolded_in_sight(parent_id):
            return  # under a folded branch: the parent's arrow is repainted by its dataChanged
        at = self._row_after(parent_id)
        self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
        self._rows[at:at] = new
        if self._row_index is not None:
            self._row_index.update((self._rows[row], row) for row in range(at, len(self._rows)))
        self.endInsertRows()

    def _unfolded_in_sight(self, code_id: int) -> bool:
        """Whether the code is shown and unfolded (its sub-codes are shown)."""
        return code_id in self._expanded and self.row_of(code_id) >= 0

    def _row_after(self, code_id: int | None) -> int:
        """The row just below the code's shown sub-codes: that of the next code after them in
        the tree (each shown when no filter is on), or the end."""
        current = code_id
        while current is not None:
            code = self.tree.code(current)
            assert code is not None
            siblings = self.tree.child_ids(code.parent_id)
            place = siblings.index(current)
            if place + 1 < len(siblings):
                return self.row_of(siblings[place + 1])
            current = code.parent_id
        return len(self._rows)

    def _tree_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                           roles: Sequence[int] = ()) -> None:
        parent_id = self.tree.code_id(top_left.parent())
        siblings = self.tree.child_ids(parent_id)
        for tree_row in range(top_left.row(), bottom_right.row() + 1):
            row = self.row_of(siblings[tree_row]) if tree_row < len(siblings) else -1
            if row >= 0:
                self.dataChanged.emit(self.createIndex(row, top_left.column()),
                                      self.createIndex(row, bottom_right.column()), list(roles))

    # -- mapping to and from the tree ----------------------------------------------------

    def mapFromSource(self, source: Index) -> QModelIndex:
        row = self.row_of(self.tree.code_id(source))
        return self.createIndex(row, source.column()) if row >= 0 else QModelIndex()

    def mapToSource(self, index: Index) -> QModelIndex:
        return self.tree.index_of(self.code_at(index.row()), index.column()) if index.isValid() else QModelIndex()  # type: ignore[arg-type]

    # -- QAbstractItemModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CodeTreeModel.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self.tree.headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        code_id = self.code_at(index.row()) if index.isValid() else None
        return None if code_id is None else self.tree.cell_value(code_id, index.column(), role)

    def multiData(self, index: Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a painted cell asks for, in one call from Qt."""
        self.tree.fill_roles(self.code_at(index.row()) if index.isValid() else None, index.column(), span)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    # -- drag and drop: moving codes ----------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return self.tree.mimeTypes()

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return self.tree.mimeData([self.mapToSource(index) for index in indexes])

    def supportedDropActions(self) -> Qt.DropAction:
        return self.tree.supportedDropActions()

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return any(data.hasFormat(kind) for kind in self.mimeTypes())

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """A code dropped onto a code (``parent``) becomes its last sub-code; between rows (above
        ``row``), it goes before the code on that row, among that code's siblings; below the last
        row, last among the last row's siblings; on the empty space, last at the top level."""
        if parent.isValid():
            return self.tree.dropMimeData(data, action, -1, 0, self.mapToSource(self.index(parent.row(), 0)))
        below_last = row == len(self._rows) and row > 0
        code = self.tree.code(self.code_at(row - 1 if below_last else row))  # type: ignore[arg-type]
        if row < 0 or code is None:
            return self.tree.dropMimeData(data, action, -1, 0, QModelIndex())
        siblings = self.tree.child_ids(code.parent_id)
        place = siblings.index(code.id) + (1 if below_last else 0)
        return self.tree.dropMimeData(data, action, place, 0, self.tree.index_of(code.parent_id)
                                      if code.parent_id is not None else QModelIndex())
