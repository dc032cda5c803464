"""GUI fixtures: a main window on a real project file, with settings kept in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.sources import add_source
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

EMOJI_TEXT = (
    "Interviewer: Which partner helped you most? 😀🎉\n"
    "Amara: Honestly the 你好 lab and مرحبا team, and the café crew — they shared compute with us.\n"
)


@pytest.fixture
def user_settings(tmp_path):
    return UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def emoji_project(tmp_path):
    path = tmp_path / "emoji.qcoder"
    project = Project.create(path, coder_name="Ann")
    first_turn_end = EMOJI_TEXT.index("\n")
    with project.transaction() as session:
        add_source(
            session, "amara", EMOJI_TEXT,
            turns=[TurnInfo(0, first_turn_end, "Interviewer"), TurnInfo(first_turn_end + 1, len(EMOJI_TEXT) - 1, "Amara")],
        )
    project.close()
    return path


@pytest.fixture
def window(qtbot, emoji_project, user_settings):
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(emoji_project)
    yield window
    window.controller.close_project()


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    """The sample study, built once per test module (copy it before changing it)."""
    from qcoder.io.sample_study import build_sample_project

    return build_sample_project(tmp_path_factory.mktemp("built") / "sample.qcoder")


@pytest.fixture
def sample_window(qtbot, built_sample, tmp_path, user_settings):
    """A window coding as Alex on a fresh copy of the sample study."""
    window = window_on_copy(qtbot, built_sample, tmp_path, user_settings, "Alex")
    yield window
    window.controller.close_project()


def window_on_copy(qtbot, project: Path, folder: Path, user_settings, coder: str) -> MainWindow:
    """A shown window coding as ``coder`` on a fresh copy (in ``folder``) of ``project``."""
    path = folder / project.name
    shutil.copy(project, path)
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = coder
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    return window


def window_showing(qtbot, path: Path, source_id: int, user_settings) -> MainWindow:
    """A shown 1200×800 window on the project at ``path``, showing the source ``source_id``."""
    window = MainWindow(settings=user_settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    assert window.projects.open_path(path)
    window.document.show_source(source_id)
    return window
