"""Memos where a researcher looks for them: a marker in the margin that opens the passage's memo,
and a Memos pane listing every memo with a filter and a jump; margin lanes never clipped."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.queries.codings import list_segments
from qcoder.ui.commands.memo_commands import AddMemoCommand
from qcoder.ui.document.coding_margin import LANE_WIDTH
from qcoder.ui.workflows import coding_workflow
from tests.ui.test_coding_in_window import code_id, select_with_qt


def code(window, needle: str, path: str = "On-ramp/Compute partnerships") -> None:
    select_with_qt(window, needle)
    window.coding.apply_code(code_id(window, path))


def test_a_memo_marker_opens_the_passage_memo(window, qtbot, monkeypatch):
    code(window, "Honestly the 你好 lab and مرحبا team, and the café crew — they shared compute with us.")
    asked: list[str] = []
    monkeypatch.setattr(coding_workflow, "get_multiline_text",
                        lambda parent, title, label, text="": (asked.append(text), ("They lent GPUs", True))[1])
    window.actions["passage_memo"].trigger()
    [segment] = window.controller.read(list_segments)
    assert segment.memo == "They lent GPUs"
    margin = window.document.margin
    margin.repaint()
    [(_coding, rect)] = margin._stripes()
    marker = QPoint(rect.center().x(), rect.top() + 3)
    assert margin.memo_at(marker) is not None and margin.memo_at(QPoint(rect.center().x(), rect.bottom())) is None
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=marker)
    assert asked[-1] == "They lent GPUs"  # the memo dialog opened on that passage's memo


def test_the_memos_pane_lists_filters_and_jumps(window, qtbot, monkeypatch):
    window.docks["retrieval"].raise_()
    qtbot.waitUntil(lambda: window.memos.visibleRegion().isEmpty())
    code(window, "the café crew")
    monkeypatch.setattr(coding_workflow, "get_multiline_text", lambda *a, **k: ("crew = volunteers", True))
    window.actions["passage_memo"].trigger()
    window.controller.push(AddMemoCommand(window.controller, "Interview was short", "source", window.document.source_id))
    pane = window.memos
    assert pane.table.rowCount() == 0  # behind its tab: read when it comes into view, not on every coding
    window.docks["memos"].raise_()
    qtbot.waitUntil(lambda: pane.table.rowCount() == 2)
    assert pane.table.rowCount() == 2 and pane.summary.text() == "2 memos"
    assert {pane.table.item(r, 0).text() for r in range(2)} == {"passage", "source"}
    pane.filter_box.setText("volunteers")
    assert [r for r in range(2) if not pane.table.isRowHidden(r)] == [0] and pane.summary.text() == "1 of 2 memos"
    window.document.view.moveCursor(window.document.view.textCursor().MoveOperation.Start)
    pane.jump(0)
    start = window.document.view.selected_span()
    assert start is not None and window.controller.read(list_segments)[0].start == start[0]
    pane.kind.setCurrentIndex(pane.kind.findData("source"))
    assert pane.summary.text() == "0 of 2 memos"


def test_lanes_are_never_clipped(window, qtbot):
    sentence = "Honestly the 你好 lab and مرحبا team, and the café crew — they shared compute with us."
    paths = ["On-ramp/Compute partnerships", "Lifecycle stage/Pre-training", "Lifecycle stage/Post-training",
             "Lifecycle stage/Post-release"]
    for path in paths:
        code(window, sentence, path)
    margin = window.document.margin
    qtbot.waitUntil(lambda: margin.width() >= len(paths) * LANE_WIDTH)
    margin.repaint()
    stripes = margin._stripes()
    assert len(stripes) == len(paths)
    assert all(rect.right() < margin.width() for _coding, rect in stripes)


def test_coding_passage_after_passage_never_narrows_the_margin(sample_window):
    """A margin that narrowed after every coding (back to the overlap depth) and widened at the
    next (a packed lane beyond it) wrapped the whole text anew each time."""
    from tests.benchmarks.workload import overlapping_spans

    window = sample_window
    view = window.document.view
    code = next(c.id for c in window.codes.model.codes() if c.codable)
    lefts = []
    for start, end in overlapping_spans(len(view.text), 40, seed=3):
        view.select_span(start, end)
        assert window.coding.apply_code(code)
        QApplication.processEvents()
        lefts.append(view.viewport().x())
    assert lefts == sorted(lefts)
