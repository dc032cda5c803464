"""The retrieval pane's summary line repaints its words when they change, in any font."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from qcoder.ui.widgets.summary_line import SummaryLine
from tests.ui.on_screen import painted


def test_a_shorter_text_leaves_nothing_of_the_longer_one_also_after_a_larger_font(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    line = SummaryLine("2,759 passages in 181 sources", holder)
    holder.resize(400, 40)
    line.setGeometry(0, 0, 400, 30)
    holder.show()
    qtbot.waitExposed(holder)
    for text, size in (("12 passages in 3 sources", None), ("2,760 passages in 182 sources", None),
                       ("1 passage in 1 source", 16)):
        if size:
            font = QFont(line.font())
            font.setPointSize(size)
            line.setFont(font)
            painted(line)
        line.setText(text)
        on_screen = painted(line)
        line.update()
        assert painted(line) == on_screen, text
        assert line.toolTip() == text
