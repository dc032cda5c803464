"""Reviewing speakers after an import: rename, merge, link to a case, autocode their turns.

Transcription tools say ``SPEAKER_00``; the researcher knows it is Kathleen from Masakhane.
Every change is an undoable command on the project's stack, so Edit ▸ Undo takes it back.
The dialog works on the sources just imported (or on the whole project).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.speakers import SpeakerInfo, list_speakers
from qcoder.core.wording import counted
from qcoder.ui.commands.code_commands import AddCodeCommand
from qcoder.ui.commands.edit_command import EditGroup
from qcoder.ui.commands.import_commands import AutocodeSpeakerCommand, LinkSpeakerCaseCommand, MergeSpeakersCommand
from qcoder.ui.project_controller import ProjectController

NEW_CODE_PREFIX = "New code: "


class SpeakerReviewDialog(QDialog):
    NAME, TURNS, SOURCES, CASES, SAMPLE = range(5)

    def __init__(self, controller: ProjectController, source_ids: Sequence[int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.source_ids = None if source_ids is None else tuple(source_ids)
        self.speakers: list[SpeakerInfo] = []
        scope = ("the whole project" if self.source_ids is None
                 else counted(len(self.source_ids), "imported source"))
        self.setWindowTitle("Review speakers")
        self.resize(880, 440)
        intro = QLabel(
            f"Speakers found in {scope}. Rename them, merge labels that are the same person, link a "
            "speaker's transcripts to a case (their organisation), or code all their turns at once. "
            "Every change can be undone with Edit ▸ Undo.", self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["Speaker", "Turns", "Sources", "Cases", "First words"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        for column in (self.NAME, self.TURNS, self.SOURCES, self.CASES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.SAMPLE, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.ask_rename())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, handler, tip in (
            ("rename", "&Rename…", self.ask_rename, "Give the selected speaker another name"),
            ("merge", "&Merge…", self.ask_merge, "Make the selected speakers one speaker"),
            ("case", "Link to &case…", self.ask_link_case, "Link every transcript this speaker speaks in to a case"),
            ("autocode", "&Autocode…", self.ask_autocode, "Code every turn of the selected speaker"),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(handler)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self.status = QLabel("", self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        controller.changed.connect(lambda _changes: self.reload())
        self.reload()

    # -- the table ----------------------------------------------------------------------

    def reload(self) -> None:
        if not self.controller.is_open:
            return
        selected = set(self.selected_names())
        self.speakers = self.controller.read(list_speakers, self.source_ids)
        self.table.setRowCount(len(self.speakers))
        for row, info in enumerate(self.speakers):
            values = (info.name, str(info.turns), str(len(info.source_ids)), ", ".join(info.case_names),
                      info.sample)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (self.TURNS, self.SOURCES):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == self.SAMPLE:
                    item.setToolTip(value)
                self.table.setItem(row, column, item)
            if info.name in selected:
                self.table.selectRow(row)
        self._update_buttons()

    def selected_names(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.speakers[row].name for row in rows if row < len(self.speakers)]

    def select(self, *names: str) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, info in enumerate(self.speakers):
            if info.name in names:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _update_buttons(self) -> None:
        count = len(self.selected_names())
        editable = self.controller.is_open and not self.controller.read_only
        for key, button in self.buttons.items():
            button.setEnabled(editable and (count >= 2 if key == "merge" else count == 1))

    # -- edits (each one undoable command) ----------------------------------------------

    def rename(self, old: str, new: str) -> bool:
        return self._push(MergeSpeakersCommand(self.controller, [old], new, self.source_ids))

    def merge(self, names: Sequence[str], into: str) -> bool:
        return self._push(MergeSpeakersCommand(self.controller, list(names), into, self.source_ids))

    def link_case(self, speaker: str, case_name: str) -> bool:
        return self._push(LinkSpeakerCaseCommand(self.controller, speaker, case_name, self.source_ids))

    def autocode(self, speaker: str, code_id: int | None, new_code_name: str | None = None) -> bool:
        """Code every turn of ``speaker``; with ``new_code_name``, create that code first (one undo step)."""
        if code_id is None:
            name = (new_code_name or "").strip()
            steps = EditGroup(self.controller, f"Autocode speaker “{speaker}” with new code “{name}”")
            try:
                add = steps.run(AddCodeCommand(self.controller, name, None))
                assert isinstance(add, AddCodeCommand) and add.code_id is not None
                coded = steps.run(AutocodeSpeakerCommand(self.controller, speaker, add.code_id, name, self.source_ids))
                assert isinstance(coded, AutocodeSpeakerCommand)
            except QcoderError as error:
                QMessageBox.warning(self, "Review speakers", str(error))
                return False
            if not self._push(steps):
                return False
            self.status.setText(coded.message or steps.text())
            return True
        code_name = next((c.path for c in self.controller.read(list_codes) if c.id == code_id), str(code_id))
        return self._push(AutocodeSpeakerCommand(self.controller, speaker, code_id, code_name, self.source_ids))

    def _push(self, command) -> bool:
        try:
            self.controller.push(command)
        except QcoderError as error:
            QMessageBox.warning(self, "Review speakers", str(error))
            return False
        message = getattr(command, "message", "") or command.text()
        self.status.setText(message)
        return True

    # -- asking the user ----------------------------------------------------------------

    def ask_rename(self) -> None:
        names = self.selected_names()
        if len(names) != 1:
            return
        new, ok = QInputDialog.getText(self, "Rename speaker", f"New name for “{names[0]}”:", text=names[0])
        if ok and new.strip() and new.strip() != names[0]:
            self.rename(names[0], new)

    def ask_merge(self) -> None:
        names = self.selected_names()
        if len(names) < 2:
            return
        into, ok = QInputDialog.getItem(self, "Merge speakers", "Keep the name:", names, 0, True)
        if ok and into.strip():
            self.merge(names, into.strip())

    def ask_link_case(self) -> None:
        names = self.selected_names()
        if len(names) != 1:
            return
        cases = [case.name for case in self.controller.read(list_cases)]
        case_name, ok = QInputDialog.getItem(
            self, "Link to case", f"Case (organisation, person…) for “{names[0]}” — pick one or type a new name:",
            cases or [names[0]], 0, True)
        if ok and case_name.strip():
            self.link_case(names[0], case_name.strip())

    def ask_autocode(self) -> None:
        names = self.selected_names()
        if len(names) != 1:
            return
        codes = [c for c in self.controller.read(list_codes) if c.codable]
        choices = [c.path for c in codes]
        choice, ok = QInputDialog.getItem(
            self, "Autocode speaker",
            f"Code every turn of “{names[0]}” with (pick a code, or type a new code's name):",
            choices or [f"{NEW_CODE_PREFIX}{names[0]}"], 0, True)
        if not ok or not choice.strip():
            return
        by_path = {c.path: c.id for c in codes}
        if choice in by_path:
            self.autocode(names[0], by_path[choice])
        else:
            self.autocode(names[0], None, choice.removeprefix(NEW_CODE_PREFIX))
