"""The window's actions (menu items and keys), each bound to a workflow method.

Keys: 1–9 apply pinned codes; Enter on a code applies it; Ctrl+I makes an in-vivo code;
Ctrl+Backspace unmarks; Ctrl+E flags an exemplar; Alt+←/→ move a passage's end by a word and
Alt+↑/↓ its start (Ctrl+Alt+arrows switch workspaces on Linux desktops); Ctrl+F finds in the document;
Ctrl+1…5 go to the sources, the document,
the code filter, the retrieved passages and the cases. Menu items without an accelerator letter
get one from :mod:`qcoder.ui.keyboard_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Handler = Callable[..., object]  # a checkable action passes its checked state


@dataclass
class Actions:
    """Every action by name, so that tests and other panes can find and trigger them."""

    window: QMainWindow
    by_name: dict[str, QAction] = field(default_factory=dict)

    def add(
        self, name: str, text: str, handler: Handler, *, shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        tip: str = "", needs_project: bool = True, checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.setProperty("needs_project", needs_project)
        if checkable:
            action.toggled.connect(lambda checked: handler(checked))
        else:
            action.triggered.connect(lambda _checked=False: handler())
        self.window.addAction(action)  # keys work wherever the focus is
        self.by_name[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def fill(self, menu: QMenu, names: list[str | None]) -> None:
        """Add the named actions to ``menu``; ``None`` is a separator."""
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.by_name[name])

    def set_project_open(self, is_open: bool, read_only: bool = False) -> None:
        for action in self.by_name.values():
            refused = read_only and bool(action.property("edits"))
            if action.property("needs_project"):
                action.setEnabled(is_open and not refused)
            elif action.property("edits"):  # works without a project (Import makes one), not read-only
                action.setEnabled(not refused)

    def mark_edits(self, names: list[str]) -> None:
        """Actions that change the project: disabled when it is open read-only."""
        for name in names:
            self.by_name[name].setProperty("edits", True)
