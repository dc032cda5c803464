"""Team projects on a server from the window: File ▸ New/Open team project…, Push…, Pull a copy….

Connecting asks for nothing when the password is in the system keyring (or libpq finds one in
``PGPASSWORD`` / ``~/.pgpass``); otherwise, and whenever the server refuses a password, the
:class:`ServerDialog` asks again with the server's reason. Recent projects list a server project
by its address without password. On a server the coder is the login (the window's coder name
is for project files only). Connecting, pushing, pulling and setting up rights run off the GUI
thread as jobs of the window's runner (:mod:`qcoder.ui.jobs`); push and pull end with their summary.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox, QProgressDialog, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import PROJECT_SUFFIX, Project
from qcoder.core.team.credentials import PasswordAnswer, connect_with_password
from qcoder.core.team.server_setup import TeamSetup
from qcoder.core.team.server_url import ServerAddress, display_url, is_server_url
from qcoder.core.team.transfer import TransferReport
from qcoder.ui.actions import Actions
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.server_dialog import ServerDialog
from qcoder.ui.jobs import Job, waiting_dialog
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.workflows.project_workflow import ProjectWorkflow

T = TypeVar("T")
FILE_FILTER = f"qcoder projects (*{PROJECT_SUFFIX});;All files (*)"
CONNECT_TIMEOUT_SECONDS = 10
FILE_ONLY_TIP = "A team server's project has no qcoder backups: its administrator backs the database up"


class ServerWorkflow(QObject):
    message = Signal(str)
    transferred = Signal(object)
    """A push's or pull's :class:`TransferReport`, when it is done."""

    def __init__(self, controller: ProjectController, projects: ProjectWorkflow, window: QWidget) -> None:
        super().__init__(window)
        self.controller, self.projects, self.window = controller, projects, window
        # A server that does not answer must not freeze the window for minutes: libpq gives up
        # after this many seconds (unless the person set their own PGCONNECT_TIMEOUT).
        os.environ.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT_SECONDS))
        self.location_label = QLabel(window)
        self.location_label.hide()
        self.task: Job | None = None
        self.progress: QProgressDialog | None = None
        self._running = ("", "")
        self._usual_tips: dict[str, str] = {}

    # -- opening and creating ------------------------------------------------------------

    def add_actions(self, a: Actions) -> None:
        a.add("new_team", "New &team project…", self.new_team_project, needs_project=False, section="file.open",
              tip="Create a project on a PostgreSQL server, for a team to code in at the same time")
        a.add("open_team", "Open team pro&ject…", self.open_team_project, needs_project=False, section="file.open",
              tip="Open a project on your team's PostgreSQL server with your own login")
        a.add("push_to_server", "Push to team ser&ver…", self.push_to_server, section="file.team",
              tip="Copy this project file, with everything in it, to an empty database on a team server")
        a.add("pull_to_file", "Pu&ll a copy to a file…", self.pull_to_file, section="file.team",
              tip="Copy this team project into a new project file (to work alone, archive or send)")
        a.add("set_up_coders", "Set up coders' ri&ghts…", self.set_up_coders, section="file.team",
              tip="As the team project's lead: let these logins read everything and write only their own work")

    def open_team_project(self) -> bool:
        last = next((entry for entry in self.projects.settings.recent_files() if is_server_url(entry)), None)
        dialog = ServerDialog("open", self.window, url=last)  # the last team project, to change or keep
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self._open(dialog, lambda url: Project.open(url))

    def new_team_project(self) -> bool:
        dialog = ServerDialog("new", self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        codebook = QMessageBox.question(
            self.window, "Codebook",
            "Start with the open-LLM collaboration study's codebook?\nChoose No for an empty code tree.",
        )
        return self._open(dialog, lambda url: Project.create(
            url, codebook="default" if codebook == QMessageBox.StandardButton.Yes else None,
        ))

    def open_url(self, target: str | ServerAddress) -> bool:
        """Open a server project by its address (a recent project, ``qcoder URL``): the keyring's
        password, else the dialog asks for one."""
        try:
            project = self.on_server(target, lambda url: Project.open(url))
        except QcoderError as error:
            QMessageBox.warning(self.window, "Open team project", str(error))
            return False
        if project is None:
            return False
        self._connected(project)
        return True

    def on_server(self, target: str | ServerAddress, attempt: Callable[[ServerAddress], T], *, dialog: ServerDialog | None = None,
                remember: bool = False) -> T | None:
        """``attempt(url)`` with the best password known, re-asking while the server refuses it;
        ``None`` if the person cancels."""
        asker = _DialogAsker(self.window, dialog)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return connect_with_password(target, self._off_the_gui_thread(attempt), asker, remember=remember)
        except QcoderError:
            if asker.cancelled:
                return None
            raise
        except _GaveUp:
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _off_the_gui_thread(self, attempt: Callable[[ServerAddress], T]) -> Callable[[ServerAddress], T]:
        """``attempt`` as a job of the window's runner, waited for with a progress dialog whose
        Cancel gives up on a server that does not answer (the window never freezes meanwhile)."""

        def run(url: ServerAddress) -> T:
            progress = waiting_dialog(self.window, f"Connecting to {display_url(url)}…", "Team server", cancel=True)
            job = self.controller.jobs.run_waiting(lambda _context: attempt(url), name="qcoder-connect",
                                                   progress=progress, wait_if_abandoned=False)
            if job.abandoned:  # a project still opened after the person gave up is closed again
                if job.done:
                    _close_if_project(job.result)
                else:
                    job.finished.connect(lambda: _close_if_project(job.result))
                raise _GaveUp
            if job.error is not None:
                raise job.error
            return job.result

        return run

    def _open(self, dialog: ServerDialog, attempt: Callable[[ServerAddress], Project]) -> bool:
        """Connect with what the dialog holds; a wrong address or database comes back to the
        dialog with the server's reason, to correct or cancel."""
        while True:
            target = dialog.url_with_password()
            assert target is not None  # the dialog accepts only a complete address
            try:
                project = self.on_server(target, attempt, dialog=dialog, remember=dialog.remember_password())
            except QcoderError as error:
                dialog.ask_to_correct(str(error))
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                continue
            break
        if project is None:
            return False
        self._connected(project)
        return True

    def _connected(self, project: Project) -> None:
        self.projects.opened(project)
        self.message.emit(f"Connected to {project.location} — no qcoder backups here: the server's "
                          "administrator backs the database up")

    # -- push and pull -------------------------------------------------------------------

    def push_to_server(self) -> bool:
        """Copy the open project file into an empty database on a server, off the GUI thread."""
        project = self.controller.project
        if project is None or project.path is None:
            return False
        dialog = ServerDialog("push", self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        from qcoder.core.team import server_database

        def check(url: ServerAddress) -> ServerAddress:  # ask for the password here, on the GUI thread
            engine = server_database.connect(url)
            try:
                server_database.check_empty(engine, url)
            finally:
                engine.dispose()
            return url

        target = dialog.url_with_password()
        assert target is not None  # the dialog accepts only a complete address
        try:
            url = self.on_server(target, check, dialog=dialog, remember=dialog.remember_password())
        except QcoderError as error:
            QMessageBox.warning(self.window, "Push to team server", str(error))
            return False
        if url is None:
            return False
        from qcoder.app.team_transfer import push_project

        file, coder = project.path, project.coder_name
        self._run(lambda _progress: push_project(file, url, coder=coder), f"Copying {file.name} to {url.database}…",
                  "Push to team server", f"Pushed {file.name} to {display_url(url)}")
        return True

    def set_up_coders(self, logins: str | None = None) -> TeamSetup | None:
        """The lead's File ▸ Set up coders' rights…: what ``qcoder server setup`` does, for the
        open server project (the coders' logins are made by the server's administrator)."""
        from qcoder.core.team.server_setup import set_up_team

        project = self.controller.project
        if project is None or project.url is None:
            return None
        if logins is None:
            logins, accepted = QInputDialog.getText(
                self.window, "Set up coders' rights",
                "The coders' logins, separated by spaces or commas.\nThey will read everything and write "
                "only their own codings, memos and saved queries;\nsources, codes, cases and resolutions "
                "stay yours, the lead's.")
            if not accepted:
                return None
        engine, url, coders = project.engine, project.url, logins.replace(",", " ").split()
        try:
            report = self.controller.jobs.call_waiting(lambda _context: set_up_team(engine, url, coders=coders),
                                                       name="qcoder-set-up-coders")
        except QcoderError as error:
            QMessageBox.warning(self.window, "Set up coders' rights", str(error))
            return None
        self.message.emit(f"Set up {report.summary()}")
        return report

    def pull_to_file(self, out: Path | None = None) -> bool:
        """Copy the open server project into a new project file, off the GUI thread."""
        project = self.controller.project
        if project is None or project.url is None:
            return False
        if out is None:
            name = file_dialogs.save_file_name(self.window, "Pull a copy to a file",
                                               str(Path.home() / (project.name + PROJECT_SUFFIX)), FILE_FILTER,
                                               new_project=True)
            if not name:
                return False
            out = Path(name) if Path(name).suffix else Path(name).with_suffix(PROJECT_SUFFIX)
        from qcoder.app.team_transfer import pull_project

        url = project.engine.url  # the connection's own, with the password it connected with
        self._run(lambda _progress: pull_project(url, out), f"Copying {project.name} into {out.name}…",
                  "Pull a copy to a file", f"Pulled {project.location} into {out}")
        return True

    def _run(self, job: Callable[[object], TransferReport], text: str, title: str, done: str) -> None:
        self.progress = QProgressDialog(text, "", 0, 0, self.window)
        self.progress.setCancelButton(None)  # the copy is one transaction: it lands whole or not at all
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self._running = (title, done)
        self.task = self.controller.jobs.start(lambda context: job(context.progress), name="qcoder-transfer")
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.message.emit(text)

    def _succeeded(self, report: TransferReport) -> None:
        title, done = self._running
        self._finished(title, f"{done}: {report.summary()}", report)

    def _failed(self, reason: str) -> None:
        self._finished(self._running[0], reason, None)

    def _finished(self, title: str, text: str, report: TransferReport | None) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        if self.task is not None:
            self.task.wait()
            self.task = None
        if report is None:
            QMessageBox.warning(self.window, title, f"Nothing was copied: {text}")
            self.message.emit(f"{title} failed")
            return
        self.message.emit(text)
        QMessageBox.information(self.window, title, text)
        self.transferred.emit(report)

    def shutdown(self) -> None:
        if self.task is not None:
            self.task.wait()

    # -- what the window shows -----------------------------------------------------------

    def update_window(self, actions: dict[str, QAction]) -> None:
        """Title, location label and the file-only or server-only actions for the open project."""
        project = self.controller.project
        on_server = project is not None and project.on_server
        self.location_label.setVisible(on_server)
        if on_server:
            assert project is not None
            self.location_label.setText(f"Team server: {project.location}")
            self.location_label.setToolTip("Others coding in this project see your work, and you theirs")
        for name, why in (("restore", FILE_ONLY_TIP), ("push_to_server", "This project is on a server already")):
            if name not in actions:
                continue
            usual = self._usual_tips.setdefault(name, actions[name].toolTip())
            actions[name].setToolTip(why if on_server else usual)
            if on_server:
                actions[name].setEnabled(False)
        if "pull_to_file" in actions:
            actions["pull_to_file"].setEnabled(on_server)
        if "set_up_coders" in actions:
            actions["set_up_coders"].setEnabled(on_server and project is not None and not project.read_only)

    @staticmethod
    def title(project: Project | None) -> str:
        if project is None:
            return "qcoder"
        where = f" on {project.url.host or 'localhost'}" if project.url is not None else ""
        return f"{project.name}{where} — qcoder" + (" (read-only)" if project.read_only else "")

    def open_location(self, entry: str) -> bool:
        """Open a recent project: a file by path, a server project by its address."""
        return self.open_url(entry) if is_server_url(entry) else self.projects.open_path(Path(entry))


def _close_if_project(result: object) -> None:
    if isinstance(result, Project):
        result.close()


class _GaveUp(Exception):
    """The person cancelled waiting for the server."""


class _DialogAsker:
    """Asks for the password again in the dialog (password only, the server's reason above it)."""

    def __init__(self, window: QWidget, dialog: ServerDialog | None) -> None:
        self.window, self.dialog = window, dialog
        self.cancelled = False

    def __call__(self, url: ServerAddress, reason: str) -> PasswordAnswer | None:
        dialog = self.dialog or ServerDialog("open", self.window, url=url)
        self.dialog = dialog
        dialog.ask_again(reason)
        QGuiApplication.restoreOverrideCursor()
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.cancelled = True
                return None
        finally:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        return PasswordAnswer(dialog.typed_password(), dialog.remember_password())
