"""Coding never silently stops reaching the file (issue 15, item 1).

SQLite's POSIX locks die with any close of the project file in the window's process. These
tests make the window's process do exactly that (a Python open/close, a real file dialog on the
project's folder), let another process read the project, code on, and kill the window with
SIGKILL: every coding must be in the file. And the dialogs must not close the file at all.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from tests.reliability.window_session import cancel_file_dialog_once_listed

REPOSITORY = Path(__file__).resolve().parents[2]
TEXT = "Interviewer: Who helped? 😀\nAmara: The lab shared compute with us.\n"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX locks as Linux shows them in /proc/locks")


def make_project(path: Path) -> Path:
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "amara", TEXT)
        add_code(session, "first")
    return path


def coding_ids(path: Path) -> set[int]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM codings")}
    finally:
        connection.close()


def read_until(process: subprocess.Popen, wanted: str, seen: list[str]) -> None:
    assert process.stdout is not None
    while True:
        raw = process.stdout.readline()
        if not raw:
            assert process.stderr is not None
            raise AssertionError(f"the window exited before '{wanted}': {process.stderr.read().decode()}")
        line = raw.decode().strip()
        seen.append(line)
        if line == wanted:
            return


def test_a_killed_window_keeps_every_coding_after_its_process_touched_the_file_and_another_read_it(tmp_path):
    folder = tmp_path / "Team #1"
    folder.mkdir()
    path = make_project(folder / "study.qcoder")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    window = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.window_session", str(path), str(tmp_path / "settings.ini")],
        cwd=REPOSITORY, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    lines: list[str] = []
    try:
        read_until(window, "ready", lines)
        reader = subprocess.run(
            [sys.executable, "-m", "qcoder", "export", str(path), "--format", "csv", "--out", str(tmp_path / "s.csv")],
            cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=120,
        )
        assert reader.returncode == 0, reader.stderr
        assert window.stdin is not None
        window.stdin.write(b"more\n")
        window.stdin.flush()
        read_until(window, "done", lines)
    finally:
        window.send_signal(signal.SIGKILL)
        window.wait(10)
    coded = {int(line.split()[1]) for line in lines if line.startswith("coded ")}
    assert len(coded) == 2
    assert coded <= coding_ids(path), "a coding the window reported as saved is not in the file"
    with Project.open(path, coder_name="Bob") as reopened, reopened.reading() as session:
        assert session.execute(sqlite_count()).scalar() == 2


def sqlite_count():  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text("SELECT count(*) FROM codings")


def posix_locks(path: Path) -> set[str]:
    """This process's POSIX locks on ``path``'s inode, as the kernel lists them."""
    inode = os.stat(path).st_ino
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if fields[1] == "POSIX" and fields[4] == str(os.getpid()) and fields[5].split(":")[-1] == str(inode):
            held.add(" ".join(fields[3:4] + fields[6:]))
    return held


@pytest.fixture
def window(qtbot, tmp_path):
    folder = tmp_path / "Team #1"
    folder.mkdir()
    path = make_project(folder / "study.qcoder")
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    with window.controller.project.reading() as session:  # a read: SQLite's shared locks are taken
        session.execute(sqlite_count()).scalar()
    yield window
    window.controller.close_project()


@pytest.mark.parametrize("open_dialog", ["import", "export", "open", "merge"])
def test_a_file_dialog_on_the_project_folder_leaves_sqlite_locks_in_place(window, open_dialog, monkeypatch):
    path = window.controller.path
    shm = path.with_name(path.name + "-shm")
    before, before_shm = posix_locks(path), posix_locks(shm)
    assert before and before_shm, "SQLite holds locks on an open project in WAL mode"
    listed: list[str] = []
    cancel_file_dialog_once_listed(QApplication.instance(), path.name, listed)
    window.imports.last_directory = window.exchange.last_directory = str(path.parent)
    monkeypatch.chdir(path.parent)  # where the open and merge dialogs start
    {
        "import": window.imports.choose_files,
        "export": lambda: window.exchange.export_dialog("codebook-csv"),
        "open": window.projects.open_dialog,
        "merge": window.team.merge_dialog,
    }[open_dialog]()
    if open_dialog != "export":  # an export's dialog shows only files of its format
        assert path.name in listed
    assert posix_locks(path) == before, "the dialog opened and closed the project file"
    assert posix_locks(shm) == before_shm, "the dialog opened and closed the project's -shm index"

