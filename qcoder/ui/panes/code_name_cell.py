"""A code's name in the code view: indented by its level, after the arrow that folds and unfolds
its sub-codes — what Qt's tree view draws beside its rows, drawn here in the first column of a
flat table (:mod:`qcoder.ui.models.code_rows`).

Painted on every new in-vivo code and every scroll, so it stays lean: the arrows are drawn once
into kept pixmaps, and the name itself is Qt's own item painting, moved right.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOption, QStyleOptionViewItem, QTableView

from qcoder.ui.models.code_rows import CodeRows

Index = QModelIndex | QPersistentModelIndex
_SELECTED = QStyle.StateFlag.State_Selected


class CodeNameCell(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.indentation = 20
        self._arrows: dict[tuple[bool, bool, int, int, float], QPixmap] = {}
        """(unfolded, selected, width, height, pixel ratio) → the arrow, drawn by the style once."""
        self._sizes: dict[tuple[str, bool], QSize] = {}
        """(shown name, codable) → the name's size without its indentation, measured by Qt once:
        fitting the column measures every name shown (up to a thousand), again after each filter,
        fold and reset. Forgotten when the view's font or style changes (:meth:`forget_sizes`)."""

    def rows(self) -> CodeRows:
        rows = self.view.model()
        assert isinstance(rows, CodeRows)
        return rows

    def branch_rect(self, cell: QRect, row: int) -> QRect:
        """Where the row's arrow is drawn (and clicked): the last step of its indentation."""
        return QRect(cell.left() + self.rows().depth(row) * self.indentation, cell.top(), self.indentation, cell.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rows, row, step = self.rows(), index.row(), self.indentation
        cell: QRect = option.rect
        left, top, height = cell.left(), cell.top(), cell.height()
        branch_left = left + rows.depth(row) * step
        selected = bool(option.state & _SELECTED)
        if selected and self.view.style().styleHint(QStyle.StyleHint.SH_ItemView_ShowDecorationSelected, option, self.view):
            area = QStyleOptionViewItem(option)
            area.rect = QRect(left, top, branch_left + step - left, height)
            self.view.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, area, painter, self.view)
        if rows.has_children(row):
            painter.drawPixmap(branch_left, top, self._arrow(rows.is_expanded(row), selected, height))
        name = QStyleOptionViewItem(option)
        name.rect = QRect(branch_left + step, top, cell.right() + 1 - branch_left - step, height)
        super().paint(painter, name, index)

    def _arrow(self, unfolded: bool, selected: bool, height: int) -> QPixmap:
        """The arrow Fusion draws for a tree's branch (the style sheet's style draws no branch for
        an option that is not a tree's), kept for each look."""
        ratio = self.view.devicePixelRatioF()
        key = (unfolded, selected, self.indentation, height, ratio)
        arrow = self._arrows.get(key)
        if arrow is None:
            arrow = QPixmap(round(self.indentation * ratio), round(height * ratio))
            arrow.setDevicePixelRatio(ratio)
            arrow.fill(Qt.GlobalColor.transparent)
            option = QStyleOption()
            option.initFrom(self.view)
            option.rect = QRect(0, 0, self.indentation, height)
            if selected:
                option.state |= _SELECTED
            pointing = (QStyle.PrimitiveElement.PE_IndicatorArrowDown if unfolded
                        else QStyle.PrimitiveElement.PE_IndicatorArrowLeft
                        if self.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
                        else QStyle.PrimitiveElement.PE_IndicatorArrowRight)
            painter = QPainter(arrow)
            self.view.style().drawPrimitive(pointing, option, painter, self.view)
            painter.end()
            self._arrows[key] = arrow
        return arrow

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        rows, row = self.rows(), index.row()
        code = rows.tree.code(rows.code_at(row))  # type: ignore[arg-type]
        key = (rows.tree.shown_name(code.id), code.codable) if code is not None else None
        size = self._sizes.get(key) if key is not None else None
        if size is None:
            size = super().sizeHint(option, index)
            if key is not None:
                self._sizes[key] = size
        return QSize(size.width() + (rows.depth(row) + 1) * self.indentation, size.height())

    def forget_sizes(self) -> None:
        self._sizes.clear()
