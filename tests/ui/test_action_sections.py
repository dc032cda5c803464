"""Each feature declares its actions once, with the menu section they belong to; the window only
arranges sections into menus. These tests keep the two sides in step."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from qcoder.ui.actions import Actions


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


def test_every_declared_section_is_shown_in_a_menu(window):
    assert window.actions.unplaced_sections() == set()
    shown = {action for menu in window.menus.values() for action in _menu_actions(menu)}
    for section, names in window.actions.sections.items():
        for name in filter(None, names):
            assert window.actions[name] in shown, f"{name} ({section}) is in no menu"


def test_an_action_in_two_sections_shows_in_both_menus(window):
    shortcuts = window.actions["shortcuts"]
    assert shortcuts in window.menus["settings"].actions()
    assert shortcuts in window.menus["help"].actions()


def test_a_section_keeps_declaration_order_and_separators(qtbot):
    from PySide6.QtWidgets import QMainWindow

    host = QMainWindow()
    qtbot.addWidget(host)
    actions = Actions(host)
    for name in ("a", "b"):
        actions.add(name, name.upper(), lambda: None, section="s")
    actions.add("c", "C", lambda: None, section="s", separator_before=True, edits=True)
    actions.add("d", "D", lambda: None, shortcut=("Ctrl+1", "Ctrl+Shift+D"))
    menu = QMenu(host)
    actions.place(menu, ["s", None, "t"])
    assert [a.text() or "|" for a in menu.actions()] == ["A", "B", "|", "C", "|"]
    assert actions.unplaced_sections() == set()
    assert actions["c"].property("edits") is True
    assert [k.toString() for k in actions["d"].shortcuts()] == ["Ctrl+1", "Ctrl+Shift+D"]
    with pytest.raises(ValueError, match="declared twice"):
        actions.add("a", "A again", lambda: None)
