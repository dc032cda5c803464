"""A code's name in the code view: indented by its level, after the arrow that folds and unfolds
its sub-codes — what Qt's tree view draws beside its rows, drawn here in the first column of a
flat table (:mod:`qcoder.ui.models.code_rows`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOption, QStyleOptionViewItem, QTableView

from qcoder.ui.models.code_rows import CodeRows

Index = QModelIndex | QPersistentModelIndex


class CodeNameCell(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.indentation = 20

    def branch_rect(self, cell: QRect, row: int) -> QRect:
        """Where the row's arrow is drawn (and clicked): the last step of its indentation."""
        rows = self.view.model()
        assert isinstance(rows, CodeRows)
        return QRect(cell.left() + rows.depth(row) * self.indentation, cell.top(), self.indentation, cell.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rows = index.model()
        assert isinstance(rows, CodeRows)
        row, style, cell = index.row(), self.view.style(), QRect(option.rect)
        branch = self.branch_rect(cell, row)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected and style.styleHint(QStyle.StyleHint.SH_ItemView_ShowDecorationSelected, option, self.view):
            area = QStyleOptionViewItem(option)
            area.rect = QRect(cell.left(), cell.top(), branch.right() - cell.left() + 1, cell.height())
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, area, painter, self.view)
        if rows.has_children(row):
            arrow = QStyleOption()
            arrow.initFrom(self.view)
            arrow.rect = branch
            arrow.state = option.state & QStyle.StateFlag.State_Enabled
            if selected:
                arrow.state |= QStyle.StateFlag.State_Selected
            # the arrows Fusion draws for a tree's branch (the style sheet's style draws no branch
            # for an option that is not a tree's)
            pointing = (QStyle.PrimitiveElement.PE_IndicatorArrowDown if rows.is_expanded(row)
                        else QStyle.PrimitiveElement.PE_IndicatorArrowLeft
                        if self.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
                        else QStyle.PrimitiveElement.PE_IndicatorArrowRight)
            style.drawPrimitive(pointing, arrow, painter, self.view)
        name = QStyleOptionViewItem(option)
        name.rect = cell.adjusted(branch.right() + 1 - cell.left(), 0, 0, 0)
        super().paint(painter, name, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        rows = index.model()
        assert isinstance(rows, CodeRows)
        size = super().sizeHint(option, index)
        return QSize(size.width() + (rows.depth(index.row()) + 1) * self.indentation, size.height())
