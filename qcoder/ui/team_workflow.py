"""Team work from the window: File ▸ Merge…, the agreement dialog, the disagreements pane."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from qcoder.core.backup import backup_open_project
from qcoder.core.errors import QcoderError
from qcoder.core.merge_report import MergeReport
from qcoder.core.project import PROJECT_SUFFIX, Project
from qcoder.core.restore import newest_first, restore_backup
from qcoder.ui.agreement_dialog import AgreementDialog
from qcoder.ui.commands.team_commands import MergeCommand
from qcoder.ui.merge_dialog import MergeDialog
from qcoder.ui.merge_worker import MergePreviewWorker
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.restore_dialog import RestoreDialog
from qcoder.ui import file_dialogs

FILE_FILTER = f"qcoder projects (*{PROJECT_SUFFIX});;All files (*)"


class TeamWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window
        self.agreement_dialog: AgreementDialog | None = None

    def merge_dialog(self) -> MergeReport | None:
        name = file_dialogs.open_file_name(self.window, "Merge another coder's project", "", FILE_FILTER)
        return self.merge_path(Path(name)) if name else None

    def merge_path(self, other: Path, *, confirm: bool = True) -> MergeReport | None:
        """Preview the merge of ``other``, ask, back up, merge (undoably) and report.

        Into a team server's project the merge is the same, without a backup file (the server's
        administrator backs the database up; Edit ▸ Undo takes the merge back)."""
        assert self.controller.project is not None
        path = self.controller.path
        if path is not None and other.resolve() == path.resolve():
            self._warn("This is the project that is open: choose another coder's copy.")
            return None
        preview = self.preview(other)
        if preview is None:
            return None
        if confirm and MergeDialog(preview, other, preview=True, parent=self.window).exec() != QDialog.DialogCode.Accepted:
            return None
        if preview.total_added == 0:
            self.message.emit(f"{other.name}: nothing new to merge")
            return preview
        try:
            backup = backup_open_project(path, self.controller.project.engine, "before-merge") if path is not None else None
        except (OSError, QcoderError) as error:
            self._warn(f"No backup could be made, so nothing was merged: {error}")
            return None
        command = MergeCommand(self.controller, other)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.controller.push(command)
        except QcoderError as error:
            self._warn(f"{other.name} could not be merged; the project is unchanged: {error}")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        report = command.report
        assert report is not None
        kept = f"backup: {backup.name}" if backup is not None else "undo with Edit ▸ Undo"
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
        backups = newest_first(path)
        if not backups:
            QMessageBox.information(self.window, "Restore", f"There are no backups of {path.name} yet.")
            return None
        dialog = RestoreDialog(path, backups, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return None
        return self.restore(dialog.chosen())

    def restore(self, backup: Path) -> Path | None:
        """Close the project, restore ``backup`` into it (backing up the current state), reopen it."""
        project = self.controller.project
        assert project is not None
        path, coder = project.path, project.coder_name
        self.controller.close_project()
        saved: Path | None = None
        try:
            saved = restore_backup(path, backup, coder)
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
        assert self.controller.project is not None
        worker = MergePreviewWorker(self.controller.project, other)
        loop = QEventLoop(self)
        outcome: list[object] = []
        self._preview_done = (outcome, loop)
        worker.finished.connect(self._preview_finished)  # queued: runs here, on the GUI thread
        progress = QProgressDialog(f"Comparing {other.name} with this project…", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Merge")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        cancelled: list[bool] = []
        progress.canceled.connect(lambda: (cancelled.append(True), loop.quit()))
        worker.start()
        if not outcome:
            loop.exec()
        progress.reset()
        progress.deleteLater()
        worker.wait()  # a cancelled preview still finishes (it writes nothing); wait for its thread
        if cancelled or not outcome:
            self.message.emit("Merge cancelled")
            return None
        result = outcome[0]
        if isinstance(result, Exception):
            self._warn(f"{other.name} cannot be merged: {result}")
            return None
        return result  # type: ignore[return-value]  # not an Exception, so a MergeReport

    def _preview_finished(self, result: object) -> None:
        outcome, loop = self._preview_done
        outcome.append(result)
        loop.quit()

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
