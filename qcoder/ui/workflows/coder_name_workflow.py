"""The person's name as a coder in the window: asked on first run (before any coding), changed in
Settings ▸ Your name as coder…, shown in the status bar, recorded on every coding.

The name lives in :mod:`qcoder.core.lifecycle.coder_identity`'s small file, which the command line reads
too. On a team server the login is the coder, so there the bar shows the login and the name set
here applies to files only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from qcoder.core.lifecycle.coder_identity import choose_coder, clean_coder_name
from qcoder.ui.actions import Actions
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.settings import UserSettings
from qcoder.ui.workflows.project_workflow import ProjectWorkflow


class CoderNameDialog(QDialog):
    """One line for the name; OK stays disabled while it is empty."""

    def __init__(self, current: str | None, parent: QWidget | None, *, first_run: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name as coder")
        explanation = QLabel(
            ("Welcome to qcoder. " if first_run else "")
            + "Every passage you code and every memo you write is recorded under your name, so that "
            "a team can merge its work and compare coders. Use the same name on every computer."
        )
        explanation.setWordWrap(True)
        self.name_edit = QLineEdit(current or "")
        self.name_edit.setPlaceholderText("e.g. Ann Smith")
        self.name_edit.setMaxLength(100)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._enable_ok)
        layout = QVBoxLayout(self)
        for widget in (explanation, QLabel("&Name:", buddy=self.name_edit), self.name_edit, self.buttons):  # type: ignore[call-overload]  # PySide6 takes setBuddy as a keyword; the stubs do not list it
            layout.addWidget(widget)
        self.setMinimumWidth(420)
        self._enable_ok()

    def _enable_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name_edit.text().strip()))

    def name(self) -> str:
        return clean_coder_name(self.name_edit.text())


class CoderNameWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, projects: ProjectWorkflow, settings: UserSettings,
                 window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.projects, self.settings, self.window = controller, projects, settings, window
        if projects.coder_name is None:
            choice = choose_coder(None, settings.identity_path)
            projects.coder_name = choice.name if choice else None
        projects.ask_coder_name = self.ask_if_unknown
        self.status_button = QToolButton(window)
        self.status_button.setAutoRaise(True)
        self.status_button.setObjectName("coder_name_button")
        self.status_button.clicked.connect(lambda: self.change_name())
        controller.project_opened.connect(self.update_status)
        controller.project_closed.connect(self.update_status)
        self.update_status()

    def add_actions(self, a: Actions) -> None:
        a.add("coder_name", "Your &name as coder…", self.change_name, needs_project=False, section="settings",
              tip="The name recorded on every passage you code and memo you write")

    def ask_if_unknown(self) -> str | None:
        """The coder's name; asked first if nobody has said it yet (first run)."""
        if self.projects.coder_name is None:
            self.change_name(first_run=True)
        return self.projects.coder_name

    def change_name(self, *, first_run: bool = False) -> bool:
        dialog = CoderNameDialog(self.projects.coder_name, self.window, first_run=first_run)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.set_name(dialog.name())
        return True

    def set_name(self, name: str) -> None:
        """Keep ``name`` for every project from now on; an open project file records under it."""
        name = self.settings.set_coder_name(name)
        self.projects.coder_name = name
        project = self.controller.project
        if project is not None and not project.on_server and not project.read_only:
            project.switch_coder(name)
        self.update_status()
        self.message.emit(f"Your coding is now recorded as {name}")

    def update_status(self) -> None:
        project = self.controller.project
        if project is not None and project.read_only:
            name, tip = self.projects.coder_name, "The project is open read-only: nothing is recorded"
        elif project is not None and project.on_server:
            name, tip = project.coder_name, "On a team server your login is your name as coder"
        elif self.projects.coder_name is None and project is not None:
            name, tip = f"{project.coder_name} (not your name? click to set it)", "Nobody said who is coding"
        else:
            name, tip = self.projects.coder_name, "Your name as coder, recorded on every coding: click to change it"
        self.status_button.setText(f"Coder: {name}" if name else "Coder: not set — click to set")
        self.status_button.setToolTip(tip)
