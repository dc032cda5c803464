"""Each in-vivo code's name and colour reach the document at once — its tint, its margin stripe
and the stripe's name — though the view no longer copies every code's name and colour per coding
(a coding costs the same with thousands of codes); a rename or recolour afterwards reaches them too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from qcoder.ui.commands.code_commands import RecolourCodeCommand, RenameCodeCommand
from tests.ui.test_in_vivo_many_codes import distinct_spans


def stripe_names(window) -> dict[int, str]:
    margin, view = window.document.margin, window.document.view
    margin.repaint()
    return {coding.code_id: view.code_names[coding.code_id] for coding, _rect in margin._stripes()}


def tint(window, code_id: int) -> QColor:
    return window.document.view.highlighter.code_colours[code_id]


def test_in_vivo_names_and_colours_reach_the_view_then_a_rename_and_a_recolour(window, qtbot):
    view = window.document.view
    made: dict[int, str] = {}
    for start, end in distinct_spans(4):
        view.select_span(start, end)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        code_id = window.coding.recent_codes[0]
        made[code_id] = window.codes.model.code(code_id).name
        assert view.code_names[code_id] == made[code_id]
        assert tint(window, code_id) == QColor(window.codes.model.code(code_id).colour)
    assert {code: name for code, name in stripe_names(window).items() if code in made} == made

    first = next(iter(made))
    window.controller.push(RenameCodeCommand(window.controller, first, "Renamed in vivo"))
    window.controller.push(RecolourCodeCommand(window.controller, first, "#123456"))
    qtbot.waitUntil(lambda: stripe_names(window).get(first) == "Renamed in vivo")
    assert tint(window, first) == QColor("#123456")
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert stripe_names(window)[first] == made[first]
    assert tint(window, first) != QColor("#123456")
