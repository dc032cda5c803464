"""What the window shows while no project is open: the ways to begin, and the recent projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.team.server_url import is_server_url


class StartPage(QWidget):
    recent_chosen = Signal(str)
    """A recent project (a file path or a server address) to open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setAutoFillBackground(True)  # opaque: nothing of the main window shows through
        title = QLabel("<h2>Welcome to qcoder</h2>")
        intro = QLabel(
            "Code interview transcripts: import them into a project, select passages and tag them with "
            "codes, then see what the coding shows. Everything you do is saved at once."
        )
        intro.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(8)
        self.recent = QListWidget(self)
        self.recent.setObjectName("startRecent")
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_label = QLabel("&Recent projects", buddy=self.recent)  # type: ignore[call-overload]  # PySide6 takes setBuddy as a keyword; the stubs do not list it
        self.no_recent = QLabel("No recent projects yet.")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(8)
        column.addLayout(self._grid)
        column.addSpacing(12)
        column.addWidget(self.recent_label)
        column.addWidget(self.no_recent)
        column.addWidget(self.recent, 1)
        centred = QHBoxLayout(self)
        centred.addStretch(1)
        centred.addLayout(column, 6)
        centred.addStretch(1)

    def add_choice(self, key: str, action: QAction, explanation: str, handler: Callable[[], object] | None = None) -> None:
        """A button that does what ``action`` does, with a line saying what it is for."""
        button = QPushButton(action.text().replace("&", "").rstrip("…") + ("…" if action.text().endswith("…") else ""))
        button.setObjectName(f"start_{key}")
        button.setMinimumWidth(220)
        button.clicked.connect(lambda: (handler or action.trigger)())
        note = QLabel(explanation)
        note.setWordWrap(True)
        row = self._grid.rowCount()
        self._grid.addWidget(button, row, 0)
        self._grid.addWidget(note, row, 1)
        self.buttons[key] = button

    def show_recent(self, entries: list[str]) -> None:
        self.recent.clear()
        for entry in entries:
            shown = entry if is_server_url(entry) else f"{Path(entry).name}   —   {Path(entry).parent}"
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(entry)
            self.recent.addItem(item)
        if entries:
            self.recent.setCurrentRow(0)
        self.recent.setVisible(bool(entries))
        self.no_recent.setVisible(not entries)
