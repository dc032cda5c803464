"""A project file received from someone else is not trusted as it is: triggers, views and
changed definitions that qcoder did not make are refused on open (CLI and window), by merge on
either side, and listed by ``qcoder check``; no statement on an unknown file runs forever."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, text

from qcoder.app.merging import merge_project_files
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.store import immutability, schema_guard
from qcoder.core.store.models import Coding
from qcoder.core.store.schema_guard import UntrustedSchemaError, expected_schema
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.sources import find_source
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from tests.reliability.hostile_schemas import HOSTILE, study
from tests.reliability.schema_fixture import FOLDER

CLI = "import sys; from qcoder.cli.main import main; sys.exit(main())"
CASES = list(HOSTILE)


def qcoder(*arguments: object) -> subprocess.CompletedProcess[str]:
    """The command line in its own process; a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-c", CLI, *map(str, arguments)], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(params=CASES)
def hostile(request, tmp_path):
    make, names = HOSTILE[request.param]
    return make(tmp_path / "from-a-teammate.qcoder"), names


def _codings(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_opening_a_hostile_file_is_refused_naming_what_was_found(hostile, read_only):
    path, names = hostile
    before = path.read_bytes()
    with pytest.raises(UntrustedSchemaError, match="not one qcoder made") as refused:
        Project.open(path, coder_name="Ann", read_only=read_only)
    assert names in str(refused.value)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".lock").exists()


def test_the_command_line_refuses_it_in_one_line(hostile):
    path, names = hostile
    finished = qcoder("segments", path)
    assert finished.returncode == 2, finished.stderr
    assert finished.stderr.count("\n") == 1 and names in finished.stderr, finished.stderr
    assert "Traceback" not in finished.stderr


def test_check_lists_what_was_found_and_fails(hostile):
    path, names = hostile
    finished = qcoder("check", path)
    assert finished.returncode == 1, finished.stderr
    assert f"schema: an {names}" in finished.stdout or f"schema: a {names}" in finished.stdout \
        or f"schema: {names}" in finished.stdout, finished.stdout
    assert "no problems found" not in finished.stderr


def test_check_of_a_good_file_still_finds_no_problems(tmp_path):
    finished = qcoder("check", study(tmp_path / "good.qcoder"))
    assert finished.returncode == 0 and "no problems found" in finished.stderr, finished.stderr


@pytest.mark.parametrize("side", ["other", "target"])
def test_merge_refuses_a_hostile_file_on_either_side(hostile, tmp_path, side):
    path, names = hostile
    good = study(tmp_path / "mine.qcoder")
    good_before = good.read_bytes()
    target, other = (good, path) if side == "other" else (path, good)
    out = tmp_path / "merged.qcoder"
    finished = qcoder("merge", target, other, "--out", out)
    assert finished.returncode == 2 and names in finished.stderr, finished.stderr
    assert not out.exists()
    with pytest.raises(UntrustedSchemaError, match="not one qcoder made"):
        merge_project_files(target, other, coder="Lead")  # in place
    with pytest.raises(UntrustedSchemaError, match="not one qcoder made"):
        merge_project_files(target, other, dry_run=True, coder="Lead")
    assert good.read_bytes() == good_before


def test_the_window_refuses_it_with_one_message(hostile, qtbot, tmp_path, monkeypatch):
    path, names = hostile
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, title, message: shown.append(f"{title}: {message}"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: pytest.fail("no question for a hostile file"))
    assert not window.projects.open_path(path)
    assert len(shown) == 1 and names in shown[0], shown
    assert window.controller.project is None


def test_a_trigger_that_deletes_new_codings_never_runs(tmp_path):
    """What the refusal protects: on today's main such a file silently swallows each coding."""
    make, _names = HOSTILE["a trigger that deletes every new coding"]
    path = make(tmp_path / "p.qcoder")
    with pytest.raises(QcoderError):
        with Project.open(path, coder_name="Bob") as project:
            coder = project.coder_id()
            with project.transaction() as session:
                apply_coding(session, find_source(session, "amara"), resolve_code_path(session, "Compute"), 0, 5, coder)
    assert _codings(path) == 1


