"""Getting started from the window: the sample study, importing without a project yet, and the
user guide (the README's sections, bundled, offline)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from qcoder.core.errors import QcoderError
from qcoder.ui.actions import Actions
from qcoder.ui.jobs import waiting_dialog
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.workflows.import_workflow import ImportWorkflow
from qcoder.ui.workflows.project_workflow import ProjectWorkflow


class StartWorkflow(QObject):
    def __init__(self, controller: ProjectController, projects: ProjectWorkflow, imports: ImportWorkflow,
                 window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.projects, self.imports, self.window = controller, projects, imports, window

    def add_actions(self, a: Actions) -> None:
        a.add("import", "&Import transcripts…", self.import_transcripts, shortcut="Ctrl+Shift+I",
              needs_project=False, edits=True, section="file.import",
              tip="Import interview transcripts (txt, docx, odt, rtf, pdf, md, html, vtt, srt, Whisper JSON)")
        a.add("sample", "Open the &sample study", self.open_sample, needs_project=False, section="help.guide",
              tip="A small, fully coded example study (fictional interviews) to try everything on")

    def open_sample(self) -> bool:
        """Open the synthetic example study (built into the user's data folder the first time)."""
        from qcoder.app.sample import open_sample

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = self.controller.jobs.call_waiting(
                lambda _context: open_sample(), name="qcoder-sample",
                progress=waiting_dialog(self.window, "Building the sample study…", "Open the sample study"))
        except (QcoderError, OSError) as error:
            QMessageBox.warning(self.window, "Open the sample study", f"The sample study could not be built: {error}")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        return self.projects.open_path(path)

    def import_transcripts(self) -> None:
        """Import transcripts; with no project open, make one first (the transcripts need a home)."""
        if not self.controller.is_open:
            answer = QMessageBox.question(
                self.window, "Import transcripts",
                "Transcripts are imported into a project. Create a new project for them now?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes or not self.projects.new_project():
                return
        self.imports.choose_files()
