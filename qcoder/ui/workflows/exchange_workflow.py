"""File ▸ Import REFI-QDA… and File ▸ Export ▸ …: exchange and exports, off the GUI thread.

An import runs as a job of the window's runner (:mod:`qcoder.ui.jobs`) with a progress dialog, is pushed afterwards as one
undoable step and shows its report (what was added, matched, dropped, re-mapped). An export
writes its file in the background too; a failure is one clear message and leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qcoder.app.exporting import WINDOW_FORMATS, export_project
from qcoder.app.importing import RefiImport, import_refi_file, is_refi_file
from qcoder.core.lifecycle.project import Project
from qcoder.ui.actions import Actions
from qcoder.ui.commands.refi_import_command import RefiImportCommand
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.refi_report_dialog import RefiReportDialog
from qcoder.ui.jobs import Job
from qcoder.ui.project_controller import ProjectController

EXPORT_FORMATS = WINDOW_FORMATS
"""File ▸ Export's formats, in menu order (:mod:`qcoder.app.exporting` holds them all)."""
FORMATS = {f.key: f for f in EXPORT_FORMATS}


class ExchangeWorkflow(QObject):
    message = Signal(str)
    imported = Signal(object)
    """Emitted with the :class:`ImportReport` once an import is stored and reported."""
    exported = Signal(str)
    """Emitted with the summary once an export's file is written."""
    failed = Signal(str)

    def __init__(self, controller: ProjectController, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window
        self.task: Job | None = None
        self.progress: QProgressDialog | None = None
        self.report_dialog: RefiReportDialog | None = None
        self.error_box: QMessageBox | None = None
        self.notice_box: QMessageBox | None = None
        self.last_directory = ""
        self._on_success: Callable[[object], None] | None = None
        self._title = ""

    @property
    def running(self) -> bool:
        return self.task is not None

    # -- import ---------------------------------------------------------------------------

    def import_dialog(self) -> None:
        name = file_dialogs.open_file_name(
            self.window, "Import REFI-QDA", self.last_directory,
            "REFI-QDA project or codebook (*.qdpx *.qdc);;All files (*)")
        if name:
            self.last_directory = str(Path(name).parent)
            self.import_path(Path(name))

    def import_path(self, path: Path) -> bool:
        problem = self._cannot_start("import into it", writing=True)
        if problem:
            self._show_error("Import REFI-QDA", problem)
            return False
        project = self.controller.project
        assert project is not None
        self._start(lambda progress: import_refi_file(project, path, progress=progress),
                    f"Importing {path.name}…", "Import REFI-QDA",
                    lambda result: self._imported(project, result))
        return True

    def import_dropped(self, paths: list[Path], others: Callable[[list[Path]], object]) -> None:
        """Files dropped on the window: a REFI-QDA file is imported here, the rest go to ``others``."""
        refi = [p for p in paths if is_refi_file(p)]
        rest = [p for p in paths if p not in refi]
        if refi:
            self.import_path(refi[0])
            if len(refi) > 1:
                self.message.emit(f"Only {refi[0].name} was imported: drop one REFI-QDA file at a time.")
        if rest or not refi:
            others(rest)

    def _imported(self, project: Project, result: RefiImport) -> None:
        report = result.report
        if report.changed_anything and self.controller.project is project:
            self.controller.push(RefiImportCommand(self.controller, report.file, result.added))
        self.message.emit(report.summary())
        self.report_dialog = RefiReportDialog(report, self.window)
        self.report_dialog.open()
        self.imported.emit(report)

    # -- export ---------------------------------------------------------------------------

    def export_dialog(self, key: str) -> None:
        fmt = FORMATS[key]
        path, project = self.controller.path, self.controller.project
        default = str(Path(self.last_directory or (path.parent if path else Path.home())) / (
            (project.name if project is not None else "export") + fmt.suffix))
        name = file_dialogs.save_file_name(self.window, fmt.menu_text.rstrip("…"), default, fmt.file_filter)
        if name:
            out = Path(name)
            if not out.suffix:
                out = out.with_suffix(fmt.suffix)
            self.last_directory = str(out.parent)
            self.export_to(key, out)

    def export_to(self, key: str, out: Path) -> bool:
        fmt = FORMATS[key]
        problem = self._cannot_start("export it", writing=False)
        if problem:
            self._show_error("Export", problem)
            return False
        project = self.controller.project
        assert project is not None
        self._start(lambda progress: export_project(project, fmt.key, out, progress=progress),
                    f"Writing {out.name}…", "Export", self._exported)
        return True

    def _exported(self, summary: str) -> None:
        first, *left_out = summary.split("\n")
        self.message.emit(first)
        if left_out:  # say in detail what the file does not carry (REFI-QDA §7)
            self.notice_box = QMessageBox(
                QMessageBox.Icon.Information, "Export", first[:1].upper() + first[1:] + ".",
                QMessageBox.StandardButton.Ok, self.window)
            self.notice_box.setInformativeText("\n".join(line.strip() for line in left_out))
            self.notice_box.open()
        self.exported.emit(summary)

    # -- shared ---------------------------------------------------------------------------

    def _cannot_start(self, doing: str, *, writing: bool) -> str | None:
        if not self.controller.is_open:
            return f"Open or create a project first, then {doing}."
        if writing and self.controller.read_only:
            return "This project is open read-only: nothing can be imported into it."
        if self.running:
            return "An import or export is already running; wait for it to finish."
        return None

    def _start(self, job, label: str, title: str, on_success) -> None:
        self.task = self.controller.jobs.start(lambda context: job(context.progress), name="qcoder-exchange",
                                               initiator=self)
        self.progress = QProgressDialog(label, "", 0, 0, self.window)
        self.progress.setCancelButton(None)  # one transaction: it either happens whole or not at all
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self._on_success, self._title = on_success, title
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.message.emit(label)

    def _progress(self, step: int, steps: int, what: str) -> None:
        if self.progress is not None:  # the value last: a modal dialog's setValue runs events, the end among them
            self.progress.setMaximum(steps)
            self.progress.setLabelText(what[:1].upper() + what[1:] + "…")
            self.progress.setValue(step)

    def _succeeded(self, result: object) -> None:
        self._done(self._on_success, result)

    def _failed(self, message: str) -> None:
        self._done(None, message)

    def _done(self, on_success, result) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.wait()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if on_success is None:
            self._show_error(self._title, result)
            self.failed.emit(result)
        else:
            on_success(result)

    def _show_error(self, title: str, message: str) -> None:
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
        self.error_box.open()

    # -- the window's actions and menu ----------------------------------------------------

    def add_actions(self, a: Actions) -> None:
        """``import_refi`` and one ``export_<format>`` action per format (see :data:`EXPORT_FORMATS`)."""
        a.add("import_refi", "Import &REFI-QDA project or codebook…", self.import_dialog, edits=True,
              section="file.import",
              tip="Import a .qdpx project or .qdc codebook from NVivo, ATLAS.ti, MAXQDA, QualCoder…")
        for fmt in EXPORT_FORMATS:
            a.add(f"export_{fmt.key}", fmt.menu_text, lambda key=fmt.key: self.export_dialog(key), section="export",
                  separator_before=fmt.key in ("codebook-csv", "csv", "html"))

    def shutdown(self) -> None:
        if self.task is not None:
            self.task.wait()
