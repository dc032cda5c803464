"""Help ▸ User guide: the README's sections, offline — bundled into the wheel as
``qcoder/resources/README.md`` (setup.py copies it), read from the checkout otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from qcoder.core.resources import resource

SKIPPED_SECTIONS = ("Development",)


@dataclass(frozen=True)
class GuideSection:
    title: str
    level: int
    markdown: str


def guide_markdown() -> str:
    bundled = resource("README.md")
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[3] / "README.md"
    return checkout.read_text(encoding="utf-8") if checkout.is_file() else ""


def guide_sections(markdown: str) -> list[GuideSection]:
    """The README cut at its ``##`` and ``###`` headings (the introduction first); images, which
    point into the source tree, left out; the developers' sections too."""
    sections: list[GuideSection] = []
    title, level = "qcoder", 1
    lines: list[str] = []
    skipping = False
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        heading = None if in_code else re.match(r"^(#{1,3})\s+(.*)$", line)
        if heading:
            if lines and not skipping:
                sections.append(GuideSection(title, level, "\n".join(lines).strip()))
            level, title, lines = len(heading.group(1)), heading.group(2).strip(), []
            if level <= 2:
                skipping = title in SKIPPED_SECTIONS
            continue
        if not line.lstrip().startswith("![") and not line.startswith("<!--"):
            lines.append(line)
    if lines and not skipping:
        sections.append(GuideSection(title, level, "\n".join(lines).strip()))
    return [s for s in sections if s.markdown]


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("qcoder user guide")
        self.sections = guide_sections(guide_markdown())
        self.contents = QListWidget(self)
        for section in self.sections:
            self.contents.addItem(("    " if section.level == 3 else "") + section.title)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        self.contents.currentRowChanged.connect(self.show_section)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 620])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
        if self.sections:
            self.contents.setCurrentRow(0)

    def show_section(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            section = self.sections[row]
            self.text.setMarkdown(f"{'#' * max(section.level, 2)} {section.title}\n\n{section.markdown}")
