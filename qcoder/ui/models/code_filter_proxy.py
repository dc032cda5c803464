"""The code tree filtered by the text typed above it: a code stays if its shown name holds the
text (case-insensitive), and so do the codes above it.

Qt's own recursive filter asked the Python tree model for an index, the name and the children
of every code on every key (four calls into Python per code, 500 codes): this decides each
code once per key from a set computed in Python, one call per row.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from qcoder.ui.models.code_tree_model import CodeTreeModel


class CodeFilterProxy(QSortFilterProxyModel):
    def __init__(self, model: CodeTreeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = model
        self._text = ""
        self._shown: set[int] | None = None
        """The codes that stay under the filter, worked out when first asked after a change (the
        signals above come before this proxy's own handling of the change)."""
        self.setSourceModel(model)
        for signal in (model.modelAboutToBeReset, model.rowsAboutToBeInserted, model.rowsAboutToBeRemoved,
                       model.rowsAboutToBeMoved, model.layoutAboutToBeChanged, model.dataChanged):
            signal.connect(self._forget)

    def set_filter_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
        self._text = text
        self._shown = None
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def multiData(self, index: QModelIndex | QPersistentModelIndex, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """A painted cell's roles mapped to the tree once (Qt's proxy maps the index again for each
        of the ten or so roles, each time asking the Python tree for an index)."""
        self.tree.multiData(self.mapToSource(index), span)

    def _forget(self, *_args: object) -> None:
        self._shown = None

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._text:
            return True
        code_id = self.tree.child_id(self.tree.code_id(source_parent), source_row)
        return code_id is not None and code_id in self._shown_codes()

    def _shown_codes(self) -> set[int]:
        if self._shown is None:
            needle = self._text.casefold()
            shown: set[int] = set()
            pinned = set(self.tree.pinned)  # their shown name carries the key: asked of the model
            for code in self.tree.codes():
                name = code.name if code.id not in pinned else str(
                    self.tree.data(self.tree.index_of(code.id), Qt.ItemDataRole.DisplayRole))
                if needle in name.casefold():
                    current: int | None = code.id
                    while current is not None and current not in shown:  # the code and those above it
                        shown.add(current)
                        found = self.tree.code(current)
                        current = found.parent_id if found is not None else None
            self._shown = shown
        return self._shown
