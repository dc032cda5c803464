"""Edit ▸ Edit text: correct a transcript in the document, every coding following its words.

The document is read-only until the user turns edit mode on (menu, tool bar or Ctrl+Shift+E).
Then each burst of typing, deleting or pasting is one undoable step
(:class:`~qcoder.ui.commands.source_edit_commands.EditSourceTextCommand`); a passage whose
words were all deleted is removed, said in the status bar and in the step's name in Edit ▸ Undo,
and comes back on undo. A bar over the text says that the text is being edited.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.actions import Actions
from qcoder.ui.commands.source_edit_commands import EditSourceTextCommand
from qcoder.ui.document.document_pane import DocumentPane
from qcoder.ui.project_controller import ProjectController

EDIT_KEYS = "Ctrl+Shift+E"


class SourceEditWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, document: DocumentPane, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.document, self.window = controller, document, window
        self.banner = QLabel(
            "✎ Editing the text — codings, memos and speaker turns follow their words; "
            f"each burst of typing is one step of Edit ▸ Undo. {EDIT_KEYS} stops editing.", document)
        self.banner.setObjectName("editBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#editBanner { background: #FFF4CE; color: #3B2F00; padding: 4px 8px;"
                                  " border: 1px solid #E0C97A; border-radius: 3px; }")
        self.banner.hide()
        document.add_banner(self.banner)
        document.view.text_edited.connect(self.apply)
        self._names: dict[int, str] = {}
        document.source_shown.connect(lambda _source: self._names.clear())
        controller.project_closed.connect(lambda: self.set_editing(False))
        self.action: QAction | None = None

    def add_actions(self, a: Actions) -> None:
        self.action = a.add(
            "edit_text", "Edit te&xt", self.set_editing, shortcut=EDIT_KEYS, checkable=True, edits=True,
            section="edit.text", tip="Correct the transcript: type, delete and paste; codings follow their words")

    @property
    def editing(self) -> bool:
        return self.document.view.editing

    def set_editing(self, editing: bool) -> None:
        if editing and self.controller.read_only:
            editing = False
        self.document.view.set_editing(editing)
        self.banner.setVisible(editing)
        if self.action is not None and self.action.isChecked() != editing:
            self.action.setChecked(editing)
        if editing:
            self.document.view.setFocus()

    def apply(self, source_id: int, start: int, end: int, new_text: str) -> None:
        """Push what the user typed as an undoable edit; a refused one is taken back from the view."""
        if source_id not in self._names:
            self._names = {s.id: s.name for s in self.controller.read(list_sources)}
        name = self._names.get(source_id, "")
        command = EditSourceTextCommand(self.controller, source_id, name, start, end, new_text)
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.document.resync()
            QMessageBox.warning(self.window, "qcoder", f"The text was not changed: {error}")
            return
        if command.messages:
            self.message.emit("; ".join(command.messages))
