"""The window's own commands, declared once: Quit, Undo and Redo, Find, going to a pane, the
View options, the map and the disagreements, the layout, the user guide and About.

The features' commands are declared by their workflows (``add_actions``); these belong to the
window itself, because they act on its panes and docks rather than on the project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from qcoder.ui.actions import Actions
from qcoder.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from qcoder.ui.dialogs.user_guide import UserGuideDialog

if TYPE_CHECKING:
    from qcoder.ui.main_window import MainWindow


def add_window_actions(window: MainWindow, a: Actions) -> None:
    stack = window.controller.undo_stack
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    a.adopt("undo", undo, section="edit.undo")
    a.adopt("redo", redo, section="edit.undo")
    a.add("quit", "&Quit", window.close, shortcut=QKeySequence.StandardKey.Quit, needs_project=False,
          section="file.quit")
    a.add("find", "&Find in document…", window.document.show_find, shortcut=QKeySequence.StandardKey.Find,
          section="edit.find")
    a.add("stripes_by_coder", "Colour stripes by &coder", window.document.set_colour_by_coder, checkable=True,
          needs_project=False, section="view.options")
    a.add("blind", "Show only &my coding (blind)", window.controller.set_blind, checkable=True, section="view.options",
          tip="Hide the other coders' coding (document, counts, retrieval, map), to code without seeing theirs")
    _add_pane_keys(window, a)
    a.add("collaboration_map", "Collaboration &map", window.open_map_window, shortcut="Ctrl+Shift+M",
          section="view.map", tip="Organisations and who mentions whom, the lifecycle board and the code matrix, live")
    a.add("reset_layout", "Reset la&yout", window.layout_keeper.reset, needs_project=False, section="view.layout",
          tip="Put every pane back where it started and the window at its default size")
    a.add("disagreements", "&Disagreements between coders", window.show_disagreements, section="analysis.coders")
    a.add("user_guide", "&User guide", lambda: UserGuideDialog(window).exec(), shortcut="F1", needs_project=False,
          section="help.guide")
    a.add("shortcuts", "&Keyboard shortcuts…", lambda: ShortcutsDialog(window.shortcuts, window).exec(),
          needs_project=False, section=("settings", "help.guide"), tip="See and change the keys of every command")
    a.add("about", "&About qcoder", window.about, needs_project=False, section="help.about")


def _add_pane_keys(window: MainWindow, a: Actions) -> None:
    """Ctrl+1…5: the panes in order (Ctrl+Shift+S, D and C too for the first three)."""
    for name, text, target, keys in (
        ("focus_sources", "Go to &sources", lambda: window.sources.current_view(), ("Ctrl+1", "Ctrl+Shift+S")),
        ("focus_document", "Go to &document", lambda: window.document.view, ("Ctrl+2", "Ctrl+Shift+D")),
        ("focus_codes", "Go to &codes", lambda: window.codes.filter_box, ("Ctrl+3", "Ctrl+Shift+C")),
        ("focus_retrieval", "Go to &retrieved passages", lambda: window.retrieval.table, ("Ctrl+4",)),
        ("focus_cases", "Go to cases", lambda: window.cases.table, ("Ctrl+5",)),
    ):
        a.add(name, text, lambda t=target: window.focus_pane(t()), shortcut=keys, needs_project=False,
              section="view.jump")
