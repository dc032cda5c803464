"""A side pane's dock paints its title when the title needs it, not when something in the pane repaints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from qcoder.ui.main_window import MainWindow
from tests.ui.on_screen import painted


def test_typing_in_the_code_filter_leaves_the_docks_title_alone_and_a_new_title_is_painted(
        qtbot, user_settings, monkeypatch):
    window = MainWindow(settings=user_settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    dock = window.docks["codes"]
    dock.show()
    box = window.codes.filter_box
    box.setFocus()
    painted(dock)
    titles: list[int] = []
    real = QDockWidget.paintEvent
    monkeypatch.setattr(QDockWidget, "paintEvent", lambda self, event: titles.append(1) or real(self, event))
    QTest.keyClicks(box, "partner")
    qtbot.wait(400)  # the box's clear button has faded in
    QTest.keyClick(box, Qt.Key.Key_Return)
    on_screen = painted(dock)
    assert titles == []
    dock.update()
    assert painted(dock) == on_screen and titles  # the whole dock painted again looks the same
    titles.clear()
    dock.setWindowTitle("Codes and their passages")
    assert painted(dock) != on_screen and titles  # a new title is painted
