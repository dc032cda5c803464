"""File ▸ Import transcripts…, drag and drop: choose files, import off the GUI thread, report.

One import at a time: a progress dialog with Cancel while a job of the window's runner reads and
stores (each file in its own transaction; Cancel stops after the file being read), then the
import is pushed as one undoable step, the report lists every file (why a bad one failed,
which ones were already in the project), and the speaker review is one click away.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qcoder.app.importing import TranscriptImport, checkpoint_after_import, import_transcripts, new_source_rows
from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import SourceInfo
from qcoder.core.wording import counted
from qcoder.io.importer import ImportResult, Progress
from qcoder.io.readers import supported_suffixes
from qcoder.ui.actions import Actions
from qcoder.ui.commands.import_commands import ImportSourcesCommand
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.import_report_dialog import ImportReportDialog, summary
from qcoder.ui.dialogs.speaker_review_dialog import SpeakerReviewDialog
from qcoder.ui.jobs import Job
from qcoder.ui.project_controller import ProjectController

PROGRESS_INTERVAL = 0.1
CHECKPOINT_DELAY_MS = 250
"""After the report is shown: the window has painted the result, and the person reads it."""


def file_filter() -> str:
    patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
    return f"Transcripts ({patterns});;All files (*)"


def _every(interval: float, report: Progress) -> Progress:
    """``report`` called at most every ``interval`` seconds (and for the last step): each call
    wakes the GUI thread, which then takes the interpreter from the import for a moment."""
    last = -interval

    def progress(done: int, total: int, name: str) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= interval:
            last = now
            report(done, total, name)

    return progress


def _imported(project: Project, done: TranscriptImport) -> tuple[list[ImportResult], list[SourceInfo]]:
    """The results, and the new sources as the sources pane lists them, read here, off the GUI thread."""
    return list(done.results), new_source_rows(project, done)


class ImportWorkflow(QObject):
    message = Signal(str)
    finished = Signal(list)
    """Emitted with the :class:`ImportResult` list once an import is over and reported."""

    def __init__(self, controller: ProjectController, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.window = controller, window
        self.worker: Job | None = None
        self.progress: QProgressDialog | None = None
        self._progress_shown = 0.0
        self.report: ImportReportDialog | None = None
        self.review: SpeakerReviewDialog | None = None
        self.last_directory = ""
        self._project: object | None = None

    def add_actions(self, a: Actions) -> None:
        a.add("review_speakers", "Review &speakers…", self.review_speakers, edits=True, section="file.import",
              tip="Rename and merge speakers, link them to cases, autocode their turns")

    @property
    def running(self) -> bool:
        return self.worker is not None

    def choose_files(self) -> None:
        names = file_dialogs.open_file_names(
            self.window, "Import transcripts", self.last_directory, file_filter())
        if names:
            self.last_directory = str(Path(names[0]).parent)
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Start importing ``paths``; False (with a reason shown) if it cannot start now."""
        problem = None
        if not self.controller.is_open:
            problem = "Open or create a project first, then import transcripts into it."
        elif self.controller.read_only:
            problem = "This project is open read-only: transcripts cannot be imported into it."
        elif self.running:
            problem = "An import is already running; wait for it or cancel it first."
        elif not paths:
            problem = "There are no files to import."
        if problem is not None:
            QMessageBox.information(self.window, "Import transcripts", problem)
            return False
        assert self.controller.project is not None
        self._project = self.controller.project
        project, paths = self.controller.project, [Path(p) for p in paths]
        self.worker = self.controller.jobs.start(  # the service backs the project up first
            lambda job: _imported(project, import_transcripts(
                project, paths, progress=_every(PROGRESS_INTERVAL, job.progress), cancelled=job.cancelled)),
            name="qcoder-import", initiator=self)
        self.progress = QProgressDialog("Reading transcripts…", "Cancel", 0, len(paths), self.window)
        self.progress.setWindowTitle("Import transcripts")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.worker.progress.connect(self._progress)
        self.worker.succeeded.connect(self._finished)
        self.worker.failed.connect(  # no backup, or the project itself failed (disk full): said per file
            lambda why: self._finished(([ImportResult(str(path), False, f"not imported: {why}") for path in paths], [])))
        self.message.emit(f"Importing {counted(len(paths), 'file')}…")
        return True

    def shutdown(self) -> None:
        """Before the window closes the project: stop a running import and wait for it.

        Files read before the cancel are stored; no report is shown (the window is closing).
        """
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.cancel()
            self._dispose(worker)

    def _dispose(self, worker: Job) -> None:
        worker.wait()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            if self.progress is not None:
                self.progress.setLabelText("Cancelling after the current file…")

    def _progress(self, done: int, total: int, name: str) -> None:
        """Shown at most every :data:`PROGRESS_INTERVAL` seconds: a modal progress dialog runs
        the window's events and repaints on every step, and per file that GUI work held the
        interpreter the import's thread needed (200 files: 0.41 s of GUI time, now 0.29 s)."""
        progress = self.progress
        now = time.monotonic()
        if progress is not None and (done >= total or now - self._progress_shown >= PROGRESS_INTERVAL):
            self._progress_shown = now
            progress.setMaximum(total)
            progress.setLabelText(f"Read {done} of {total}: {name}")
            progress.setValue(done)  # last: a modal dialog's setValue runs events, _finished among them

    def _finished(self, outcome: tuple[list[ImportResult], list[SourceInfo]]) -> None:
        results, rows = outcome
        worker, self.worker = self.worker, None
        if worker is None:  # shut down while the result was on its way
            return
        self._dispose(worker)
        imported = [r.source_id for r in results if r.ok and r.source_id is not None]
        if imported and self.controller.project is self._project:
            self.controller.push(ImportSourcesCommand(self.controller, imported, rows))
        self.message.emit(summary(results))
        self.report = ImportReportDialog(results, self.window)
        self.report.review_requested.connect(self.review_speakers)
        self.report.open()
        if imported and self.controller.project is self._project:
            QTimer.singleShot(CHECKPOINT_DELAY_MS, self, self._checkpoint)  # dropped if the window goes first
        self.finished.emit(results)

    def _checkpoint(self) -> None:
        """The import's commit left the write-ahead log's checkpoint (copying its pages into the
        project file, some 55 ms for 200 transcripts): done now, off the GUI thread, once the
        result is on screen. Should the project have closed meanwhile, its closing did it."""
        project = self.controller.project
        if project is not None and project is self._project:
            self.controller.jobs.start(lambda _job: checkpoint_after_import(project), name="qcoder-checkpoint")

    def review_speakers(self, source_ids: Sequence[int] | None = None) -> SpeakerReviewDialog | None:
        if not self.controller.is_open:
            return None
        self.review = SpeakerReviewDialog(self.controller, source_ids, self.window)
        self.review.open()
        return self.review
