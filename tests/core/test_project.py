"""Creating, opening and closing project files: WAL, foreign keys, schema version, refusals."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest
from sqlalchemy import text

from qcoder.core.errors import (
    NewerSchemaError,
    NotAProjectError,
    ProjectNotFoundError,
    QcoderError,
    ReadOnlyProjectError,
)
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.store import schema
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import list_sources


def _set_schema_version(path, version: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE project_meta SET value = ? WHERE key = 'schema_version'", (version,))
    connection.commit()
    connection.close()


def test_create_makes_a_project_file_with_lock_and_reopens(project_path):
    project = Project.create(project_path, coder_name="Ann", codebook=None)
    assert project_path.is_file()
    assert lock_path(project_path).is_file()
    with project.transaction() as session:
        add_source(session, "one", "hello")
    project.close()
    assert not lock_path(project_path).exists()
    with Project.open(project_path, coder_name="Ann") as again, again.reading() as session:
        assert [s.name for s in list_sources(session)] == ["one"]
    assert not lock_path(project_path).exists()


def test_create_refuses_an_existing_file_and_a_missing_folder(tmp_path):
    existing = tmp_path / "there.qcoder"
    existing.write_bytes(b"precious")
    with pytest.raises(QcoderError, match="already exists"):
        Project.create(existing, codebook=None)
    assert existing.read_bytes() == b"precious"
    with pytest.raises(QcoderError, match="does not exist"):
        Project.create(tmp_path / "nowhere" / "p.qcoder", codebook=None)


def test_every_pooled_connection_has_wal_and_foreign_keys(empty_project):
    engine = empty_project.engine
    # Several connections at once, so the pool must open fresh ones.
    connections = [engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        for connection in connections:
            connection.close()
    engine.dispose()  # a brand-new pool: the pragmas come from the connect hook, not luck
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_file_itself_is_in_wal_mode(empty_project, project_path):
    connection = sqlite3.connect(project_path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


def test_schema_version_is_stored(empty_project, project_path):
    connection = sqlite3.connect(project_path)
    try:
        stored = connection.execute(
            "SELECT value FROM project_meta WHERE key = 'schema_version'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert stored == str(schema.SCHEMA_VERSION)


def test_a_file_from_a_newer_qcoder_is_refused_clearly(project_path):
    Project.create(project_path, codebook=None).close()
    _set_schema_version(project_path, str(schema.SCHEMA_VERSION + 1))
    for read_only in (False, True):
        with pytest.raises(NewerSchemaError, match="newer qcoder") as caught:
            Project.open(project_path, read_only=read_only)
        assert f"schema {schema.SCHEMA_VERSION + 1}" in str(caught.value)
        assert "update qcoder" in str(caught.value)
    assert not lock_path(project_path).exists(), "a refused file must not stay locked"


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(ProjectNotFoundError, match="no project file"):
        Project.open(tmp_path / "missing.qcoder")


@pytest.mark.parametrize("content", [b"", os.urandom(3000), b"SQLite format 3\x00" + os.urandom(5000)])
def test_not_a_project_files_are_refused(tmp_path, content):
    path = tmp_path / "junk.qcoder"
    path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(NotAProjectError):
            Project.open(path, read_only=read_only)
    assert path.read_bytes() == content
    assert not lock_path(path).exists()


def test_a_plain_sqlite_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(NotAProjectError, match="not a qcoder project"):
            Project.open(path, read_only=read_only)
    assert path.read_bytes() == before, "refusing a file must not switch it to WAL or write to it"
    assert not lock_path(path).exists()


def test_read_only_opening_refuses_writes(project_path):
    Project.create(project_path, coder_name="Ann", codebook=None).close()
    with Project.open(project_path, read_only=True) as project:
        assert project.read_only and project.lock is None
        with pytest.raises(ReadOnlyProjectError, match="read-only"):
            with project.transaction() as session:
                add_code(session, "never")
        with project.reading() as session:  # even around the use cases, SQLite says no
            with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
                session.execute(text("INSERT INTO project_meta (key, value) VALUES ('x', 'y')"))
    with Project.open(project_path) as project, project.reading() as session:
        assert session.execute(text("SELECT count(*) FROM codes")).scalar() == 0


def test_read_only_opening_ignores_a_held_lock(project_path):
    with Project.create(project_path, coder_name="Ann", codebook=None) as writer:
        with writer.transaction() as session:
            add_source(session, "s", "text")
        with Project.open(project_path, read_only=True) as reader, reader.reading() as session:
            assert [s.name for s in list_sources(session)] == ["s"]


def test_a_failed_transaction_leaves_the_project_as_it_was(empty_project):
    with pytest.raises(RuntimeError):
        with empty_project.transaction() as session:
            add_code(session, "half")
            raise RuntimeError("boom")
    with empty_project.reading() as session:
        assert session.execute(text("SELECT count(*) FROM codes")).scalar() == 0


def test_a_writer_that_read_first_waits_for_another_writer_instead_of_failing(empty_project):
    """Write transactions begin IMMEDIATE: a worker's transaction cannot hit 'database is locked'
    at its first write because the window committed in between."""
    started = threading.Event()
    go_on = threading.Event()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with empty_project.transaction() as session:
                session.execute(text("SELECT count(*) FROM codes")).scalar()
                started.set()
                go_on.wait(5)
                add_code(session, "from the worker")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    assert started.wait(5)
    timer = threading.Timer(0.3, go_on.set)
    timer.start()
    with empty_project.transaction() as session:  # waits for the worker's commit
        add_code(session, "from the window")
    thread.join(10)
    timer.cancel()
    assert not errors
    with empty_project.reading() as session:
        names = set(session.execute(text("SELECT name FROM codes")).scalars())
    assert names == {"from the worker", "from the window"}


def test_closing_twice_is_harmless(project_path):
    project = Project.create(project_path, codebook=None)
    project.close()
    project.close()
    assert not lock_path(project_path).exists()


def test_a_nested_write_transaction_fails_at_once_instead_of_waiting_on_itself(empty_project):
    with empty_project.transaction() as session:
        add_code(session, "outer")
        with pytest.raises(RuntimeError, match="already open"):
            with empty_project.transaction():
                pass
    with empty_project.transaction() as session:  # the guard is reset afterwards
        add_code(session, "next")
    with empty_project.reading() as session:
        assert session.execute(text("SELECT count(*) FROM codes")).scalar() == 2


def test_a_writer_kept_waiting_too_long_gets_a_clear_busy_error(empty_project, monkeypatch):
    from qcoder.core.errors import ProjectBusyError

    holding = threading.Event()
    release = threading.Event()

    def long_import() -> None:
        with empty_project.transaction() as session:
            add_code(session, "slow import")
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=long_import)
    thread.start()
    assert holding.wait(5)
    try:
        from sqlalchemy import event

        @event.listens_for(empty_project.engine, "connect")
        def _short(dbapi_connection, _record):  # new connections wait 0.2 s, not 5 s
            dbapi_connection.execute("PRAGMA busy_timeout=200")

        empty_project.engine.dispose(close=False)  # new connections from here on
        with pytest.raises(ProjectBusyError, match="busy"):
            with empty_project.transaction() as session:
                add_code(session, "from the window")
    finally:
        release.set()
        thread.join(10)
    with empty_project.reading() as session:
        assert set(session.execute(text("SELECT name FROM codes")).scalars()) == {"slow import"}


def test_an_unreadable_file_is_one_clear_error(project_path, monkeypatch):
    from pathlib import Path

    Project.create(project_path, codebook=None).close()

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(QcoderError, match="cannot be read .Permission denied"):
        Project.open(project_path)
