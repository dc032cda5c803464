"""Walking through the passages where coders differ: one after another, shown in the document,
resolved by undoable commands (accept one coder's version, keep both, remove every version)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.analysis.disagreements import Disagreement, active_coders, list_disagreements
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.sources import source_text
from qcoder.core.wording import counted
from qcoder.ui.commands.team_commands import ResolveDisagreementCommand
from qcoder.ui.models.disagreement_table_model import DisagreementTableModel
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.widgets.check_list import CheckList

ALL_CODES = "All codes"
PARTIAL_LIMIT = 200
"""Above this many (source, code) pairs touched, the whole list is made again."""


class DisagreementsPane(QWidget):
    message = Signal(str)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = DisagreementTableModel(self)
        self.coders = CheckList(self)
        self.coders.setFlow(CheckList.Flow.LeftToRight)
        self.coders.setWrapping(True)
        self.coders.setResizeMode(CheckList.ResizeMode.Adjust)  # lay out again once shown and sized
        self.coders.setMaximumHeight(36)
        self.coders.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.coders.checks_changed.connect(lambda: self.reload())
        self.code_box = QComboBox(self)
        self.code_box.setToolTip("Walk through one code's disagreements, or every code's")
        self.code_box.setMinimumContentsLength(18)
        self.code_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_resolved = QCheckBox("Show passages kept as they are", self)
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel(self)
        self.previous_button = QPushButton("◀ &Previous", self)
        self.next_button = QPushButton("&Next ▶", self)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.accept_box = QComboBox(self)
        self.accept_box.setToolTip("Whose version the other coders take over")
        self.accept_button = QPushButton("&Accept version", self)
        self.accept_button.clicked.connect(self.accept_version)
        self.keep_button = QPushButton("&Keep both", self)
        self.keep_button.setToolTip("Leave every version as it is and mark the passage resolved")
        self.keep_button.clicked.connect(lambda: self.resolve("keep"))
        self.remove_button = QPushButton("&Remove all", self)
        self.remove_button.setToolTip("Remove every compared coder's coding of this code here")
        self.remove_button.clicked.connect(lambda: self.resolve("remove"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Why (optional; recorded with the resolution)")
        top = QHBoxLayout()
        top.addWidget(QLabel("Compare:"))
        top.addWidget(self.coders, 1)
        top.addWidget(QLabel("Code:"))
        top.addWidget(self.code_box)
        top.addWidget(self.show_resolved)
        actions = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, self.position):
            actions.addWidget(widget)
        actions.addWidget(self.note, 1)
        for control in (self.accept_box, self.accept_button, self.keep_button, self.remove_button):
            actions.addWidget(control)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self.load_choices)
        controller.blind_changed.connect(lambda _blind: self.reload(jump=False))
        controller.project_closed.connect(lambda: self.model.set_disagreements([]))
        self._quiet = False
        self._resolving = False
        self._stale = False
        self._codes_stale = False
        self._update()

    # -- loading ------------------------------------------------------------------------

    def load_choices(self) -> None:
        self.load_codes()
        self.load_coders()

    def load_codes(self) -> None:
        self._codes_stale = False
        if not self.controller.is_open:
            return
        current = self.code_box.currentText()
        self.code_box.blockSignals(True)
        self.code_box.clear()
        self.code_box.addItem(ALL_CODES)
        self.code_box.addItems([c.path for c in self.controller.read(list_codes, counts=False) if c.codable])
        self.code_box.setCurrentIndex(max(self.code_box.findText(current), 0))
        self.code_box.blockSignals(False)

    def chosen_codes(self) -> list[str] | None:
        return None if self.code_box.currentIndex() <= 0 else [self.code_box.currentText()]

    def load_coders(self) -> None:
        if not self.controller.is_open:
            return
        coders = self.controller.read(list_coders)
        previous = self.coders.checked() or self.controller.read(active_coders)
        self.coders.set_names([c.name for c in coders], checked=previous, colours={c.name: c.colour for c in coders})

    def reload(self, *, jump: bool = True) -> None:
        """List the passages again, keeping the current row; ``jump`` shows it in the document.

        While the pane is hidden nothing is listed (opening a project stays quick and the document
        stays where it is); the pane lists when it is shown.
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        row = max(self.table.currentIndex().row(), 0)
        coders = self.coders.checked()
        if self.controller.blind:
            self.model.set_disagreements([])
            self._update("Hidden while you code blind (View ▸ Show only my coding).")
            return
        if not self.controller.is_open or len(coders) < 2:
            self.model.set_disagreements([])
            self._update("Tick two or more coders to compare.")
            return
        try:
            found = self.controller.read(
                list_disagreements, coders, include_resolved=self.show_resolved.isChecked(),
                code_paths=self.chosen_codes(),
            )
        except QcoderError as error:
            self.model.set_disagreements([])
            self._update(str(error))
            return
        self._show(found, row, jump)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def _show(self, found: list[Disagreement], row: int, jump: bool) -> None:
        self.model.set_disagreements(found)
        if found:
            self._quiet = not jump
            try:
                self.table.setCurrentIndex(self.model.index(min(row, len(found) - 1), 0))
            finally:
                self._quiet = False
        self._update()

    def refresh(self, source_ids: frozenset[int], code_ids: frozenset[int], *, jump: bool) -> None:
        """Re-list only the passages of these sources and codes; keep the rest of the list."""
        coders = self.coders.checked()
        if self.controller.blind:
            self.model.set_disagreements([])
            self._update("Hidden while you code blind (View ▸ Show only my coding).")
            return
        if not self.controller.is_open or len(coders) < 2:
            return
        row = max(self.table.currentIndex().row(), 0)
        try:
            fresh = self.controller.read(
                list_disagreements, coders, include_resolved=self.show_resolved.isChecked(),
                source_ids=source_ids, code_ids=code_ids, code_paths=self.chosen_codes(),
            )
        except QcoderError:
            self.reload(jump=jump)
            return
        kept = [
            d for d in (self.model.disagreement(r) for r in range(self.model.rowCount()))
            if not (d.source_id in source_ids and d.code_id in code_ids)
        ]
        self._show(sorted(kept + fresh, key=lambda d: d.sort_key), row, jump)

    def on_changed(self, changes: Changes) -> None:
        if changes.coders:
            self.load_coders()
        if changes.code_tree:
            self._codes_stale = True  # the code list is read again when next shown
            if self.isVisible():
                self.load_codes()
        if changes.codings or changes.codes or changes.sources:
            if not self.isVisible():
                self._stale = True  # listed when shown; coding elsewhere costs nothing here
                return
            # Only a resolution made here moves the document on; coding elsewhere does not.
            if changes.code_tree or len(changes.sources) * len(changes.codes) > PARTIAL_LIMIT:
                self.reload(jump=self._resolving)
            else:
                self.refresh(changes.sources, changes.codes, jump=self._resolving)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._codes_stale:
            self.load_codes()
        if self._stale:
            self.reload(jump=True)  # shown by the researcher: go to the passage

    # -- walking ------------------------------------------------------------------------

    def current(self) -> Disagreement | None:
        row = self.table.currentIndex().row()
        return self.model.disagreement(row) if 0 <= row < self.model.rowCount() else None

    def step(self, delta: int) -> None:
        count = self.model.rowCount()
        if count:
            row = (max(self.table.currentIndex().row(), 0) + delta) % count
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.current()
        if item is not None and not self._quiet:
            self.controller.show_passage(item.source_id, item.start, item.end)
        self._update()

    def _update(self, note: str = "") -> None:
        item = self.current()
        count = self.model.rowCount()
        self.position.setText(f"{self.table.currentIndex().row() + 1} of {count}" if item else counted(count, "passage"))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(count > 1)
        editable = item is not None and not self.controller.read_only
        for widget in (self.accept_box, self.accept_button, self.keep_button, self.remove_button, self.note):
            widget.setEnabled(editable)
        self.accept_box.clear()
        if item is None:
            self.detail.setText(note or ("No passages where these coders differ." if count == 0 else ""))
            return
        self.accept_box.addItems([v.coder for v in item.versions])
        with_coding = next((i for i, v in enumerate(item.versions) if v.spans), 0)
        self.accept_box.setCurrentIndex(with_coding)
        self.detail.setText(self._describe(item))

    def _describe(self, item: Disagreement) -> str:
        text = self.controller.read(source_text, item.source_id)
        lines = [f"<b>{escape(item.code)}</b> in <b>{escape(item.source)}</b>, characters {item.start}–{item.end}"]
        for version in item.versions:
            if version.spans:
                quoted = " … ".join(escape(" ".join(text[s:e].split())) for s, e in version.spans)
                lines.append(f"<b>{escape(version.coder)}</b>: “{quoted[:400]}”")
            else:
                lines.append(f"<b>{escape(version.coder)}</b>: <i>did not code this passage</i>")
        return "<br>".join(lines)

    # -- resolving ----------------------------------------------------------------------

    def accept_version(self) -> None:
        item = self.current()
        if item is None:
            return
        version = item.versions[self.accept_box.currentIndex()]
        self.resolve("accept", accepted=version.coder_id, accepted_name=version.coder)

    def resolve(self, action: str, *, accepted: int | None = None, accepted_name: str = "") -> None:
        item = self.current()
        if item is None:
            return
        command = ResolveDisagreementCommand(
            self.controller, item.source_id, item.code_id, item.start, item.end, item.coder_ids, action,
            accepted_coder_id=accepted, accepted_name=accepted_name, note=self.note.text().strip(),
        )
        self._resolving = True  # the reload that follows moves on to the next passage
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.message.emit(str(error))
            return
        finally:
            self._resolving = False
        self.note.clear()
        self.message.emit(f"{command.text()}: {item.code} in {item.source}")
