"""The window on a team server: the dialog, a wrong password asked again, recent projects,
push and pull, and nothing with a password left in the settings, the title or the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import func, select

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding
from qcoder.core.team.server_url import display_url, parse_server_url
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.sample_study import ensure_sample_project
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.dialogs.server_dialog import ServerDialog
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from qcoder.ui.workflows.exchange_workflow import FORMATS
from tests.server.logins import ann  # noqa: F401
from tests.server.memory_keyring import memory_keyring, no_keyring  # noqa: F401


@pytest.fixture(autouse=True)
def _no_libpq_passwords(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def window(qtbot, settings_file, memory_keyring):
    window = MainWindow(settings=UserSettings(QSettings(str(settings_file), QSettings.Format.IniFormat)))
    window.projects.coder_name = "Ann"  # a file project records under it; a server one under the login
    qtbot.addWidget(window)
    window.show()
    yield window
    window.controller.close_project()


class ScriptedDialogs:
    """Stands in for the person at each ServerDialog.exec(): a list of steps, one per showing."""

    def __init__(self, monkeypatch, *steps) -> None:
        self.steps, self.seen = list(steps), []
        scripted = self

        def exec_(dialog: ServerDialog) -> int:
            scripted.seen.append((dialog.message.text(), dialog.address.isEnabled()))
            accepted = scripted.steps.pop(0)(dialog)
            return QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected

        monkeypatch.setattr(ServerDialog, "exec", exec_)


def fill(address: str, password: str = "", remember: bool = False):
    def step(dialog: ServerDialog) -> bool:
        dialog.address.setText(address)
        dialog.address.textEdited.emit(address)
        if password:  # else the one pasted with the address
            dialog.password.setText(password)
        dialog.remember.setChecked(remember)
        return True
    return step


def password(text: str, remember: bool = False):
    def step(dialog: ServerDialog) -> bool:
        dialog.password.setText(text)
        dialog.remember.setChecked(remember)
        return True
    return step


def cancel(_dialog: ServerDialog) -> bool:
    return False


def test_a_pasted_address_fills_the_fields_and_its_password_goes_to_its_own_field(qtbot, memory_keyring):
    dialog = ServerDialog("open")
    qtbot.addWidget(dialog)
    pasted = "postgresql://ann:s3cret@db.uni.example:6543/interviews"
    dialog.address.setText(pasted)
    dialog.address.textEdited.emit(pasted)
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == (
        "db.uni.example", 6543, "interviews", "ann")
    assert "s3cret" not in dialog.address.text() and dialog.typed_password() == "s3cret"
    assert dialog.url().password is None and dialog.url().drivername == "postgresql+psycopg"
    dialog.database.setText("pilot")
    dialog.database.textEdited.emit("pilot")
    assert dialog.address.text() == "postgresql://ann@db.uni.example:6543/pilot"
    dialog.host.setText("")
    dialog.host.textEdited.emit("")
    assert not dialog.accept_button.isEnabled() and not dialog.test_button.isEnabled()


def test_without_a_keyring_the_remember_box_is_off_and_says_why(qtbot, no_keyring):
    dialog = ServerDialog("open")
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and "no system keyring" in dialog.remember.toolTip()
    dialog.remember.setChecked(True)
    assert dialog.remember_password() is False


def test_test_connection_reports_the_server_s_answer(qtbot, ann, memory_keyring):
    dialog = ServerDialog("open", url=ann.url)
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong")
    assert dialog.test_connection() is False
    assert "refused" in dialog.message.text() and ann.user in dialog.message.text()
    dialog.password.setText(ann.password)
    assert dialog.test_connection() is False  # the database is empty: nothing to open yet
    assert "no qcoder project" in dialog.message.text()
    new = ServerDialog("new", url=ann.url)
    qtbot.addWidget(new)
    new.password.setText(ann.password)
    assert new.test_connection() is True and "empty" in new.message.text()
    assert ann.password not in dialog.message.text() + new.message.text()


def test_connecting_runs_off_the_gui_thread_and_cancel_gives_up_on_a_silent_server(qtbot, window, ann, memory_keyring):
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    Project.create(ann.with_password(), codebook=None).close()
    threads: list[str] = []

    def opening(url):
        threads.append(threading.current_thread().name)
        return Project.open(url)

    project = window.server.on_server(ann.with_password(), opening)
    assert project is not None and threads == ["qcoder-connect"]
    project.close()
    release = threading.Event()

    def silent(_url):
        release.wait(10)  # a server that does not answer
        return "late"

    def cancel() -> None:
        for dialog in window.findChildren(QProgressDialog):
            if dialog.isVisible():
                dialog.findChild(QPushButton).click()

    QTimer.singleShot(800, cancel)  # the dialog shows after 400 ms
    assert window.server.on_server(ann.with_password(), silent) is None, "given up, not waited for"
    release.set()
    assert window.controller.jobs.wait(5000)


def test_open_asks_again_after_a_wrong_password_and_keeps_no_password_in_settings(
        qtbot, window, ann, memory_keyring, monkeypatch, settings_file):
    Project.create(ann.with_password(), codebook=None).close()
    dialogs = ScriptedDialogs(monkeypatch, fill(ann.url, "wrong", remember=True), password(ann.password, remember=True))
    assert window.server.open_team_project() is True
    assert len(dialogs.seen) == 2
    message, address_enabled = dialogs.seen[1]
    assert "refused" in message and not address_enabled  # the server's reason; only the password asked
    project = window.controller.project
    assert project.on_server and project.url.username == ann.user
    where = parse_server_url(ann.url)
    assert window.windowTitle() == f"{where.database} on 127.0.0.1 — qcoder"
    assert window.server.location_label.isVisible() and display_url(where) in window.server.location_label.text()
    assert not window.actions["restore"].isEnabled() and "administrator" in window.actions["restore"].toolTip()
    assert window.actions["pull_to_file"].isEnabled() and not window.actions["push_to_server"].isEnabled()
    assert list(memory_keyring.passwords.values()) == [ann.password]
    window.settings.qsettings.sync()
    assert display_url(where) in window.settings.recent_files()
    assert ann.password not in settings_file.read_text(encoding="utf-8")
    assert ann.password not in window.windowTitle() + window.server.location_label.text()


def test_a_recent_server_project_reopens_from_the_keyring_else_asks(qtbot, window, ann, memory_keyring, monkeypatch):
    Project.create(ann.with_password(), codebook=None).close()
    ScriptedDialogs(monkeypatch, fill(ann.url, ann.password, remember=True))
    assert window.server.open_team_project()
    entry = window.settings.recent_files()[0]
    window.controller.close_project()
    dialogs = ScriptedDialogs(monkeypatch)  # no dialog may appear: the keyring knows the password
    assert window.server.open_location(entry) is True and window.controller.project.on_server
    window.controller.close_project()
    memory_keyring.passwords.clear()
    dialogs = ScriptedDialogs(monkeypatch, cancel)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail(f"no warning after a cancel: {args}"))
    assert window.server.open_location(entry) is False and window.controller.project is None
    assert "asks for" in dialogs.seen[0][0]
    dialogs = ScriptedDialogs(monkeypatch, password(ann.password))
    assert window.server.open_location(entry) is True
    assert memory_keyring.passwords == {}  # not asked to remember this time


def test_new_team_project_then_code_in_it_from_the_window(qtbot, window, ann, memory_keyring, monkeypatch):
    ScriptedDialogs(monkeypatch, fill(ann.url, ann.password))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert window.server.new_team_project() is True
    assert window.codes.model.codes()  # the default codebook
    assert window.actions["import"].isEnabled() and window.actions["merge"].isEnabled()


def test_push_the_open_file_then_pull_the_server_project_to_a_file(qtbot, window, pg_url, tmp_path, monkeypatch):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    assert window.projects.open_path(sample)
    assert window.actions["push_to_server"].isEnabled() and not window.actions["pull_to_file"].isEnabled()
    assert "administrator" not in window.actions["restore"].toolTip() and window.actions["restore"].isEnabled()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    ScriptedDialogs(monkeypatch, fill(pg_url))
    with qtbot.waitSignal(window.server.transferred, timeout=60_000) as pushed:
        assert window.server.push_to_server()
    assert pushed.args[0].rows["sources"] == 12 and shown[-1].startswith("Pushed sample.qcoder to postgresql://")
    assert "qcoder-test" not in shown[-1]
    assert window.server.open_url(pg_url)
    copy = tmp_path / "copy.qcoder"
    with qtbot.waitSignal(window.server.transferred, timeout=60_000) as pulled:
        assert window.server.pull_to_file(copy)
    assert pulled.args[0].rows == pushed.args[0].rows and copy.is_file()
    assert "12 sources" in shown[-1]
    assert window.projects.open_path(copy)  # back on a file: its file-only actions are back
    assert window.actions["restore"].isEnabled() and "administrator" not in window.actions["restore"].toolTip()
    assert window.windowTitle() == "copy — qcoder" and not window.server.location_label.isVisible()


def test_merging_a_coder_s_file_into_the_server_project(qtbot, window, pg_url, tmp_path):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    Project.create(pg_url, codebook=None).close()
    assert window.server.open_url(pg_url)
    report = window.team.merge_path(sample, confirm=False)
    assert report is not None and report.total_added > 0
    assert not list(tmp_path.glob("**/*before-merge*"))
    assert window.controller.read(list_sources) and window.controller.read(_codings) > 100
    window.controller.undo_stack.undo()  # the merge is undoable on a server too
    assert window.controller.read(list_sources) == [] and window.controller.read(_codings) == 0


def _codings(session) -> int:
    return session.scalar(select(func.count()).select_from(Coding))


def test_importing_into_a_server_project_makes_no_backup_and_no_complaint(qtbot, window, pg_url, tmp_path):
    Project.create(pg_url, codebook=None).close()
    assert window.server.open_url(pg_url)
    transcripts = []
    for name in ("amara", "joyce"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Interviewer: Hello.\n{name.title()}: We shared compute with a lab.\n", encoding="utf-8")
        transcripts.append(path)
    said: list[str] = []
    window.imports.message.connect(said.append)
    with qtbot.waitSignal(window.imports.finished, timeout=30_000) as done:
        assert window.imports.import_paths(transcripts)
    assert all(result.ok for result in done.args[0])
    window.imports.report.close()
    assert sorted(s.name for s in window.controller.read(list_sources)) == ["amara", "joyce"]
    assert not any("backup" in line.lower() for line in said)
    assert not [p for p in tmp_path.rglob("*") if "backup" in p.name]


def test_a_wrong_database_comes_back_to_the_dialog_to_correct(qtbot, window, ann, memory_keyring, monkeypatch):
    Project.create(ann.with_password(), codebook=None).close()
    missing = ann.url.rsplit("/", 1)[0] + "/no_such_study"
    dialogs = ScriptedDialogs(monkeypatch, fill(missing, ann.password), fill(ann.url, ann.password))
    assert window.server.open_team_project() is True
    message, address_enabled = dialogs.seen[1]
    assert "no_such_study" in message and "does not exist" in message and address_enabled
    assert window.controller.project.url.database == parse_server_url(ann.url).database


def test_open_team_project_starts_from_the_last_server_project(qtbot, window, ann, memory_keyring, monkeypatch):
    Project.create(ann.with_password(), codebook=None).close()
    ScriptedDialogs(monkeypatch, fill(ann.url, ann.password))
    assert window.server.open_team_project()
    window.controller.close_project()
    shown: list[str] = []

    def look(dialog: ServerDialog) -> bool:
        shown.append(dialog.address.text())
        return False

    ScriptedDialogs(monkeypatch, look)
    assert window.server.open_team_project() is False
    assert shown == [display_url(parse_server_url(ann.url))]


def test_a_server_project_says_where_its_backups_are_and_names_exports_after_its_database(
        qtbot, window, pg_url, monkeypatch):
    Project.create(pg_url, codebook=None).close()
    said: list[str] = []
    window.server.message.connect(said.append)
    assert window.server.open_url(pg_url)
    assert "administrator" in said[-1] and "qcoder-test" not in said[-1]
    assert not window.backups.timer.isActive() and window.backups.backup_if_changed() is None
    offered: list[str] = []
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda _parent, _title, default, _filter, **_: (
        offered.append(default), "")[1])
    window.exchange.export_dialog(next(iter(FORMATS)))
    database = parse_server_url(pg_url).database
    assert Path(offered[0]).name.startswith(database + ".")
