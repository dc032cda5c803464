"""The report of a REFI-QDA import: what was added, matched, dropped or re-mapped, and why."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from qcoder.io.refi_qda import ImportReport
from qcoder.io.refi_qda.report import counted

SECTIONS = (
    ("dropped", "Dropped (not imported)", "#B3261E"),
    ("remapped", "Re-mapped (imported differently)", "#8A5A00"),
    ("note", "Notes", "#3D444D"),
    ("schema", "Schema validation (reported only; the file was still read)", "#3D444D"),
)


def report_html(report: ImportReport) -> str:
    parts = []
    if report.origin:
        parts.append(f"<p>Made by <b>{escape(report.origin)}</b>.</p>")
    added = [f"<li>{escape(counted(count, kind))}</li>" for kind, count in report.added.items() if count]
    parts.append(f"<h3>Added</h3><ul>{''.join(added)}</ul>" if added else "<p>Nothing new was added.</p>")
    existing = [f"<li>{escape(counted(count, kind))}</li>" for kind, count in report.existing.items() if count]
    if existing:
        parts.append(f"<h3>Already in the project (left as they were)</h3><ul>{''.join(existing)}</ul>")
    for kind, title, colour in SECTIONS:
        lines = report.problems.lines(kind)
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f'<h3 style="color:{colour}">{escape(title)}: {report.problems.counts[kind]}</h3><ul>{items}</ul>')
    return "".join(parts)


class RefiReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"Import report — {report.file}")
        self.resize(760, 520)
        self.summary_label = QLabel(report.summary(), self)
        self.summary_label.setWordWrap(True)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setHtml(report_html(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
