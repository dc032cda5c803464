"""The steady scroll bar repaints only where a new range or value changes its look (the slider's
ends, the arrows at an end of the range): on screen it must always show what a full repaint shows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from qcoder.core.resources import resource
from qcoder.ui.widgets.opaque_scroll_bars import make_scroll_bars_opaque
from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar
from tests.ui.on_screen import assert_as_painted_afresh, painted


@pytest.mark.parametrize("styled", [False, True])  # Fusion alone, and under the window's style sheet
@pytest.mark.parametrize("orientation", [Qt.Orientation.Vertical, Qt.Orientation.Horizontal])
def test_the_bar_on_screen_is_as_painted_afresh_after_each_new_range_and_value(qtbot, orientation, styled):
    window = QWidget()
    qtbot.addWidget(window)
    if styled:
        window.setStyleSheet(resource("style", "qcoder.qss").read_text(encoding="utf-8"))
    window.resize(640, 640)
    bar = SteadyScrollBar(window)
    bar.setOrientation(orientation)
    bar.setGeometry(10, 10, 16, 600) if orientation == Qt.Orientation.Vertical else bar.setGeometry(10, 10, 600, 16)
    bar.setRange(0, 25)
    bar.setPageStep(31)
    window.show()
    qtbot.waitExposed(window)
    assert_as_painted_afresh(bar, "shown")
    chance = random.Random(21)
    for step in range(80):
        if step == 40:  # the pane resized: the arrows are elsewhere
            bar.setGeometry(10, 10, 16, 420) if orientation == Qt.Orientation.Vertical else bar.setGeometry(10, 10, 420, 16)
        if step % 3 == 0:  # a row more or fewer (an in-vivo code, its undo), often scrolled to the end
            bar.setMaximum(max(0, bar.maximum() + chance.choice((1, 1, 1, -1, 5))))
            if chance.random() < 0.6:
                bar.setValue(bar.maximum())
        elif step % 3 == 1:
            bar.setValue(chance.choice((0, bar.maximum(), chance.randint(0, bar.maximum()))))
        else:
            bar.setRange(0, chance.randint(0, 400))
        assert_as_painted_afresh(bar, f"step {step}: range 0–{bar.maximum()}, value {bar.value()}")


@pytest.mark.parametrize("styled", [False, True])
def test_a_bar_marked_opaque_looks_as_one_painted_over_the_window(qtbot, styled):
    """Qt paints nothing behind an opaque bar; Fusion draws its outline half transparent, which
    over the bar's own last paint came out darker with each one."""
    shown = []
    for opaque in (False, True):
        window = QWidget()
        qtbot.addWidget(window)
        if styled:
            window.setStyleSheet(resource("style", "qcoder.qss").read_text(encoding="utf-8"))
        editor = QPlainTextEdit(window)
        editor.setVerticalScrollBar(SteadyScrollBar(editor))
        if opaque:
            make_scroll_bars_opaque(editor)
        editor.setPlainText("a line of the transcript\n" * 400)
        editor.setGeometry(0, 0, 400, 400)
        window.resize(400, 400)
        window.show()
        qtbot.waitExposed(window)
        bar = editor.verticalScrollBar()
        assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent) == opaque
        for value in (10, 40, 41, 42, 200):  # repainted in part, each time over its last paint
            bar.setValue(value)
            bar.update(QRect(0, 0, bar.width(), bar.height() // 3))
            painted(bar)
        shown.append(painted(bar))
        window.close()
    assert shown[0] == shown[1]
