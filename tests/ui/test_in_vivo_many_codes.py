"""Fifty in-vivo codes, each one edit: one change signalled per code, the code view's rows
then, after undoing them all and after redoing them all, as built afresh — so an incremental
insert in a wrong place or a row left behind shows (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.reach_tally import load_tally
from qcoder.ui.deferred_refresh import DeferredRefresh
from qcoder.ui.models.code_rows import CodeRows
from qcoder.ui.models.code_tree_model import CodeTreeModel
from tests.ui.conftest import EMOJI_TEXT

CODES = 50


def distinct_spans(count: int) -> list[tuple[int, int]]:
    """Spans of the text whose words make ``count`` different code names."""
    names, spans = set(), []
    for length in range(3, 12):
        for start in range(len(EMOJI_TEXT) - length):
            name = " ".join(EMOJI_TEXT[start:start + length].split())
            if name and name not in names and "/" not in name and len(spans) < count:
                names.add(name)
                spans.append((start, start + length))
    return spans


def shown_rows(rows: CodeRows) -> list[tuple]:
    """Every row as the code view gets it: id, level, every column's text."""
    return [(rows.index(row, 0).data(CodeTreeModel.CodeIdRole), rows.depth(row),
             tuple(rows.index(row, column).data(Qt.ItemDataRole.DisplayRole) for column in range(rows.columnCount())))
            for row in range(rows.rowCount())]


def settle(window) -> None:
    for deferred in window.findChildren(DeferredRefresh):
        deferred.flush()


def assert_as_built_afresh(window) -> None:
    settle(window)
    fresh = CodeTreeModel()
    fresh.set_codes(window.controller.read(list_codes), window.controller.read(load_tally).everything())
    afresh = CodeRows(fresh)
    afresh.set_expanded_ids(window.codes.proxy.expanded_ids())
    assert shown_rows(window.codes.proxy) == shown_rows(afresh)
    rows = window.retrieval.model.items()
    window.retrieval.reload()
    assert window.retrieval.model.items() == rows


def test_fifty_in_vivo_codes_undone_and_redone_leave_the_tree_as_built_afresh(window, qtmodeltester):
    view, stack = window.document.view, window.controller.undo_stack
    changes = []
    window.controller.changed.connect(changes.append)
    spans = distinct_spans(CODES)
    assert len(spans) == CODES
    for start, end in spans:
        view.select_span(start, end)
        before = len(changes)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert len(changes) == before + 1  # the code and its passage: one transaction, one change
        code = window.coding.recent_codes[0]
        assert window.codes.model.code(code).name == " ".join(EMOJI_TEXT[start:end].split())
        window.codes.select_code(code)  # the coder chooses it: its one passage listed
        assert [(s.code_id, s.start, s.end) for s in window.retrieval.model.items()] == [(code, start, end)]
    assert_as_built_afresh(window)
    qtmodeltester.check(window.codes.proxy)
    top = stack.count()
    stack.undo()  # the last code and its passage go in one step
    assert stack.index() == top - 1 and len(window.controller.read(list_codes)) == len(window.codes.model.codes())
    assert_as_built_afresh(window)
    while stack.canUndo():
        stack.undo()
    assert [c.name for c in window.codes.model.codes()] == [c.name for c in window.controller.read(list_codes)]
    assert_as_built_afresh(window)
    while stack.canRedo():
        stack.redo()
    assert len(window.codes.model.codes()) == len(window.controller.read(list_codes))
    assert_as_built_afresh(window)
    qtmodeltester.check(window.codes.proxy)
