"""The code view keeps a tree view's ways, driven by real clicks, keys and drops: the arrow folds
and unfolds, a double-click on a group does too, ← → + − * fold, unfold and move up and down the
levels, and a code dropped onto a code or between two codes moves there (one undoable edit)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.code_tree import list_codes


@pytest.fixture
def grouped(window):
    """Two groups of three codes, and a third group with a sub-group, all unfolded."""
    run = window.controller.run
    groups = {name: run(add_code, name).created_id for name in ("Access", "Barriers", "Costs")}
    codes = {f"{name} {n}": run(add_code, f"{name} {n}", parent_id=group).created_id
             for name, group in groups.items() for n in range(3)}
    codes["Costs 0 a"] = run(add_code, "Costs 0 a", parent_id=codes["Costs 0"]).created_id
    window.resize(1000, 900)
    window.docks["codes"].show()
    tree = window.codes.tree
    tree.collapseAll()  # the study's own groups folded: ours in sight below them
    tree.expandAll()
    tree.scrollToBottom()
    QApplication.processEvents()
    return window, {**groups, **codes}


def index_of(window, code_id):
    return window.codes.proxy.mapFromSource(window.codes.model.index_of(code_id))


def row_rect(window, code_id):
    """Where the code's row is, scrolled into sight."""
    index = index_of(window, code_id)
    window.codes.tree.scrollTo(index)
    return window.codes.tree.visualRect(index)


def arrow_point(window, code_id) -> QPoint:
    index = index_of(window, code_id)
    return window.codes.tree._names.branch_rect(row_rect(window, code_id), index.row()).center()


def shown_names(window) -> list[str]:
    rows = window.codes.proxy
    return [rows.index(row, 0).data() for row in range(rows.rowCount())]


def test_a_click_on_the_arrow_folds_and_unfolds_and_chooses_nothing(grouped):
    window, ids = grouped
    tree = window.codes.tree
    window.codes.select_code(ids["Barriers 1"])
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=arrow_point(window, ids["Access"]))
    assert not tree.isExpanded(index_of(window, ids["Access"])) and "Access 0" not in shown_names(window)
    assert window.codes.current_code_id() == ids["Barriers 1"]
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=arrow_point(window, ids["Access"]))
    assert shown_names(window)[shown_names(window).index("Access"):][:4] == ["Access", "Access 0", "Access 1", "Access 2"]
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row_rect(window, ids["Access 2"]).center())
    assert window.codes.current_code_id() == ids["Access 2"]  # a click beside the arrow chooses the code


def test_a_double_click_on_a_group_folds_it(grouped):
    window, ids = grouped
    tree = window.codes.tree
    point = row_rect(window, ids["Barriers"]).center()
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert not tree.isExpanded(index_of(window, ids["Barriers"])) and "Barriers 0" not in shown_names(window)


def test_keys_fold_unfold_and_move_between_levels(grouped):
    window, ids = grouped
    tree = window.codes.tree
    tree.setFocus()
    window.codes.select_code(ids["Costs 1"])
    QTest.keyClick(tree, Qt.Key.Key_Left)  # a code without sub-codes: up to its group
    assert window.codes.current_code_id() == ids["Costs"]
    QTest.keyClick(tree, Qt.Key.Key_Left)  # an unfolded group: folded
    assert not tree.isExpanded(index_of(window, ids["Costs"])) and "Costs 1" not in shown_names(window)
    QTest.keyClick(tree, Qt.Key.Key_Right)  # unfolded again
    assert tree.isExpanded(index_of(window, ids["Costs"]))
    QTest.keyClick(tree, Qt.Key.Key_Right)  # down to its first sub-code
    assert window.codes.current_code_id() == ids["Costs 0"]
    QTest.keyClick(tree, Qt.Key.Key_Minus)
    assert "Costs 0 a" not in shown_names(window)
    QTest.keyClick(tree, Qt.Key.Key_Plus)
    assert "Costs 0 a" in shown_names(window)
    window.codes.select_code(ids["Costs"])
    tree.collapseAll()
    assert shown_names(window)[-3:] == ["Access", "Barriers", "Costs"]
    QTest.keyClick(tree, Qt.Key.Key_Asterisk)  # everything below unfolded
    assert shown_names(window)[-5:] == ["Costs", "Costs 0", "Costs 0 a", "Costs 1", "Costs 2"]
    QTest.keyClick(tree, Qt.Key.Key_Down)
    assert window.codes.current_code_id() == ids["Costs 0"]
    QTest.keyClick(tree, Qt.Key.Key_End)
    assert window.codes.current_code_id() == ids["Costs 2"]
    QTest.keyClick(tree, Qt.Key.Key_Home)
    assert window.codes.current_code_id() == window.codes.proxy.code_at(0)


