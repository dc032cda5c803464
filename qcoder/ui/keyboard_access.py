"""Keyboard-only use of the window: every menu item reachable by a letter, no list that traps Tab.

- :func:`give_accelerators` gives each menu item that has no accelerator letter (or one that an
  earlier item of the same menu already uses) a free letter of its own, so Alt+menu letter, item
  letter reaches everything — also items added later (it runs again whenever a menu opens).
- :func:`release_tab` makes Tab leave tables instead of walking their cells, as it does in
  trees, so Tab and Shift+Tab go round the panes.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QMenu, QMenuBar, QWidget

_WATCHED = "qcoder_accelerators"


def mnemonic(text: str) -> str | None:
    """The accelerator letter of a menu text (``&&`` is a literal ampersand), lower-cased."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].lower()
            index += 1
        index += 1
    return None


def with_mnemonic(text: str, taken: set[str]) -> str | None:
    """``text`` with its accelerator moved to a free letter (a word's first letter if possible)."""
    tokens: list[str] = []  # one visible character (or a literal "&&") each; a lone "&" is dropped
    index = 0
    while index < len(text):
        if text[index] == "&":
            if index + 1 < len(text) and text[index + 1] == "&":
                tokens.append("&&")
                index += 2
                continue
            index += 1
            continue
        tokens.append(text[index])
        index += 1
    word_starts = [i for i, t in enumerate(tokens) if t.isalnum() and (i == 0 or not tokens[i - 1].isalnum())]
    others = [i for i, t in enumerate(tokens) if t.isalnum() and i not in word_starts]
    for position in word_starts + others:
        if tokens[position].lower() not in taken:
            return "".join(tokens[:position]) + "&" + "".join(tokens[position:])
    return None


def give_accelerators(menu: QMenu | QMenuBar) -> None:
    """Give every item of ``menu`` (and of its submenus) an accelerator letter of its own."""
    actions = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
    taken: set[str] = set()
    pending: list[QAction] = []
    for action in actions:
        letter = mnemonic(action.text())
        if letter is not None and letter not in taken:
            taken.add(letter)
        else:
            pending.append(action)
    for action in pending:
        text = with_mnemonic(action.text(), taken)
        if text is not None:
            action.setText(text)
            taken.add(mnemonic(text) or "")
    for action in actions:
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            give_accelerators(submenu)
            _watch(submenu)


def _watch(menu: QMenu) -> None:
    """Run again each time the menu opens: some menus are refilled as the project changes."""
    if not menu.property(_WATCHED):
        menu.setProperty(_WATCHED, True)
        menu.aboutToShow.connect(lambda m=menu: give_accelerators(m))


def release_tab(root: QWidget) -> None:
    """Tab leaves every table and list under ``root`` (arrows still move between cells)."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
