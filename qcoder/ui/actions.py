"""The window's actions (menu items and keys), each bound to a workflow method.

Keys: 1–9 apply pinned codes; Enter on a code applies it; Ctrl+I makes an in-vivo code;
Ctrl+Backspace unmarks; Ctrl+E flags an exemplar; Alt+←/→ move a passage's end by a word and
Alt+↑/↓ its start (Ctrl+Alt+arrows switch workspaces on Linux desktops); Ctrl+F finds in the document;
Ctrl+1…5 go to the sources, the document,
the code filter, the retrieved passages and the cases. Menu items without an accelerator letter
get one from :mod:`qcoder.ui.keyboard_access`.

Each feature declares its own actions once, in its workflow's ``add_actions``: text, keys, tip,
whether it changes the project (``edits``: disabled when the project is open read-only) and the
menu *section* it belongs to. ``main_window.py`` only arranges the sections into menus, so adding
a command touches its workflow alone (see docs/ARCHITECTURE.md, "Adding a command").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Handler = Callable[..., object]
"""An action's slot: no argument, or the checked state for a checkable action."""
Keys = str | QKeySequence | QKeySequence.StandardKey | tuple[str, ...]


@dataclass
class Actions:
    """Every action by name, so that tests and other panes can find and trigger them."""

    window: QMainWindow
    by_name: dict[str, QAction] = field(default_factory=dict)
    sections: dict[str, list[str | None]] = field(default_factory=dict)
    placed: set[str] = field(default_factory=set)

    def add(
        self, name: str, text: str, handler: Handler, *, shortcut: Keys | None = None,
        tip: str = "", needs_project: bool = True, checkable: bool = False, edits: bool = False,
        section: str | tuple[str, ...] | None = None, separator_before: bool = False,
    ) -> QAction:
        """Declare one action. ``shortcut`` may be a tuple of keys (the first is the one menus
        show); ``section`` names where it appears in the menus (several: it appears in each;
        ``None``: keys only), after a separator if ``separator_before``; ``edits``: it changes
        the project."""
        if name in self.by_name:
            raise ValueError(f"the action {name!r} is declared twice")
        action = QAction(text, self.window)
        if isinstance(shortcut, tuple):
            action.setShortcuts([QKeySequence(key) for key in shortcut])
        elif shortcut is not None:
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
        if edits:
            action.setProperty("edits", True)
        for place in (section,) if isinstance(section, str) else section or ():
            self._append(place, name, separator_before)
        return action

    def adopt(self, name: str, action: QAction, *, section: str | None = None) -> QAction:
        """Take in an action made elsewhere (the undo stack's Undo and Redo)."""
        self.by_name[name] = action
        if section is not None:
            self._append(section, name, False)
        return action

    def _append(self, section: str, name: str, separator_before: bool) -> None:
        entries = self.sections.setdefault(section, [])
        if separator_before and entries:
            entries.append(None)
        entries.append(name)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def fill(self, menu: QMenu, names: list[str | None]) -> None:
        """Add the named actions to ``menu``; ``None`` is a separator."""
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.by_name[name])

    def place(self, menu: QMenu, sections: list[str | None]) -> None:
        """Add the actions of each named section to ``menu``, in the order they were declared;
        ``None`` is a separator between sections."""
        for section in sections:
            if section is None:
                menu.addSeparator()
            else:
                self.fill(menu, self.sections.get(section, []))
                self.placed.add(section)

    def unplaced_sections(self) -> set[str]:
        """Sections that some feature declared but no menu shows (a test keeps this empty)."""
        return set(self.sections) - self.placed

    def set_project_open(self, is_open: bool, read_only: bool = False) -> None:
        for action in self.by_name.values():
            refused = read_only and bool(action.property("edits"))
            if action.property("needs_project"):
                action.setEnabled(is_open and not refused)
            elif action.property("edits"):  # works without a project (Import makes one), not read-only
                action.setEnabled(not refused)
