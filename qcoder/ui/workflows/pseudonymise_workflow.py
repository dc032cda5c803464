"""Edit ▸ Pseudonymise names… and File ▸ Export ▸ Pseudonym table…

Pseudonymising applies the dialog's table, minus the unticked hits, to every source text,
source name, speaker, case, memo and code as one undoable step; the table is kept in the project
(new imports are pseudonymised on the way in). The table itself names real people, so it is
exported only on its own, after a warning, and never inside another export.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from qcoder.core.edits import Edit, play
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.pseudonymise import pseudonymise_step
from qcoder.core.usecases.queries.pseudonymise import Hit, PseudonymEntry, find_hits, pseudonym_map
from qcoder.core.wording import counted
from qcoder.io.pseudonym_table import write_pseudonym_table
from qcoder.ui.actions import Actions
from qcoder.ui.commands.edit_command import EditCommand
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.pseudonymise_dialog import CSV_FILTER, PseudonymiseDialog
from qcoder.ui.jobs import waiting_dialog, writing
from qcoder.ui.project_controller import ProjectController

SENSITIVE = ("The pseudonym table names the real people and places behind the pseudonyms. Keep it apart "
             "from the data you share (an encrypted place, never beside an export). Save it?")


class PseudonymiseWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window

    def add_actions(self, a: Actions) -> None:
        a.add("pseudonymise", "&Pseudonymise names…", self.open_dialog, edits=True, section="edit.text",
              tip="Replace real names by pseudonyms in every text, name and memo, with a preview of every hit")
        a.add("export_pseudonyms", "Pseudonym &table (sensitive)…", self.export_table, section="export",
              tip="Save the table of real names and their pseudonyms as CSV, on its own")

    def dialog(self) -> PseudonymiseDialog:
        dialog = PseudonymiseDialog(self._find_hits, self.controller.read(pseudonym_map), self.window)
        self.controller.project_closed.connect(dialog.reject)  # its table and preview are the project's
        return dialog

    def _find_hits(self, entries: Sequence[PseudonymEntry]) -> list[Hit]:
        """The table's hits; none once the project is closed (the preview's timer may still fire)."""
        return self.controller.read(find_hits, entries) if self.controller.is_open else []

    def open_dialog(self) -> None:
        dialog = self.dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply(dialog.entries(), dialog.skipped())

    def apply(self, entries: Sequence[PseudonymEntry], skip: Collection[tuple[str, int, int]] = ()) -> bool:
        """Pseudonymise as one undoable step, off the GUI thread in one transaction (a big project
        takes seconds); a refusal (two cases would share a name…) is shown. An empty table clears
        the kept one."""
        project = self.controller.project
        assert project is not None
        if not entries and not self.controller.read(pseudonym_map):
            return False
        edit = Edit.of(pseudonymise_step, tuple(entries), tuple(skip))
        progress = waiting_dialog(self.window, "Pseudonymising names…", "Pseudonymise")
        job = self.controller.jobs.run_waiting(writing(project, play, edit, project.own_versions),
                                               name="qcoder-pseudonymise", progress=progress)
        if job.error is not None:
            QMessageBox.warning(self.window, "Pseudonymise", f"Nothing was changed: {job.message}")
            return False
        self.controller.push(EditCommand(self.controller, "Pseudonymise names" if entries else
                                         "Clear the pseudonym table", edit, done=job.result))
        self.message.emit("Pseudonymised; the table is kept in the project, so new imports are pseudonymised too"
                          if entries else "The project keeps no pseudonym table any more")
        return True

    def export_table(self, path: Path | None = None, *, confirmed: bool = False) -> bool:
        entries = self.controller.read(pseudonym_map)
        if not entries:
            if confirmed:
                return False
            QMessageBox.information(self.window, "Pseudonym table", "This project keeps no pseudonym table yet "
                                    "(Edit ▸ Pseudonymise names… makes one).")
            return False
        if not confirmed and QMessageBox.warning(
            self.window, "Pseudonym table", SENSITIVE,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        ) != QMessageBox.StandardButton.Save:
            return False
        if path is None:
            name = file_dialogs.save_file_name(self.window, "Export the pseudonym table", "pseudonyms.csv", CSV_FILTER)
            if not name:
                return False
            path = Path(name)
        try:
            write_pseudonym_table(path, entries)
        except QcoderError as error:
            QMessageBox.warning(self.window, "Pseudonym table", str(error))
            return False
        self.message.emit(f"Saved the pseudonym table ({counted(len(entries), 'name')}) to {path.name}: keep it safe")
        return True
