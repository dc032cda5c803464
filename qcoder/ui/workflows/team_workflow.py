"""Team work from the window: File ▸ Merge…, Restore a backup…, Check the project…, the agreement
dialog, the disagreements pane.

The merge's preview and the merge itself run off the GUI thread as jobs of the window's runner
(:mod:`qcoder.ui.jobs`) while a progress dialog shows; the merge is then pushed as one undoable
step that only announces what the job stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from qcoder.app.checking import Problem, check_open_project
from qcoder.app.merging import SelfMergeError, merge_into_project, preview_merge
from qcoder.app.restoring import list_project_backups, restore_project
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import PROJECT_SUFFIX, Project
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.wording import counted
from qcoder.ui.actions import Actions
from qcoder.ui.commands.team_commands import MergeCommand
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.agreement_dialog import AgreementDialog
from qcoder.ui.dialogs.merge_dialog import MergeDialog
from qcoder.ui.dialogs.restore_dialog import RestoreDialog
from qcoder.ui.jobs import waiting_dialog
from qcoder.ui.project_controller import ProjectController

FILE_FILTER = f"qcoder projects (*{PROJECT_SUFFIX});;All files (*)"


class TeamWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window
        self.agreement_dialog: AgreementDialog | None = None

    def add_actions(self, a: Actions) -> None:
        a.add("merge", "&Merge another coder's project…", self.merge_dialog, edits=True, section="file.team",
              tip="Add what is new in another copy of this project (preview first; undoable)")
        a.add("restore", "Restore a &backup…", self.restore_dialog, edits=True, section="file.team",
              tip="Replace the project by one of its rolling backups (the current state is backed up first)")
        a.add("check_project", "&Check the project…", self.check_project, section="file.team",
              tip="Look for damage: broken references, passages outside their text, texts unlike their edit history")
        a.add("agreement", "Inter-coder &agreement…", self.show_agreement, section="analysis.coders")

    def check_project(self) -> list[Problem] | None:
        """Check the open project off the GUI thread and say what was found (as ``qcoder check``)."""
        project = self.controller.project
        if project is None:
            return None
        try:
            problems: list[Problem] = self.controller.jobs.call_waiting(
                lambda _context: check_open_project(project), name="qcoder-check",
                progress=waiting_dialog(self.window, "Checking the project…", "Check the project"))
        except QcoderError as error:
            QMessageBox.warning(self.window, "Check the project", f"The project could not be checked: {error}")
            return None
        if not problems:
            QMessageBox.information(self.window, "Check the project", "No problems found.")
            return problems
        box = QMessageBox(QMessageBox.Icon.Warning, "Check the project",
                          f"{counted(len(problems), 'problem')} found. File ▸ Restore a backup… puts back an "
                          "earlier state; the details list each problem.", QMessageBox.StandardButton.Ok, self.window)
        box.setDetailedText("\n".join(f"{problem.kind}: {problem.message}" for problem in problems))
        box.exec()
        return problems

    def merge_dialog(self) -> MergeReport | None:
        name = file_dialogs.open_file_name(self.window, "Merge another coder's project", "", FILE_FILTER)
        return self.merge_path(Path(name)) if name else None

    def merge_path(self, other: Path, *, confirm: bool = True) -> MergeReport | None:
        """Preview the merge of ``other``, ask, merge (undoably; the merge service backs the file
        up first) and report.

        Into a team server's project the merge is the same, without a backup file (the server's
        administrator backs the database up; Edit ▸ Undo takes the merge back)."""
        assert self.controller.project is not None
        preview = self.preview(other)
        if preview is None:
            return None
        if confirm and MergeDialog(preview, other, preview=True, parent=self.window).exec() != QDialog.DialogCode.Accepted:
            return None
        if not preview.changes_anything:
            self.message.emit(f"{other.name}: nothing new to merge")
            return preview
        project = self.controller.project
        progress = waiting_dialog(self.window, f"Merging {other.name} into this project…", "Merge")
        job = self.controller.jobs.run_waiting(  # the service backs the file up, then merges
            lambda _context: merge_into_project(project, other), name="qcoder-merge", progress=progress)
        if job.error is not None:
            self._warn(f"{other.name} could not be merged; the project is unchanged: {job.message}")
            return None
        command = MergeCommand(self.controller, other, job.result)
        with self.controller.initiated_by(self):
            self.controller.push(command)
        report = command.report
        kept = f"backup: {command.backup.name}" if command.backup is not None else "undo with Edit ▸ Undo"
        self.message.emit(f"Merged {other.name}: {report.summary()} ({kept})")
        if confirm:
            MergeDialog(report, other, preview=False, parent=self.window).exec()
        return report

    def restore_dialog(self) -> Path | None:
        path = self.controller.path
        if path is None:
            QMessageBox.information(self.window, "Restore", "This project is on a team server: qcoder keeps no "
                                    "backups of it; the server's administrator backs the database up.")
            return None
        backups = list_project_backups(path)
        if not backups:
            QMessageBox.information(self.window, "Restore", f"There are no backups of {path.name} yet.")
            return None
        dialog = RestoreDialog(path, backups, self.window)
        chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        return None if chosen is None else self.restore(chosen)

    def restore(self, backup: Path) -> Path | None:
        """Close the project, restore ``backup`` into it (backing up the current state), reopen it."""
        project = self.controller.project
        assert project is not None
        path, coder = project.path, project.coder_name
        if path is None:  # on a team server: no backups to restore from
            return None
        self.controller.close_project()
        saved: Path | None = None
        try:
            saved = self.controller.jobs.call_waiting(
                lambda _context: restore_project(path, backup, coder).saved, name="qcoder-restore",
                progress=waiting_dialog(self.window, f"Restoring {path.name} from {backup.name}…", "Restore"))
        except (QcoderError, OSError) as error:
            QMessageBox.warning(self.window, "Restore", f"The backup could not be restored; nothing changed: {error}")
        try:
            self.controller.set_project(Project.open(path, coder_name=coder))
        except QcoderError as error:
            QMessageBox.warning(self.window, "Restore", f"{path.name} could not be opened again: {error}")
            return None
        if saved is not None:
            self.message.emit(f"Restored {path.name} from {backup.name}; the state before is in {saved.name}")
        return saved

    def preview(self, other: Path) -> MergeReport | None:
        """The merge's report without merging, worked out off the GUI thread; ``None`` if
        cancelled or impossible (then the reason is shown)."""
        project = self.controller.project
        assert project is not None

        # A cancelled preview still finishes in the background (it writes nothing) and is waited for.
        progress = waiting_dialog(self.window, f"Comparing {other.name} with this project…", "Merge", cancel=True)
        job = self.controller.jobs.run_waiting(lambda _context: preview_merge(project, other),
                                               name="qcoder-merge-preview", progress=progress)
        if job.abandoned:
            self.message.emit("Merge cancelled")
            return None
        if isinstance(job.error, SelfMergeError):
            self._warn("This is the project that is open: choose another coder's copy.")
            return None
        if job.error is not None:
            self._warn(f"{other.name} cannot be merged: {job.message}")
            return None
        return job.result

    def show_agreement(self) -> AgreementDialog | None:
        if self.controller.blind:
            QMessageBox.information(
                self.window, "Inter-coder agreement",
                "Agreement compares your coding with the other coders': switch off View ▸ Show only "
                "my coding (blind) first.",
            )
            return None
        dialog = AgreementDialog(self.controller, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.agreement_dialog = dialog
        return dialog

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self.window, "Merge", text)
