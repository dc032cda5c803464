"""The steady scroll bar repaints only where a new range or value changes its look (the slider's
ends, the arrows at an end of the range): on screen it must always show what a full repaint shows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from qcoder.core.resources import resource
from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar
from tests.ui.on_screen import assert_as_painted_afresh


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
