"""The main tool bar: the few actions a coder reaches for all day, with icons and key hints."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from qcoder.ui.actions import Actions
from qcoder.ui.icons import icon

TOOL_BAR_ACTIONS: tuple[str | None, ...] = (
    "new", "open", "import", None, "undo", "redo", None,
    "apply", "in_vivo", "unmark", "exemplar", "passage_memo", None, "new_code", "find", "edit_text", None,
    "collaboration_map",
)

def _steady_copy(action: QAction, parent: QToolBar) -> QAction:
    """A tool-bar twin of the undo/redo action with a fixed label: the menu's action renames
    itself after every edit ("Undo Code passage with …"), which would repaint the tool bar, and
    the window behind it, on every coding."""
    twin = QAction(action.icon(), action.text().replace("&", "").split(" ")[0], parent)
    twin.setShortcut(QKeySequence())  # the menu's action keeps the key
    twin.triggered.connect(action.trigger)
    twin.setEnabled(action.isEnabled())
    action.enabledChanged.connect(twin.setEnabled)
    twin.setProperty("shortcut_hint", action.shortcut().toString())
    return twin


ICON_NAMES = {"collaboration_map": "map", "passage_memo": "memo"}


def build_tool_bar(window: QMainWindow, actions: Actions) -> QToolBar:
    bar = QToolBar("Tools", window)
    bar.setObjectName("tool_bar")
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.setMovable(False)
    for name in TOOL_BAR_ACTIONS:
        if name is None:
            bar.addSeparator()
            continue
        action = actions.by_name.get(name)
        if action is None:
            continue
        action.setIcon(icon(ICON_NAMES.get(name, name)))
        if name in ("undo", "redo"):
            action = _steady_copy(action, bar)
        shortcut = action.shortcut().toString() or action.property("shortcut_hint") or ""
        tip = action.text().replace("&", "").rstrip("…")
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        bar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
