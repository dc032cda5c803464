"""Getting started (start page, sample study, import before any project, user guide), keyboard
shortcuts that the desktop does not take (and can be changed), and a window that fits a laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from qcoder.ui.dialogs.user_guide import UserGuideDialog, guide_markdown, guide_sections
from qcoder.ui.main_window import MainWindow
from qcoder.ui.window_layout import DOCUMENT_MINIMUM, default_size


def new_window(qtbot, user_settings) -> MainWindow:
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_start_page_shows_until_a_project_opens_and_lists_it_afterwards(qtbot, user_settings, emoji_project):
    window = new_window(qtbot, user_settings)
    assert window.central.currentWidget() is window.start_page
    assert set(window.start_page.buttons) >= {"new", "open", "sample", "import"}
    assert window.actions["import"].isEnabled()  # no longer greyed out before a project exists
    assert window.start_page.no_recent.isVisibleTo(window)
    assert window.projects.open_path(emoji_project)
    assert window.central.currentWidget() is window.document
    window.actions["close"].trigger()
    assert window.central.currentWidget() is window.start_page
    recent = window.start_page.recent
    assert recent.count() == 1 and recent.item(0).data(Qt.ItemDataRole.UserRole) == str(emoji_project.resolve())
    recent.itemActivated.emit(recent.item(0))
    assert window.controller.is_open and window.central.currentWidget() is window.document
    window.controller.close_project()


def test_help_opens_the_sample_study(qtbot, user_settings, tmp_path, monkeypatch):
    monkeypatch.setenv("QCODER_DATA_DIR", str(tmp_path / "data"))
    window = new_window(qtbot, user_settings)
    assert window.actions["sample"] in window.menus["help"].actions()
    window.start_page.buttons["sample"].click()
    assert window.controller.is_open
    assert len(window.controller.read(list_sources)) == 12
    window.controller.close_project()


def test_import_without_a_project_creates_one_first(qtbot, user_settings, tmp_path, monkeypatch):
    window = new_window(qtbot, user_settings)
    target = tmp_path / "fresh.qcoder"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("qcoder.ui.dialogs.file_dialogs.save_file_name", lambda *a, **k: str(target))
    chosen: list[bool] = []
    monkeypatch.setattr(window.imports, "choose_files", lambda: chosen.append(window.controller.is_open))
    window.start_page.buttons["import"].click()
    assert target.exists() and chosen == [True]
    window.controller.close_project()


def test_passage_keys_avoid_the_desktops_workspace_keys_and_can_be_changed(qtbot, user_settings):
    window = new_window(qtbot, user_settings)
    taken_by_desktops = {QKeySequence(k) for k in ("Ctrl+Alt+Left", "Ctrl+Alt+Right", "Ctrl+Alt+Up", "Ctrl+Alt+Down",
                                                   "Ctrl+Alt+Shift+Left", "Ctrl+Alt+Shift+Right", "Alt+Shift+Left",
                                                   "Alt+Shift+Right", "Ctrl+Alt+T", "Ctrl+Alt+L", "Ctrl+Alt+D")}
    for name, action in window.actions.by_name.items():
        assert not taken_by_desktops & set(action.shortcuts()), name
    assert window.actions["grow_end"].shortcut() == QKeySequence("Alt+Right")

    taken_from = window.shortcuts.set_keys("grow_end", QKeySequence("Ctrl+E"))
    assert taken_from == "Flag exemplar quote" and window.actions["exemplar"].shortcuts() == []
    again = new_window(qtbot, user_settings)  # kept in the person's settings
    assert again.actions["grow_end"].shortcut() == QKeySequence("Ctrl+E")
    assert again.actions["exemplar"].shortcuts() == []
    again.shortcuts.reset("grow_end")
    again.shortcuts.reset("exemplar")
    assert again.actions["exemplar"].shortcut() == QKeySequence("Ctrl+E")
    assert user_settings.shortcut_overrides() == {}


def test_the_shortcuts_dialog_sets_a_key_for_the_chosen_action(qtbot, user_settings):
    window = new_window(qtbot, user_settings)
    dialog = ShortcutsDialog(window.shortcuts, window)
    qtbot.addWidget(dialog)
    dialog.filter_box.setText("extend passage end")
    visible = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert [dialog.names[r] for r in visible] == ["grow_end"]
    dialog.table.setCurrentCell(visible[0], 0)
    dialog.editor.setKeySequence(QKeySequence("Ctrl+]"))
    dialog.editor.editingFinished.emit()
    assert window.actions["grow_end"].shortcut() == QKeySequence("Ctrl+]")
    assert dialog.table.item(visible[0], 1).text() == QKeySequence("Ctrl+]").toString(QKeySequence.SequenceFormat.NativeText)


def test_the_default_window_fits_a_1366_by_768_laptop_and_uses_a_big_screen():
    laptop = default_size(QSize(1366, 740))
    assert laptop.width() <= 1366 and laptop.height() + 30 <= 740
    big = default_size(QSize(2560, 1400))
    assert big.width() > 2000 and big.height() > 1150


def test_docks_never_squeeze_the_document_and_reset_layout_restores_them(qtbot, user_settings, emoji_project):
    window = new_window(qtbot, user_settings)
    window.resize(1200, 700)
    assert window.projects.open_path(emoji_project)
    window.resizeDocks([window.docks["codes"]], [1100], Qt.Orientation.Horizontal)
    window.resizeDocks([window.docks["retrieval"]], [650], Qt.Orientation.Vertical)
    qtbot.wait(10)
    assert window.document.width() >= DOCUMENT_MINIMUM.width()
    assert window.document.height() >= DOCUMENT_MINIMUM.height()
    window.docks["codes"].hide()
    window.docks["sources"].setFloating(True)
    window.actions["reset_layout"].trigger()
    assert window.docks["codes"].isVisible() and not window.docks["sources"].isFloating()
    assert window.actions["reset_layout"] in window.menus["view"].actions()
    window.controller.close_project()


def test_the_user_guide_is_the_readmes_sections_offline(qtbot):
    sections = guide_sections(guide_markdown())
    titles = [s.title for s in sections]
    assert {"Set up", "Using it", "The command line"} <= set(titles) and "Development" not in titles
    assert not any("![" in s.markdown for s in sections)
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    dialog.contents.setCurrentRow(titles.index("The command line"))
    assert "qcoder new study.qcoder" in dialog.text.toPlainText()


def test_the_readme_is_bundled_into_the_wheel_by_setup_py():
    setup = (Path(__file__).resolve().parents[2] / "setup.py").read_text(encoding="utf-8")
    assert '"qcoder" / "resources" / "README.md"' in setup


def test_import_is_offered_without_a_project_but_not_into_a_read_only_one(qtbot, user_settings, emoji_project):
    from qcoder.core.lifecycle.project import Project

    window = new_window(qtbot, user_settings)
    assert window.actions["import"].isEnabled()
    window.controller.set_project(Project.open(emoji_project, read_only=True))
    assert not window.actions["import"].isEnabled() and window.actions["sample"].isEnabled()
    window.controller.close_project()
    assert window.actions["import"].isEnabled()
