"""Choosing each in-vivo code just made lists its one passage in the retrieval pane in place of
the last code's one passage (the row changed, not the table reset), built from the change: what
the pane then shows — the row, its selection, the preview, the summary — is what choosing that
code afresh shows (issue 21). Making the code leaves the pane as it was (see
``test_in_vivo_leaves_the_code_chosen_and_its_passages_listed``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_in_vivo_many_codes import distinct_spans


def click_code(window, code_id: int) -> None:
    """A click on the code's row in the code tree (it is in sight: in vivo brought it there)."""
    tree = window.codes.tree
    row = tree.visualRect(window.codes.proxy.mapFromSource(window.codes.model.index_of(code_id)))
    assert tree.viewport().rect().contains(row)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    assert window.codes.selected_code_ids() == [code_id]


def shown(window) -> tuple:
    pane = window.retrieval
    selected = [index.row() for index in pane.table.selectionModel().selectedRows()]
    cells = [[pane.model.index(row, column).data() for column in range(pane.model.columnCount())]
             for row in range(pane.model.rowCount())]
    return cells, selected, pane.table.currentIndex().row(), pane.preview.text(), pane.summary.text()


def test_each_in_vivo_passage_replaces_the_last_in_place_and_shows_as_chosen_afresh(window):
    view, pane = window.document.view, window.retrieval
    resets = []
    pane.model.modelReset.connect(lambda: resets.append(1))
    for number, (start, end) in enumerate(distinct_spans(6)):
        view.select_span(start, end)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        code = window.coding.recent_codes[0]
        click_code(window, code)
        now = shown(window)
        assert now[1] == [0] and now[2] == 0
        assert pane.model.segment(0).code_id == code and (pane.model.segment(0).start, pane.model.segment(0).end) == (start, end)
        assert window.document.view.text[start:end].split()[0] in now[3]  # the preview shows the new passage
        if number:
            assert not resets  # the one row changed in place
        resets.clear()
        pane.show_codes([])  # no code, then the code chosen afresh: its passages read, the table reset
        pane.show_codes([code])
        assert resets and shown(window) == now
        resets.clear()