def test_an_older_file_with_a_hostile_trigger_is_refused_before_migration(tmp_path):
    path = tmp_path / "v1.qcoder"
    copy_database(FOLDER / "v1.qcoder", path)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TRIGGER wipe AFTER INSERT ON codings BEGIN DELETE FROM codings; END")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(UntrustedSchemaError, match="trigger 'wipe'"):
        Project.open(path, coder_name="Ann")
    assert path.read_bytes() == before
    assert not (tmp_path / "v1.backups").exists() or not any((tmp_path / "v1.backups").iterdir())


def test_the_expected_schema_comes_from_the_code_not_from_a_list(tmp_path, monkeypatch):
    """Another branch adding a trigger to the schema needs no change here: a new project made
    with it opens, while the same trigger in a file made without it is refused."""
    extra = "CREATE TRIGGER IF NOT EXISTS codings_touch AFTER UPDATE ON codings BEGIN SELECT 1; END"
    made_before = study(tmp_path / "before.qcoder")
    monkeypatch.setattr(immutability, "_STATEMENTS", immutability._STATEMENTS + (extra,))
    expected_schema.cache_clear()
    try:
        made_with = study(tmp_path / "with.qcoder")
        Project.open(made_with, coder_name="Ann").close()
        Project.open(made_before, coder_name="Ann").close()  # an older file gains it
        assert "codings_touch" in _triggers(made_before)
    finally:
        monkeypatch.undo()
        expected_schema.cache_clear()
    with pytest.raises(UntrustedSchemaError, match="unknown trigger 'codings_touch'"):
        Project.open(made_with, coder_name="Ann")


def _triggers(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        connection.close()


def test_a_dropped_immutability_trigger_is_listed_and_restored_on_the_next_writing_open(tmp_path):
    path = study(tmp_path / "p.qcoder")
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER source_texts_immutable")
    connection.commit()
    connection.close()
    finished = qcoder("check", path)
    assert finished.returncode == 1
    assert "schema: a missing trigger 'source_texts_immutable' on source_texts" in finished.stdout
    Project.open(path, read_only=True).close()  # readable as it is
    assert "source_texts_immutable" not in _triggers(path)
    Project.open(path, coder_name="Ann").close()
    assert "source_texts_immutable" in _triggers(path)
    assert qcoder("check", path).returncode == 0


def test_every_connection_distrusts_the_schema_until_it_is_known_to_be_ours(tmp_path):
    path = study(tmp_path / "p.qcoder")
    with Project.open(path, read_only=True) as project, project.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    with Project.open(path, coder_name="Ann") as project:
        with project.transaction() as session:  # a text insert fires the FTS5 triggers
            add_source(session, "kim", "Kim: we trained it together.\n")
            assert session.execute(text("PRAGMA trusted_schema")).scalar() == 1
        with project.reading() as session:
            assert session.scalar(select(Coding.id)) is not None


def test_a_statement_on_an_unknown_file_is_interrupted_not_left_running(tmp_path, monkeypatch):
    monkeypatch.setattr(schema_guard, "STATEMENT_SECONDS", 0.5)
    path = study(tmp_path / "p.qcoder")
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    started = time.monotonic()
    with Project.open(path, read_only=True) as project, project.engine.connect() as connection:
        # Without a bound the statement would run forever: a watchdog stops it after a minute.
        watchdog = threading.Timer(60, connection.connection.driver_connection.interrupt)
        watchdog.start()
        try:
            with pytest.raises(Exception, match="interrupted"):
                connection.exec_driver_sql(endless).scalar()
        finally:
            watchdog.cancel()
        assert time.monotonic() - started < 30
        assert connection.exec_driver_sql("SELECT count(*) FROM codings").scalar() == 1  # the next one runs


def test_the_window_refuses_to_merge_a_hostile_copy_with_one_message(hostile, qtbot, tmp_path, monkeypatch):
    path, names = hostile
    mine = study(tmp_path / "mine.qcoder")
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    assert window.projects.open_path(mine)
    try:
        shown: list[str] = []
        monkeypatch.setattr("qcoder.ui.workflows.team_workflow.QMessageBox.warning",
                            lambda _w, _title, message: shown.append(message))
        assert window.team.merge_path(path, confirm=False) is None
        assert len(shown) == 1 and names in shown[0], shown
        assert window.controller.read(lambda s: s.scalar(select(func.count()).select_from(Coding))) == 1
    finally:
        window.controller.close_project()
