"""The merge preview (counts and conflicts before anything is written) and the report after."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.team.merge_report import MergeReport, noun

RULE = (
    "Matched by GUID, then sources by their text and codes by their path; what is new is added. "
    "Where the same item differs, this project's version is kept. Every coder's codings are kept. "
    "A text edited in one copy only is brought up to its edits, and codings follow them to the same "
    "words; codings whose words were deleted are listed, not moved."
)


class MergeDialog(QDialog):
    """``preview=True``: asks to merge (Merge / Cancel); otherwise the report after the merge."""

    def __init__(self, report: MergeReport, other: Path, *, preview: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {other.name}" if preview else "Merge report")
        self.resize(620, 440)
        heading = QLabel(
            f"<h3>{'Merging' if preview else 'Merged'} <i>{escape(other.name)}</i></h3>"
            f"<p style='font-size: 12pt'><b>{escape(report.summary())}</b></p>", self,
        )
        heading.setWordWrap(True)
        rows = [f"{count:>6}  {noun(kind, count)} added" for kind, count in report.added.items() if count]
        rows += [f"{count:>6}  {how} (already here)" for how, count in sorted(report.matched.items())]
        edited = len({edit.source_id for edit in report.text_undo})
        rows += [f"{edited:>6}  {'text' if edited == 1 else 'texts'} brought up to the other copy's edits"] if edited else []
        self.counts = QListWidget(self)
        self.counts.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.counts.addItems(rows or ["nothing new: every item is already in this project"])
        self.conflicts = QListWidget(self)
        self.conflicts.setWordWrap(True)
        self.conflicts.addItems(
            [f"text: {t}" for t in report.texts] + [c.line() for c in report.conflicts]
            + [f"words gone: {u}" for u in report.unplaced] + [f"skipped: {s}" for s in report.skipped])
        rule = QLabel(RULE, self)
        rule.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.counts, 2)
        if report.conflicts or report.skipped or report.texts or report.unplaced:
            layout.addWidget(QLabel(f"<b>{len(report.conflicts)} conflicts</b> and notes:", self))
            layout.addWidget(self.conflicts, 2)
        else:
            self.conflicts.hide()
        layout.addWidget(rule)
        if preview:
            backup = QLabel("A backup of this project is made before the merge; Undo takes the merge back.", self)
            backup.setWordWrap(True)
            layout.addWidget(backup)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
            merge = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
            merge.setDefault(True)
            merge.setEnabled(report.changes_anything)
            self.merge_button = merge
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
