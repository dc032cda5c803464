"""Code ▸ Recently used: the last codes applied, one click (or Alt+C, R, digit) away."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from qcoder.ui.panes.code_tree_pane import CodeTreePane
from qcoder.ui.workflows.coding_workflow import CodingWorkflow


class RecentCodesMenu(QMenu):
    """Its entries are written when it opens, not on each coding: each in-vivo code goes first
    and so renamed every entry, and each rename told the menu and the menu bar (0.2 ms a coding,
    for a menu nobody was looking at). They are kept and renamed as the list moves, not made
    anew: making nine actions and their connections took half a millisecond."""

    def __init__(self, coding: CodingWorkflow, codes: CodeTreePane, parent: QWidget | None = None) -> None:
        super().__init__("Recently &used codes", parent)
        self.coding, self.codes = coding, codes
        self._listed: list[int] = []
        """The code of each entry, in order."""
        self._entries: list[QAction] = []
        coding.recent_changed.connect(self._follow)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def _follow(self) -> None:
        """The list moved: the menu can be opened if a code in it still exists."""
        usable = any(self.codes.model.code(code_id) is not None for code_id in self.coding.recent_codes)
        if usable != self.isEnabled():
            self.setEnabled(usable)

    def rebuild(self) -> None:
        listed = [(code_id, code.path) for code_id in self.coding.recent_codes
                  if (code := self.codes.model.code(code_id)) is not None]
        self._listed = [code_id for code_id, _path in listed]
        while len(self._entries) < len(listed):
            entry = self.addAction("")
            entry.triggered.connect(partial(self._apply, len(self._entries)))
            self._entries.append(entry)
        while len(self._entries) > len(listed):  # a code deleted
            entry = self._entries.pop()
            self.removeAction(entry)
            entry.deleteLater()
        for number, (entry, (_code_id, path)) in enumerate(zip(self._entries, listed), 1):
            text = f"&{number} {path}"
            if entry.text() != text:
                entry.setText(text)
        self.setEnabled(bool(listed))

    def _apply(self, number: int, _checked: bool = False) -> None:
        self.coding.apply_code(self._listed[number])
