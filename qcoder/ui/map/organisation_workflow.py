"""What the organisation actions do: mark the selection as a mention, edit an organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.organisations import list_organisations
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.actions import Actions
from qcoder.ui.commands.organisation_commands import EditOrganisationCommand, mention_organisation
from qcoder.ui.map.organisation_dialog import OrganisationDialog

if TYPE_CHECKING:
    from qcoder.ui.document.document_pane import DocumentPane
    from qcoder.ui.project_controller import ProjectController


class OrganisationWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, document: DocumentPane | None, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.document, self.window = controller, document, window

    def add_actions(self, a: Actions) -> None:
        a.add("mention_organisation", "Mark as mentioning an &organisation…", self.mention_from_selection,
              shortcut="Ctrl+Shift+O", edits=True, section="code.organisations",
              tip="Code the selection with an organisation's code (made with its case if new)")
        a.add("edit_organisation", "Organisation de&tails…", self.edit, edits=True, section="code.organisations",
              tip="Type, country, position, interviewed and interviews of an organisation")

    def mention_from_selection(self, name: str | None = None) -> bool:
        """Code the selected passage as mentioning an organisation, asking which (new names welcome)."""
        if self.document is None:
            return False
        span = self.document.view.selected_span()
        source_id = self.document.source_id
        if span is None or source_id is None:
            self.message.emit("Select the passage that mentions the organisation first.")
            return False
        if name is None:
            names = [o.name for o in self.controller.read(list_organisations)]
            selected = " ".join(self.document.view.text[span[0]:span[1]].split())
            guess = next((n for n in names if n.lower() in selected.lower()), selected if len(selected) <= 60 else "")
            items = sorted(names)
            if guess and guess not in items:
                items.insert(0, guess)
            name, ok = QInputDialog.getItem(
                self.window, "Mentions an organisation", "Organisation (a new name creates it):",
                items, items.index(guess) if guess in items else 0, True,
            )
            if not ok:
                return False
        if not name.strip():
            self.message.emit("An organisation needs a name.")
            return False
        try:
            mention_organisation(self.controller, source_id, span[0], span[1], name)
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        self.message.emit(f"Marked the passage as mentioning “{name.strip()}”.")
        return True

    def edit(self, name: str | None = None) -> bool:
        # The cases' versions as the dialog shows them: saving over another coder's change meanwhile is refused.
        versions = {case.name: case.version for case in self.controller.read(list_cases)}
        dialog = OrganisationDialog(
            self.controller.read(list_organisations), self.controller.read(list_sources), name, self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        chosen, values = dialog.values()
        return self.save(chosen, values, seen_version=versions.get(chosen.strip()))

    def save(self, name: str, values: dict, *, seen_version: int | None = None) -> bool:
        if not name:
            self.message.emit("An organisation needs a name.")
            return False
        source_ids = values.pop("source_ids", None)
        try:
            self.controller.push(EditOrganisationCommand(
                self.controller, name, source_ids=source_ids, seen_version=seen_version, **values
            ))
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        self.message.emit(f"Saved the organisation “{name}”.")
        return True
