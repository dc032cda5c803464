"""The coder's name in the window: asked before the first coding, changed in Settings, shown in
the status bar, recorded on every coding, and the same name the command line uses."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from qcoder.core.lifecycle.coder_identity import choose_coder
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.ui.main_window import MainWindow
from qcoder.ui.workflows.coder_name_workflow import CoderNameDialog
from tests.ui.test_coding_in_window import select_with_qt


def answer_dialog_with(monkeypatch, name: str, asked: list[str]) -> None:
    """The person types ``name`` into the dialog and presses OK (through the dialog's own button)."""

    def exec_(dialog: CoderNameDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.name_edit.setText(name)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(CoderNameDialog, "exec", exec_)


def code_a_passage(window, needle: str) -> None:
    select_with_qt(window, needle)
    window.codes.select_code(window.controller.read(resolve_code_path, "On-ramp/Compute partnerships"))
    window.actions["apply"].trigger()


def test_a_new_user_is_asked_before_the_first_coding_and_it_is_recorded(qtbot, emoji_project, user_settings, monkeypatch):
    monkeypatch.delenv("QCODER_CODER", raising=False)
    asked: list[str] = []
    answer_dialog_with(monkeypatch, "  Dana  Ng ", asked)
    window = MainWindow(settings=user_settings)
    qtbot.addWidget(window)
    assert window.coder_names.status_button.text() == "Coder: not set — click to set"
    assert window.projects.open_path(emoji_project)
    assert asked == ["Your name as coder"]
    code_a_passage(window, "the café crew")
    [segment] = window.controller.read(list_segments)
    assert segment.coder == "Dana Ng"
    assert window.coder_names.status_button.text() == "Coder: Dana Ng"
    assert choose_coder(None).name == "Dana Ng"  # the command line reads the same name
    window.controller.close_project()
    assert window.projects.open_path(emoji_project) and asked == ["Your name as coder"]  # asked once
    window.controller.close_project()


def test_settings_changes_the_name_of_the_next_codings(window, monkeypatch):
    asked: list[str] = []
    answer_dialog_with(monkeypatch, "Bea", asked)
    code_a_passage(window, "the café crew")
    window.actions["coder_name"].trigger()
    assert asked and window.coder_names.status_button.text() == "Coder: Bea"
    code_a_passage(window, "shared compute")
    assert sorted(s.coder for s in window.controller.read(list_segments)) == ["Ann", "Bea"]


def test_the_dialog_refuses_an_empty_name(qtbot):
    dialog = CoderNameDialog(None, None, first_run=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name_edit.setText("   ")
    assert not ok.isEnabled()
    dialog.name_edit.setText("Ann")
    assert ok.isEnabled() and dialog.name() == "Ann"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_cancelling_leaves_the_fallback_visible_never_silent(qtbot, emoji_project, user_settings, monkeypatch):
    monkeypatch.delenv("QCODER_CODER", raising=False)
    monkeypatch.setattr(CoderNameDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window = MainWindow(settings=user_settings)
    qtbot.addWidget(window)
    assert window.projects.open_path(emoji_project)
    assert "not your name? click to set it" in window.coder_names.status_button.text()
    window.controller.close_project()