def drop_code(window, code_id: int, point: QPoint) -> None:
    tree = window.codes.tree
    data = window.codes.proxy.mimeData([index_of(window, code_id)])
    move, left, no = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
    QApplication.sendEvent(tree.viewport(), QDragEnterEvent(point, move, data, left, no))
    QApplication.sendEvent(tree.viewport(), QDragMoveEvent(point, move, data, left, no))
    QApplication.sendEvent(tree.viewport(), QDropEvent(point.toPointF(), move, data, left, no))
    QApplication.processEvents()


def parent_and_siblings(window, code_id: int) -> tuple[int | None, list[str]]:
    codes = window.controller.read(list_codes)
    parent = next(c.parent_id for c in codes if c.id == code_id)
    return parent, [c.name for c in codes if c.parent_id == parent]


def test_a_code_dropped_onto_a_code_or_between_two_moves_there_as_one_undoable_edit(grouped):
    window, ids = grouped
    tree, stack = window.codes.tree, window.controller.undo_stack
    onto = row_rect(window, ids["Barriers 1"]).center()
    drop_code(window, ids["Access 0"], onto)
    assert parent_and_siblings(window, ids["Access 0"]) == (ids["Barriers 1"], ["Access 0"])
    assert index_of(window, ids["Access 0"]).isValid() or not tree.isExpanded(index_of(window, ids["Barriers 1"]))
    stack.undo()
    assert parent_and_siblings(window, ids["Access 0"]) == (ids["Access"], ["Access 0", "Access 1", "Access 2"])
    above = row_rect(window, ids["Barriers 2"]).topLeft() + QPoint(20, 1)  # its upper edge
    drop_code(window, ids["Access 0"], above)
    assert parent_and_siblings(window, ids["Access 0"]) == (ids["Barriers"], ["Barriers 0", "Barriers 1", "Access 0", "Barriers 2"])
    rows = window.codes.proxy
    assert [rows.index(r, 0).data() for r in range(rows.rowCount())] == [c.name for c in window.controller.read(list_codes)
                                                                         if c.id in {rows.code_at(r) for r in range(rows.rowCount())}]


def test_names_are_measured_as_qt_measures_them_once_each(grouped, monkeypatch):
    """Fitting the name column measures every shown name: each name is measured by Qt once and
    kept (bold groups apart), a renamed code anew."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    from qcoder.core.usecases.commands.codes import rename_code

    window, ids = grouped
    tree, rows = window.codes.tree, window.codes.proxy
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    qt = QStyledItemDelegate()

    def as_qt_measures(row: int) -> int:
        return qt.sizeHint(option, rows.index(row, 0)).width() + (rows.depth(row) + 1) * tree.indentation()

    assert [tree.sizeHintForIndex(rows.index(r, 0)).width() for r in range(rows.rowCount())] == \
        [as_qt_measures(r) for r in range(rows.rowCount())]
    measured = []
    real = QStyledItemDelegate.sizeHint
    monkeypatch.setattr(QStyledItemDelegate, "sizeHint", lambda self, o, i: measured.append(i.row()) or real(self, o, i))
    tree.sizeHintForColumn(0)
    assert measured == []  # every name known
    window.controller.run(rename_code, ids["Access 1"], "Access one, renamed to something much longer")
    QApplication.processEvents()
    row = rows.row_of(ids["Access 1"])
    width = tree.sizeHintForIndex(rows.index(row, 0)).width()
    assert measured == [row]  # measured once, as the column saw the new name
    assert width == as_qt_measures(row)
