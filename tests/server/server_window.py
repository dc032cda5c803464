"""A main window on a server project, for the GUI tests of live updates and conflicts."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

TEXT = "Interviewer: Who helped?\nAmara: The lab shared compute with us, and the café crew ran a sprint.\n"


def seed(pg_url: str) -> tuple[int, int]:
    """A server project with one source and one code: ``(source id, code id)``."""
    with Project.create(pg_url, coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:
            source = add_source(session, "amara", TEXT).created_id
            code = add_code(session, "Compute").created_id
    assert source is not None and code is not None
    return source, code


def open_window(qtbot, pg_url: str, tmp_path, coder: str = "Ann") -> MainWindow:
    settings = UserSettings(QSettings(str(tmp_path / f"settings-{coder}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.projects.opened(Project.open(pg_url, coder_name=coder))
    return window
