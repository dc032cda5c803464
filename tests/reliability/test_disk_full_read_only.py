"""A full disk and read-only files: one clear message, nothing half-saved, no corruption.

The full disk is real where the tests may mount a small tmpfs (root, Linux), and otherwise made
by SQLite's ``max_page_count`` (the file cannot grow); read-only is a read-only mount or an
immutable file where possible, and the same checks through ``os.access`` everywhere."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from qcoder.core.errors import DiskFullError, ReadOnlyProjectError
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import codings_by_ids
from tests.reliability.conftest import fill as _fill

MEMO = "memo 📝 " * 300


def _seeded(path: Path) -> tuple[int, int]:
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        source = add_source(session, "amara", "Amara: we shared compute 😀 with the lab.\n" * 50).created_id
        code = add_code(session, "Compute").created_id
    return source, code


def _code_until_full(
    project: Project, source: int, code: int, memo: str | None = MEMO
) -> tuple[list[int], DiskFullError]:
    coder = project.coder_id()
    saved: list[int] = []
    for step in range(5000):
        try:
            with project.transaction() as session:
                coding = apply_coding(session, source, code, step % 40, step % 40 + 5, coder, memo=memo).created_id
        except DiskFullError as error:
            return saved, error
        saved.append(coding)  # committed
    raise AssertionError("the disk never filled up")


def _sound(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _check_message(error: Exception, name: str) -> None:
    message = str(error)
    assert "\n" not in message and name in message
    assert "disk is full" in message and "not saved" in message


@pytest.fixture
def no_room_to_grow():
    """Once called, every new SQLite connection may not grow its file past a few more pages."""

    installed = []

    def install(extra_pages: int = 8) -> None:
        def limit(connection, _record) -> None:  # type: ignore[no-untyped-def]
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

        event.listen(Engine, "connect", limit)
        installed.append(limit)

    yield install
    for limit in installed:
        event.remove(Engine, "connect", limit)


def test_creating_a_project_on_a_full_disk_is_one_clear_message(project_path, no_room_to_grow):
    no_room_to_grow()
    with pytest.raises(DiskFullError):
        Project.create(project_path, coder_name="Ann")
    assert not project_path.exists() and not lock_path(project_path).exists()


def test_a_full_file_is_one_clear_message_and_keeps_every_earlier_action(project_path, no_room_to_grow):
    source, code = _seeded(project_path)
    no_room_to_grow()
    with Project.open(project_path, coder_name="Ann") as project:
        saved, error = _code_until_full(project, source, code)
        _check_message(error, project_path.stem)
        assert saved, "some codings fit before the file was full"
        with project.reading() as session:
            assert [c.id for c in codings_by_ids(session, saved)] == saved
    _sound(project_path)


def test_the_command_line_says_the_disk_is_full_in_one_line(project_path, no_room_to_grow, capsys):
    from qcoder.cli.main import main

    source, code = _seeded(project_path)
    no_room_to_grow()
    with Project.open(project_path, coder_name="Ann") as project:
        _code_until_full(project, source, code)
        _code_until_full(project, source, code, memo=None)  # the last corners too
    no_room_to_grow(0)  # and not a page more
    capsys.readouterr()
    status = main(["code", str(project_path), "amara", "0", "5", "Compute"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("qcoder: ") and "disk is full" in err, err
    _sound(project_path)


def test_a_really_full_disk_loses_nothing_and_the_file_recovers(small_disk):
    path = small_disk / "study.qcoder"
    source, code = _seeded(path)
    filler = _fill(small_disk, leave=160 * 1024)
    with Project.open(path, coder_name="Ann") as project:
        saved, error = _code_until_full(project, source, code)
        _check_message(error, path.stem)
        assert saved
    filler.unlink()
    _sound(path)
    with Project.open(path, coder_name="Ann") as project:
        with project.reading() as session:
            assert [c.id for c in codings_by_ids(session, saved)] == saved
        with project.transaction() as session:  # with room again, coding goes on
            apply_coding(session, source, code, 0, 3, project.coder_id())
    _sound(path)


def test_a_read_only_mount_is_refused_for_writing_and_opens_read_only(small_disk):
    path = small_disk / "study.qcoder"
    _seeded(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(ReadOnlyProjectError, match="cannot be opened for writing.*read-only"):
        Project.open(path, coder_name="Ann")
    with Project.open(path, read_only=True) as project, project.reading() as session:
        assert codings_by_ids(session, [1]) == []  # readable
    assert not lock_path(path).exists()


def test_an_immutable_file_is_refused_for_writing(project_path):
    _seeded(project_path)
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs chattr and root; test_a_file_that_cannot_be_written_is_refused covers the logic")
    if subprocess.run(["chattr", "+i", str(project_path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        before = project_path.read_bytes()
        with pytest.raises(ReadOnlyProjectError, match="the file is read-only"):
            Project.open(project_path, coder_name="Ann")
        assert project_path.read_bytes() == before and not lock_path(project_path).exists()
    finally:
        subprocess.run(["chattr", "-i", str(project_path)], check=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_file_that_cannot_be_written_is_refused(project_path, monkeypatch, what):
    """chmod does not stop root, so the check is made through os.access, whatever the user."""
    _seeded(project_path)
    blocked = project_path if what == "file" else project_path.parent
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == blocked and mode == os.W_OK
                        else real_access(p, mode, **kw))
    with pytest.raises(ReadOnlyProjectError, match=f"{'the file' if what == 'file' else 'its folder'} is read-only"):
        Project.open(project_path, coder_name="Ann")
    assert not lock_path(project_path).exists()


def test_a_file_that_turns_read_only_while_open_says_so(project_path):
    """SQLite's own 'readonly database' (the file changed under us) is the same clear message."""
    source, code = _seeded(project_path)
    with Project.open(project_path, coder_name="Ann") as project:
        coder = project.coder_id()

        def read_only(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute("PRAGMA query_only = ON")

        project.engine.dispose()
        event.listen(project.engine, "connect", read_only)
        with pytest.raises(ReadOnlyProjectError, match="cannot be changed"):
            with project.transaction() as session:
                apply_coding(session, source, code, 0, 4, coder)
    _sound(project_path)


def test_a_backup_on_a_full_disk_leaves_no_half_copy(small_disk):
    from qcoder.core.lifecycle.backup import backup_file, backups_dir, list_backups

    path = small_disk / "study.qcoder"
    _seeded(path)
    _fill(small_disk, leave=64 * 1024)
    with pytest.raises(DiskFullError, match="study.qcoder \\(its backup\\): the disk is full"):
        backup_file(path, "test")
    assert list_backups(path) == []
    assert list(backups_dir(path).iterdir()) == [], "no half-written copy that would pass for a backup"


def test_an_upgrade_that_cannot_make_its_backup_leaves_the_file_as_it_was(small_disk, monkeypatch):
    from qcoder.core.store import schema

    path = small_disk / "study.qcoder"
    _seeded(path)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, lambda connection: None)
    _fill(small_disk, leave=64 * 1024)
    before = path.read_bytes()
    with pytest.raises(DiskFullError, match="disk is full"):
        Project.open(path, coder_name="Ann")
    assert path.read_bytes() == before and not lock_path(path).exists()
