"""The project file is protected whatever path reaches it (issue 15, items 2 and 3): one URI
builder for odd folder names, outputs never land on a project, a restore never writes an empty
database over one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from qcoder.core.errors import NotAProjectError
from qcoder.core.lifecycle.backup import backup_file, backups_dir
from qcoder.core.lifecycle.file_guard import is_open_here
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.output_targets import ProtectedTargetError, check_output_target
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import restore_backup
from qcoder.core.store.database import sqlite_uri
from qcoder.core.usecases.commands.codings import apply_coding
from tests.core.core_helpers import count, make_project

ODD_NAMES = ["Team #1", "what?", "%41", "a&b=c", "two  spaces", "it's \"quoted\"", "Ελληνικά 中文", "📚 study"]




# -- one URI builder ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ODD_NAMES)
def test_sqlite_uri_names_the_file_in_any_folder(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    path = make_project(folder / "study.qcoder")
    connection = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
    try:
        assert connection.execute("SELECT count(*) FROM codings").fetchone() == (1,)
    finally:
        connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "no stray database beside the folder"


@pytest.mark.parametrize("name", ["Team #1", "what?", "%41"])
def test_restore_in_an_odd_folder_restores_the_backup(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    path = make_project(folder / "study.qcoder", codings=2)
    backup = backup_file(path, "test")
    with Project.open(path, coder_name="Ann") as project, project.transaction() as session:
        apply_coding(session, 1, 1, 10, 20, project.coder_id())
    assert count(path) == 3
    saved = restore_backup(path, backup, "Ann")
    assert count(path) == 2, "the backup's content, not an empty database"
    assert saved is not None and count(saved) == 3


def test_restore_refuses_a_backup_that_is_no_project_and_leaves_the_project_alone(tmp_path):
    path = make_project(tmp_path / "study.qcoder", codings=2)
    empty = tmp_path / "empty.qcoder"
    sqlite3.connect(empty).close()  # zero bytes: an "empty database"
    sqlite3.connect(tmp_path / "other.qcoder").execute("CREATE TABLE t(x)").connection.close()
    for backup in (empty, tmp_path / "other.qcoder"):
        with pytest.raises(NotAProjectError):
            restore_backup(path, backup, "Ann")
        assert count(path) == 2
        assert not lock_path(path).exists()


# -- outputs never land on a project --------------------------------------------------------


def test_outputs_onto_a_project_its_companions_or_a_backup_are_refused(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    backup = backup_file(path, "test")
    symlink = tmp_path / "study-link.csv"
    symlink.symlink_to(path)
    hard = tmp_path / "segments.csv"
    os.link(path, hard)
    with Project.open(path, coder_name="Ann"):
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        for target in (path, wal, path.with_name(path.name + "-shm"), lock_path(path), backup,
                       backups_dir(path) / "new.csv", symlink, hard):
            with pytest.raises(ProtectedTargetError):
                check_output_target(target)
        check_output_target(tmp_path / "segments-2.csv")
    with pytest.raises(ProtectedTargetError):  # a closed project through a link: its header says so
        check_output_target(hard)


def test_an_export_onto_the_open_project_is_refused_and_the_project_untouched(tmp_path):
    from qcoder.io.segments_export import write_segments_csv

    path = make_project(tmp_path / "study.qcoder")
    with Project.open(path, coder_name="Ann") as project:
        assert is_open_here(path)
        with pytest.raises(ProtectedTargetError):
            write_segments_csv([], path)
        with project.transaction() as session:  # still writing into its own file
            apply_coding(session, 1, 1, 10, 20, project.coder_id())
    assert count(path) == 2


def test_a_new_project_is_not_made_beside_a_stray_wal(tmp_path):
    path = tmp_path / "study.qcoder"
    path.with_name(path.name + "-wal").write_bytes(b"someone else's journal")
    with pytest.raises(ProtectedTargetError):
        Project.create(path, codebook=None)
    assert not path.exists()




# -- the second defence alone: readers never remove a writer's WAL ----------------------------


def test_a_reading_command_never_removes_a_writers_wal_even_without_the_guard(tmp_path, monkeypatch):
    import subprocess
    import sys

    from qcoder.core.lifecycle.file_guard import WalGuard

    monkeypatch.setattr(WalGuard, "take", classmethod(lambda cls, path: cls([], path)))
    path = make_project(tmp_path / "study.qcoder")
    wal = path.with_name(path.name + "-wal")
    with Project.open(path, coder_name="Ann") as project:
        coder = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 10, 20, coder)
        open(path, "rb").close()  # the slip: SQLite's POSIX locks in this process are gone
        done = subprocess.run(
            [sys.executable, "-m", "qcoder", "export", str(path), "--format", "csv", "--out", str(tmp_path / "s.csv")],
            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert wal.exists(), "the reader (mode=ro while the lock file exists) left the writer's WAL alone"
        with project.transaction() as session:
            apply_coding(session, 1, 1, 20, 30, coder)
    assert count(path) == 3
