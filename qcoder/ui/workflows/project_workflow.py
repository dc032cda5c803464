"""Creating, opening and closing project files from the window, with recent files and locks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from qcoder.core.errors import ProjectLockedError, QcoderError, ReadOnlyProjectError
from qcoder.core.lifecycle.project import PROJECT_SUFFIX, Project
from qcoder.ui.actions import Actions
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.settings import UserSettings

FILE_FILTER = f"qcoder projects (*{PROJECT_SUFFIX});;All files (*)"


class ProjectWorkflow(QObject):
    recent_changed = Signal()

    def __init__(self, controller: ProjectController, settings: UserSettings, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.settings, self.window = controller, settings, window
        self.coder_name: str | None = settings.coder_name()
        self.ask_coder_name: Callable[[], str | None] = lambda: self.coder_name
        """Set by the coder-name workflow: asks the person's name if nobody has said it yet."""

    def add_actions(self, a: Actions) -> None:
        a.add("new", "&New project…", self.new_project, shortcut=QKeySequence.StandardKey.New, needs_project=False,
              section="file.open")
        a.add("open", "&Open project…", self.open_dialog, shortcut=QKeySequence.StandardKey.Open, needs_project=False,
              section="file.open")
        a.add("close", "&Close project", self.close_project, shortcut=QKeySequence.StandardKey.Close,
              section="file.close")

    def new_project(self) -> bool:
        name = file_dialogs.save_file_name(self.window, "New project", "study" + PROJECT_SUFFIX, FILE_FILTER,
                                           new_project=True)
        if not name:
            return False
        path = Path(name)
        if path.suffix != PROJECT_SUFFIX:
            path = path.with_suffix(PROJECT_SUFFIX)
        self.ask_coder_name()
        codebook = QMessageBox.question(
            self.window, "Codebook",
            "Start with the open-LLM collaboration study's codebook (lifecycle stages, on-ramps, "
            "challenges, motivations…)?\nChoose No for an empty code tree.",
        )
        try:
            project = Project.create(
                path, coder_name=self.coder_name,
                codebook="default" if codebook == QMessageBox.StandardButton.Yes else None,
            )
        except QcoderError as error:
            QMessageBox.warning(self.window, "New project", str(error))
            return False
        self.opened(project)
        return True

    def open_dialog(self) -> bool:
        name = file_dialogs.open_file_name(self.window, "Open project", "", FILE_FILTER)
        return bool(name) and self.open_path(Path(name))

    def open_path(self, path: Path, *, ask: bool = True) -> bool:
        """Open ``path``; if someone holds it, say who and offer to open it read-only."""
        self.ask_coder_name()
        try:
            project = Project.open(path, coder_name=self.coder_name)
        except (ProjectLockedError, ReadOnlyProjectError) as error:
            if not ask:
                raise
            answer = QMessageBox.question(
                self.window, "Project in use" if isinstance(error, ProjectLockedError) else "Read-only project",
                f"{str(error).rstrip('.')}.\n\nOpen it read-only? You can read and export, but not code.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                project = Project.open(path, coder_name=self.coder_name, read_only=True)
            except QcoderError as inner:
                QMessageBox.warning(self.window, "Open project", str(inner))
                return False
        except QcoderError as error:
            if not ask:
                raise
            QMessageBox.warning(self.window, "Open project", str(error))
            return False
        self.opened(project)
        return True

    def opened(self, project: Project) -> None:
        """Show ``project`` in the window and put it first in the recent projects (a server
        project by its address without password)."""
        self.controller.set_project(project)
        self.settings.add_recent(project.path if project.path is not None else project.location)
        self.recent_changed.emit()

    def close_project(self) -> None:
        self.controller.close_project()
