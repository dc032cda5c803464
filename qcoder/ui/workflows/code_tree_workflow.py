"""What the code tree's menu does: new, rename, recolour, define, move, merge, delete, pin, memo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.wording import counted
from qcoder.ui.actions import Actions
from qcoder.ui.commands.code_commands import (
    AddCodeCommand,
    DeleteCodeCommand,
    DescribeCodeCommand,
    MergeCodesCommand,
    MoveCodeCommand,
    RecolourCodeCommand,
    RenameCodeCommand,
)
from qcoder.ui.commands.memo_commands import AddMemoCommand
from qcoder.ui.dialogs.text_dialogs import get_multiline_text
from qcoder.ui.keyboard_access import give_accelerators
from qcoder.ui.panes.code_tree_pane import CodeTreePane
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.settings import UserSettings

MAX_PINNED = 9


class CodeTreeWorkflow(QObject):
    message = Signal(str)

    def __init__(
        self, controller: ProjectController, pane: CodeTreePane, settings: UserSettings, window: QWidget
    ) -> None:
        super().__init__(window)
        self.controller, self.pane, self.settings, self.window = controller, pane, settings, window
        pane.model.move_requested.connect(self.move)
        pane.tree.setContextMenuPolicy(pane.tree.contextMenuPolicy().CustomContextMenu)
        pane.tree.customContextMenuRequested.connect(self._context_menu)
        controller.project_opened.connect(self._load_pins)

    def add_actions(self, a: Actions) -> None:
        a.add("new_code", "&New code…", self.new_code, shortcut="Ctrl+Shift+N", edits=True, section="code.tree")
        a.add("new_subcode", "New &subcode…", lambda: self.new_code(as_child=True), edits=True, section="code.tree")
        a.add("rename_code", "&Rename code…", self.rename, shortcut="F2", edits=True, section="code.tree")
        a.add("recolour_code", "&Colour…", self.recolour, edits=True, section="code.tree")
        a.add("describe_code", "&Definition…", self.describe, edits=True, section="code.tree")
        a.add("code_memo", "Code m&emo…", self.memo, edits=True, section="code.tree")
        a.add("pin_code", "&Pin / unpin code", self.toggle_pin, shortcut="Ctrl+P", section="code.tree")
        a.add("merge_code", "&Merge into…", self.merge, edits=True, section="code.tree")
        a.add("delete_code", "&Delete code…", self.delete, shortcut="Ctrl+Shift+Delete", edits=True, section="code.tree")

    def _try(self, command: object) -> bool:
        try:
            self.controller.push(command)  # type: ignore[arg-type]  # commands are QUndoCommands
        except QcoderError as error:
            QMessageBox.warning(self.window, "qcoder", str(error))
            return False
        return True

    def new_code(self, as_child: bool = False) -> int | None:
        current = self.pane.current_code_id()
        info = self.pane.model.code(current) if current is not None else None
        if as_child:
            parent_id = current
        elif info is not None and not info.codable:
            parent_id = info.id
        else:
            parent_id = info.parent_id if info is not None else None
        where = self.pane.model.code(parent_id).name if parent_id is not None else "the top level"  # type: ignore[union-attr]  # the parent code is in the tree
        name, ok = QInputDialog.getText(self.window, "New code", f"Name of the new code in {where}:")
        if not ok or not name.strip():
            return None
        command = AddCodeCommand(self.controller, name.strip(), parent_id)
        if self._try(command):
            self.pane.select_code(command.code_id)  # type: ignore[arg-type]  # a pushed AddCodeCommand has its code id
            return command.code_id
        return None

    def rename(self) -> None:
        info = self._current()
        if info is None:
            return
        name, ok = QInputDialog.getText(self.window, "Rename code", "New name:", text=info.name)
        if ok and name.strip() and name.strip() != info.name:
            self._try(RenameCodeCommand(self.controller, info.id, name.strip(), info.version))

    def recolour(self) -> None:
        info = self._current()
        if info is None:
            return
        colour = QColorDialog.getColor(QColor(info.colour), self.window, f"Colour of “{info.name}”")
        if colour.isValid():
            self._try(RecolourCodeCommand(self.controller, info.id, colour.name(), info.version))

    def describe(self) -> None:
        info = self._current()
        if info is None:
            return
        text, ok = get_multiline_text(self.window, "Definition", f"Definition of “{info.name}”:", info.description)
        if ok and text != info.description:
            self._try(DescribeCodeCommand(self.controller, info.id, text, info.version))

    def delete(self) -> None:
        info = self._current()
        if info is None:
            return
        answer = QMessageBox.question(
            self.window, "Delete code",
            f"Delete “{info.path}” with its subcodes and their {counted(info.count, 'passage')} of its own?\n"
            "Edit ▸ Undo brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._try(DeleteCodeCommand(self.controller, info.id))

    def merge(self) -> None:
        info = self._current()
        if info is None:
            return
        others = [c for c in self.pane.model.codes() if c.id != info.id]
        paths = [c.path for c in others]
        target, ok = QInputDialog.getItem(self.window, "Merge code", f"Merge “{info.name}” into:", paths, 0, False)
        if ok and target:
            target_id = others[paths.index(target)].id
            self._try(MergeCodesCommand(self.controller, info.id, target_id))

    def move(self, code_id: int, parent_id: int | None, position: int) -> None:
        shown = self.pane.model.code(code_id)  # the version the tree showed, refused if stale
        self._try(MoveCodeCommand(self.controller, code_id, parent_id, None if position < 0 else position,
                                  shown.version if shown is not None else None))

    def memo(self) -> None:
        info = self._current()
        if info is None:
            return
        text, ok = get_multiline_text(self.window, "Code memo", f"Memo on “{info.name}”:")
        if ok and text.strip():
            self._try(AddMemoCommand(self.controller, text.strip(), "code", info.id))

    def toggle_pin(self) -> None:
        info = self._current()
        if info is None:
            return
        pinned = self.pane.model.pinned
        if info.id in pinned:
            pinned.remove(info.id)
        elif len(pinned) >= MAX_PINNED:
            self.message.emit("Keys 1–9 are all taken; unpin a code first.")
            return
        else:
            pinned.append(info.id)
        self._save_pins()
        self.pane.model.update_codes(self.pane.model.codes())
        self.message.emit(", ".join(f"{n}: {self.pane.model.code(c).name}" for n, c in enumerate(pinned, 1)) or "No pinned codes.")  # type: ignore[union-attr]  # pinned codes are in the tree

    def _current(self):
        code_id = self.pane.current_code_id()
        if code_id is None:
            self.message.emit("Choose a code in the code tree first.")
            return None
        return self.pane.model.code(code_id)

    def _pins_key(self) -> Path | str | None:
        """Pins are the person's, per project: a file's path or a server project's address."""
        project = self.controller.project
        if project is None:
            return None
        return project.path if project.path is not None else project.location

    def _load_pins(self) -> None:
        key = self._pins_key()
        if key is None:
            return
        by_guid = {c.guid: c.id for c in self.pane.model.codes()}
        self.pane.model.pinned = [by_guid[g] for g in self.settings.pinned_codes(key) if g in by_guid]

    def _save_pins(self) -> None:
        key = self._pins_key()
        if key is not None:
            guids = [self.pane.model.code(c).guid for c in self.pane.model.pinned]  # type: ignore[union-attr]  # pinned codes are in the tree
            self.settings.set_pinned_codes(key, guids)

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self.window)
        menu.addAction("Apply to selection", lambda: self.pane.code_activated.emit(self.pane.current_code_id()))
        menu.addSeparator()
        menu.addAction("New code…", self.new_code)
        menu.addAction("New subcode…", lambda: self.new_code(as_child=True))
        menu.addAction("Rename…", self.rename)
        menu.addAction("Colour…", self.recolour)
        menu.addAction("Definition…", self.describe)
        menu.addAction("Memo…", self.memo)
        menu.addAction("Pin to a number key / unpin", self.toggle_pin)
        menu.addSeparator()
        menu.addAction("Merge into…", self.merge)
        menu.addAction("Delete…", self.delete)
        give_accelerators(menu)  # each item a letter: the menu also opens by the Menu key
        menu.exec(self.pane.tree.viewport().mapToGlobal(point))
