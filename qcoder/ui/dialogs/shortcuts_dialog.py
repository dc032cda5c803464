"""Settings ▸ Keyboard shortcuts (and Help ▸ Keyboard shortcuts): every action with its keys;
change any of them, clear one, or go back to the default. Kept in the person's settings.

The defaults avoid the desktops' global keys (Ctrl+Alt+arrows switch workspaces on GNOME, Xfce
and Openbox; Super is the desktop's), but a desktop may take any key: then change it here.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.ui.settings import UserSettings

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


def action_title(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class KeyboardShortcuts:
    """The window's actions' keys: defaults remembered, the person's choices applied and kept."""

    def __init__(self, actions: dict[str, QAction], settings: UserSettings) -> None:
        self.actions, self.settings = actions, settings
        self.defaults = {name: [k.toString(PORTABLE) for k in action.shortcuts()] for name, action in actions.items()}
        for name, keys in settings.shortcut_overrides().items():
            if name in actions:
                actions[name].setShortcuts(_sequences(keys))

    def keys(self, name: str) -> str:
        return "; ".join(k.toString(NATIVE) for k in self.actions[name].shortcuts())

    def set_keys(self, name: str, sequence: QKeySequence) -> str | None:
        """Give ``name`` this key (an empty sequence: none); the action that had it loses it.
        Returns the title of that other action, if any."""
        taken_from = None
        if not sequence.isEmpty():
            for other, action in self.actions.items():
                if other != name and any(k.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch
                                         for k in action.shortcuts()):
                    action.setShortcuts([k for k in action.shortcuts() if k.matches(sequence) != QKeySequence.SequenceMatch.ExactMatch])
                    self._keep(other)
                    taken_from = action_title(action)
        self.actions[name].setShortcuts([sequence] if not sequence.isEmpty() else [])
        self._keep(name)
        return taken_from

    def reset(self, name: str) -> None:
        self.actions[name].setShortcuts([QKeySequence(k) for k in self.defaults[name]])
        self.settings.set_shortcut_override(name, None)

    def _keep(self, name: str) -> None:
        current = [k.toString(PORTABLE) for k in self.actions[name].shortcuts()]
        self.settings.set_shortcut_override(name, None if current == self.defaults[name] else "; ".join(current))


def _sequences(text: str) -> list[QKeySequence]:
    return [QKeySequence(part.strip()) for part in text.split(";") if part.strip()]


class ShortcutsDialog(QDialog):
    def __init__(self, shortcuts: KeyboardShortcuts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shortcuts = shortcuts
        self.setWindowTitle("Keyboard shortcuts")
        self.names = sorted(shortcuts.actions, key=lambda n: action_title(shortcuts.actions[n]).lower())
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter by what it does or by key")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.table = QTableWidget(len(self.names), 2, self)
        self.table.setHorizontalHeaderLabels(["What it does", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda row, *_: self._load(row))
        self.editor = QKeySequenceEdit(self)
        self.editor.setMaximumSequenceLength(1)
        self.editor.editingFinished.connect(self._assign)
        clear = QPushButton("&No key", self)
        clear.clicked.connect(lambda: self._apply(QKeySequence()))
        default = QPushButton("&Default", self)
        default.clicked.connect(self._reset)
        self.note = QLabel("Select an action, then press the new key in the box.", self)
        self.note.setWordWrap(True)
        edit_row = QHBoxLayout()
        edit_row.addWidget(QLabel("&Key:", buddy=self.editor))  # type: ignore[call-overload]  # PySide6 takes setBuddy as a keyword; the stubs do not list it
        edit_row.addWidget(self.editor, 1)
        edit_row.addWidget(clear)
        edit_row.addWidget(default)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._fill()
        self.resize(620, 560)
        self.table.setCurrentCell(0, 0)

    def _fill(self) -> None:
        for row, name in enumerate(self.names):
            action = self.shortcuts.actions[name]
            title = QTableWidgetItem(action_title(action))
            title.setToolTip(action.toolTip() if action.toolTip() != action_title(action) else "")
            self.table.setItem(row, 0, title)
            self.table.setItem(row, 1, QTableWidgetItem(self.shortcuts.keys(name)))

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.table.rowCount()):
            shown = any((item := self.table.item(row, c)) is not None and needle in item.text().lower() for c in (0, 1))
            self.table.setRowHidden(row, bool(needle) and not shown)

    def current_name(self) -> str | None:
        row = self.table.currentRow()
        return self.names[row] if 0 <= row < len(self.names) else None

    def _load(self, row: int) -> None:
        if 0 <= row < len(self.names):
            shortcuts = self.shortcuts.actions[self.names[row]].shortcuts()
            self.editor.setKeySequence(shortcuts[0] if shortcuts else QKeySequence())

    def _assign(self) -> None:
        self._apply(self.editor.keySequence())

    def _apply(self, sequence: QKeySequence) -> None:
        name = self.current_name()
        if name is None:
            return
        taken_from = self.shortcuts.set_keys(name, sequence)
        self._fill()
        self.editor.setKeySequence(sequence)
        title = action_title(self.shortcuts.actions[name])
        if sequence.isEmpty():
            self.note.setText(f"{title} has no key now.")
        else:
            self.note.setText(f"{title}: {sequence.toString(NATIVE)}"
                              + (f" (taken from {taken_from}, which has no key now)" if taken_from else ""))

    def _reset(self) -> None:
        name = self.current_name()
        if name is not None:
            self.shortcuts.reset(name)
            self._fill()
            self._load(self.table.currentRow())
            self.note.setText(f"{action_title(self.shortcuts.actions[name])}: back to its default key.")
