"""Code ▸ Recently used: the last codes applied, one click (or Alt+C, R, digit) away."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QMenu, QWidget

from qcoder.ui.panes.code_tree_pane import CodeTreePane
from qcoder.ui.workflows.coding_workflow import CodingWorkflow


class RecentCodesMenu(QMenu):
    def __init__(self, coding: CodingWorkflow, codes: CodeTreePane, parent: QWidget | None = None) -> None:
        super().__init__("Recently &used codes", parent)
        self.coding, self.codes = coding, codes
        coding.recent_changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        for number, code_id in enumerate(self.coding.recent_codes, 1):
            code = self.codes.model.code(code_id)
            if code is None:
                continue
            self.addAction(f"&{number} {code.path}", partial(self.coding.apply_code, code_id))
        self.setEnabled(not self.isEmpty())
