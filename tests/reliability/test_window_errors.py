"""The window's global error hook: an exception escaping a slot becomes a dialog whose details
can be copied, and the project stays as it was (the action's transaction rolled back)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from qcoder.core.errors import DiskFullError, ReadOnlyProjectError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.ui.app import install_error_dialog
from qcoder.ui.dialogs.error_dialog import ErrorDialog
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

pytestmark = pytest.mark.qt_no_exception_capture  # the window's own hook must see the exceptions


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "study.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "amara", "Amara: we shared compute 😀\n")
        add_code(session, "Compute")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_error_dialog()
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    yield window
    window.controller.close_project()


def _when_dialog_shows(seen: dict, *, copy: bool) -> None:
    """Inspect the error dialog once it is up (it runs its own event loop), then close it."""

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, look)
            return
        dialog = dialogs[0]
        seen["message"] = dialog.message.text()
        seen["details"] = dialog.details_view.toPlainText() if dialog.details_view else None
        seen["has_copy"] = dialog.copy_button is not None
        if copy and dialog.copy_button is not None:
            dialog.copy_button.click()
            seen["clipboard"] = QGuiApplication.clipboard().text()
            seen["still_open"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(0, look)


def _code_names(window: MainWindow) -> list[str]:
    return [code.name for code in window.controller.read(list_codes)]


def test_an_exception_in_a_slot_shows_copyable_details_and_rolls_the_action_back(window, qtbot):
    def buggy_action(session):  # type: ignore[no-untyped-def]
        add_code(session, "Half-made")
        session.flush()  # written inside the transaction...
        return 1 / 0  # ...then a bug

    button = QPushButton("Do it", window)
    button.clicked.connect(lambda: window.controller.run(buggy_action))
    seen: dict = {}
    _when_dialog_shows(seen, copy=True)
    button.click()
    qtbot.waitUntil(lambda: "message" in seen, timeout=5000)
    assert "ZeroDivisionError" in seen["message"] and "everything saved before it is safe" in seen["message"]
    assert seen["has_copy"] and "Traceback" in seen["details"] and "buggy_action" in seen["details"]
    assert "qcoder " in seen["details"] and "Qt " in seen["details"], "the versions a bug report needs"
    assert seen["clipboard"] == seen["details"], "Copy details fills the clipboard"
    assert seen["still_open"], "copying does not close the dialog"
    assert _code_names(window) == ["Compute"], "the failed action left nothing behind"
    window.controller.run(add_code, "After the error")  # and the window goes on working
    assert _code_names(window) == ["After the error", "Compute"] or sorted(_code_names(window)) == [
        "After the error", "Compute"]


def test_a_user_error_in_a_slot_is_its_message_without_a_traceback(window, qtbot):
    def disk_full(_session):  # type: ignore[no-untyped-def]
        raise DiskFullError("study: the disk is full, so this action was not saved")

    button = QPushButton("Do it", window)
    button.clicked.connect(lambda: window.controller.run(disk_full))
    seen: dict = {}
    _when_dialog_shows(seen, copy=False)
    button.click()
    qtbot.waitUntil(lambda: "message" in seen, timeout=5000)
    assert seen["message"] == "study: the disk is full, so this action was not saved"
    assert seen["details"] is None and not seen["has_copy"]


def test_an_error_while_the_dialog_is_open_does_not_stack_dialogs(window, qtbot, capsys):
    hook = sys.excepthook
    seen: dict = {}

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, look)
            return
        try:
            raise ValueError("second")
        except ValueError as error:
            hook(type(error), error, error.__traceback__)  # must print, not open a second dialog
        seen["count"] = sum(isinstance(w, ErrorDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
        dialogs[0].reject()

    QTimer.singleShot(0, look)
    try:
        raise RuntimeError("first")
    except RuntimeError as error:
        hook(type(error), error, error.__traceback__)
    assert seen["count"] == 1
    assert "ValueError: second" in capsys.readouterr().err


def test_a_read_only_project_is_offered_read_only(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "study.qcoder"
    Project.create(path, coder_name="Ann", codebook=None).close()
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    asked: list[str] = []

    def refuse(_path, **kwargs):  # type: ignore[no-untyped-def]
        if not kwargs.get("read_only"):
            raise ReadOnlyProjectError("study.qcoder cannot be opened for writing: the file is read-only")
        return real_open(_path, **kwargs)

    real_open = Project.open
    monkeypatch.setattr(Project, "open", staticmethod(refuse))
    monkeypatch.setattr(QMessageBox, "question", lambda _w, title, text: asked.append(f"{title}: {text}")
                        or QMessageBox.StandardButton.Yes)
    assert window.projects.open_path(path)
    assert window.controller.read_only
    assert asked and asked[0].startswith("Read-only project: study.qcoder cannot be opened for writing")
    window.controller.close_project()


def test_coding_on_a_full_disk_says_so_and_leaves_no_undo_step(window, qtbot):
    """The whole path of a coding gesture: the undoable command whose transaction the disk refuses."""
    from sqlalchemy import event

    from qcoder.core.usecases.commands.codings import apply_coding
    from qcoder.core.usecases.queries.codings import codings_in_source
    from qcoder.ui.commands.coding_commands import ApplyCodingCommand

    controller = window.controller
    engine = controller.project.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def no_room(connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    code_id = next(code.id for code in controller.read(list_codes))
    with pytest.raises(DiskFullError):  # fill the last free corners of the file's pages
        for _ in range(10_000):
            controller.run(apply_coding, 1, code_id, 0, 5, controller.coder_id())
    before = controller.read(codings_in_source, 1)
    steps = controller.undo_stack.count()
    button = QPushButton("Code", window)
    button.clicked.connect(lambda: controller.push(ApplyCodingCommand(controller, 1, code_id, 2, 9, "Compute")))
    seen: dict = {}
    _when_dialog_shows(seen, copy=False)
    button.click()
    qtbot.waitUntil(lambda: "message" in seen, timeout=5000)
    assert "disk is full" in seen["message"] and seen["details"] is None
    assert controller.undo_stack.count() == steps, "a refused coding is no undo step"
    assert controller.read(codings_in_source, 1) == before
