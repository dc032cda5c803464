"""Repainting just the cells whose data changed in a table, and not a cell scrolled to that is
already in sight.

For a change to several cells, Qt's table repaints a rectangle one pixel wider and higher than
the cells, and so paints the cells to their right and below as well (a whole row of a passage
list, four elided texts, for the two cells an in-vivo code changes). Each coding changes a few
cells; painting just them is what a full repaint would show there.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView

Index = QModelIndex | QPersistentModelIndex


def repaint_changed_cells(view: QAbstractItemView, top_left: Index, bottom_right: Index,
                          partial_layout_pending: bool = False) -> bool:
    """Schedule the repaint of the cells from ``top_left`` to ``bottom_right``; False where Qt's
    own handling is needed too: one cell (which Qt repaints exactly, and whose editor it updates),
    an invalid index, or a hidden view.

    Qt leaves one changed cell to a pending layout, as if the layout repainted the whole view;
    ``partial_layout_pending`` says the view's next layout repaints only part of it (the rows put
    in), so the cell is repainted here as well."""
    if not top_left.isValid() or not view.isVisible():
        return False
    if top_left == bottom_right:
        if partial_layout_pending:
            view.viewport().update(view.visualRect(top_left))
        return False
    cells = view.visualRect(top_left).united(view.visualRect(bottom_right))
    view.viewport().update(cells.intersected(view.viewport().rect()))
    return True


def in_sight(view: QAbstractItemView, index: Index, hint: QAbstractItemView.ScrollHint) -> bool:
    """Whether scrolling to ``index`` so that it is visible has nothing to do: Qt's table
    repaints the cell it scrolls to even when it is in sight already (the chosen row each
    coding)."""
    return (hint == QAbstractItemView.ScrollHint.EnsureVisible and index.isValid()
            and view.viewport().rect().contains(view.visualRect(index)))
