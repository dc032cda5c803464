"""The code tree after in-vivo codings shows on screen what a full repaint shows (issue 21): the
tree repaints only the rows an in-vivo row moved, so a row left unpainted would show here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.commands.codes import add_code
from qcoder.ui.deferred_refresh import DeferredRefresh
from tests.ui.on_screen import assert_as_painted_afresh
from tests.ui.test_in_vivo_many_codes import distinct_spans


def settle(window) -> None:
    QApplication.processEvents()
    for deferred in window.findChildren(DeferredRefresh):
        deferred.flush()
    QApplication.processEvents()


@pytest.mark.parametrize("height", [420, 1000])  # the tree scrolls to each new row / shows them all
def test_in_vivo_rows_leave_the_tree_on_screen_as_painted_afresh(window, height):
    window.resize(900, height)
    tall = height == 1000
    for name in () if tall else ("Access", "Barriers", "Costs"):
        group = window.controller.run(add_code, name).created_id
        for number in range(4):
            window.controller.run(add_code, f"{name} {number}", parent_id=group)
    view, tree = window.document.view, window.codes.tree
    if tall:
        tree.collapseAll()  # every row in sight: those below a new one move down
    spans = distinct_spans(5 if tall else 14)
    for number, (start, end) in enumerate(spans):
        if number == (2 if tall else 3):  # a group below "In vivo": its rows move down with each new in-vivo code
            window.controller.run(add_code, "Zeta")
        if number == 8:  # "In vivo" scrolled out of sight above
            tree.scrollToTop()
        view.select_span(start, end)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        settle(window)
        assert_as_painted_afresh(tree.viewport(), f"the tree after in-vivo code {number + 1}")
    # short: the tree scrolled, rows moved in and out of sight; tall: rows below moved down in sight
    assert (tree.verticalScrollBar().value() > 0) != tall


def test_filtering_folding_and_undoing_leave_the_tree_on_screen_as_painted_afresh(window):
    """Every other new layout of the tree (a filter typed and cleared, a branch folded and
    unfolded, in-vivo codes undone and redone) repaints what it changed too."""
    window.resize(900, 1000)
    group = window.controller.run(add_code, "Access").created_id
    for number in range(4):
        window.controller.run(add_code, f"Access {number}", parent_id=group)
    view, tree, box = window.document.view, window.codes.tree, window.codes.filter_box
    for start, end in distinct_spans(3):
        view.select_span(start, end)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    stack = window.controller.undo_stack
    steps = [lambda: QTest.keyClicks(box, "acc"), lambda: QTest.keyClick(box, Qt.Key.Key_Backspace), box.clear,
             lambda: tree.collapse(window.codes.proxy.mapFromSource(window.codes.model.index_of(group))),
             lambda: tree.expand(window.codes.proxy.mapFromSource(window.codes.model.index_of(group))),
             stack.undo, stack.undo, stack.redo, tree.collapseAll, tree.expandAll]
    for number, step in enumerate(steps):
        settle(window)
        step()
        settle(window)
        assert_as_painted_afresh(tree.viewport(), f"the tree after step {number + 1}")


def test_the_column_titles_stay_on_screen_as_painted_afresh(window):
    window.resize(900, 420)
    view, header = window.document.view, window.codes.tree.header()
    for number, (start, end) in enumerate(distinct_spans(4)):
        view.select_span(start, end)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        settle(window)
        assert_as_painted_afresh(header.viewport(), f"the titles after in-vivo code {number + 1}")


def test_codes_put_in_above_other_rows_leave_the_tree_on_screen_as_painted_afresh(window):
    """Rows only put in (a code added under a group high up, a first sub-code under a code that
    had none): the tree repaints from where the first of them now stands, the row above too
    (its arrow), without comparing the rows — and nothing in sight below is left as it was."""
    window.resize(900, 1000)
    tree = window.codes.tree
    groups = [window.controller.run(add_code, name).created_id for name in ("Access", "Barriers", "Costs")]
    for group in groups:
        for number in range(3):
            window.controller.run(add_code, f"code {group} {number}", parent_id=group)
    tree.collapseAll()  # the groups' rows in sight, and rows below each
    for group in groups:
        tree.expand(window.codes.proxy.mapFromSource(window.codes.model.index_of(group)))
    settle(window)
    leaf = window.codes.model.codes()[-1].id
    steps = [lambda: window.controller.run(add_code, "Access more", parent_id=groups[0]),
             lambda: window.controller.run(add_code, "Barriers more", parent_id=groups[1]),
             lambda: window.controller.run(add_code, "a first sub-code", parent_id=leaf),
             lambda: window.controller.run(add_code, "Access yet more", parent_id=groups[0])]
    for number, step in enumerate(steps):
        before = window.codes.model.rowCount()
        step()
        settle(window)
        assert window.codes.model.rowCount() == before  # under a group: no row added at the top level
        shown = tree.visualRect(window.codes.proxy.mapFromSource(window.codes.model.index_of(groups[1])))
        assert 0 < shown.top() < tree.viewport().height() // 2
        assert_as_painted_afresh(tree.viewport(), f"the tree after code {number + 1} was put in")
