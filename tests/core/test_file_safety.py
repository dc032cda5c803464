"""The project file is protected whatever path reaches it (issue 15, items 2, 3, 4 and 7):
links find the lock, outputs never land on a project, a restore never writes an empty database
over one, an interrupted merge leaves no half-made result."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qcoder.core.backup import backup_file, backups_dir
from qcoder.core.database import sqlite_uri
from qcoder.core.errors import NotAProjectError, ProjectLockedError, QcoderError
from qcoder.core.file_guard import is_open_here
from qcoder.core.lock import lock_path
from qcoder.core.merge_files import merge_files
from qcoder.core.output_targets import ProtectedTargetError, check_output_target
from qcoder.core.project import Project
from qcoder.core.restore import copy_database, restore_backup
from qcoder.core.usecases.codes import add_code
from qcoder.core.usecases.codings import apply_coding
from qcoder.core.usecases.sources import add_source

REPOSITORY = Path(__file__).resolve().parents[2]
ODD_NAMES = ["Team #1", "what?", "%41", "a&b=c", "two  spaces", "it's \"quoted\"", "Ελληνικά 中文", "📚 study"]


def make_project(path: Path, coder: str = "Ann", codings: int = 1) -> Path:
    with Project.create(path, coder_name=coder, codebook=None) as project:
        with project.transaction() as session:
            source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
            code = add_code(session, "help").created_id
        coder_id = project.coder_id()
        for number in range(codings):
            with project.transaction() as session:
                apply_coding(session, source, code, number, number + 5, coder_id)
    return path


def count(path: Path, table: str = "codings") -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


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


# -- the lock protects the real file --------------------------------------------------------


def test_a_symlink_to_an_open_project_finds_its_lock(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    link = tmp_path / "shortcut.qcoder"
    link.symlink_to(path)
    assert lock_path(link) == lock_path(path)
    with Project.open(path, coder_name="Ann"):
        with pytest.raises(ProjectLockedError):
            Project.open(link, coder_name="Bob")
    with Project.open(link, coder_name="Bob"):
        assert lock_path(path).exists()
        with pytest.raises(ProjectLockedError):
            Project.open(path, coder_name="Ann")


@pytest.mark.skipif(sys.platform != "linux", reason="the inode lock uses Linux's OFD locks")
def test_a_hard_link_to_an_open_project_is_refused(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    link = tmp_path / "copy.qcoder"
    os.link(path, link)
    with Project.open(path, coder_name="Ann") as project:
        with pytest.raises(ProjectLockedError, match="another name"):
            Project.open(link, coder_name="Bob")
        assert not lock_path(link).exists(), "a refused opener leaves no lock behind"
        done = subprocess.run(  # another process, through the link
            [sys.executable, "-m", "qcoder", "code", str(link), "amara", "0", "3", "help", "--coder", "Bob"],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode != 0 and "another name" in done.stderr
        with project.reading() as session:
            assert session.execute(_count_sql()).scalar() == 1
    with Project.open(link, coder_name="Bob"):  # closed: the link opens
        pass


def _count_sql():  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text("SELECT count(*) FROM codings")


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


# -- merge --out is whole or absent ---------------------------------------------------------


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    ours = make_project(tmp_path / "ann.qcoder", codings=2)
    theirs = tmp_path / "bob.qcoder"
    copy_database(ours, theirs)
    with Project.open(theirs, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 20, 30, bob)
    return ours, theirs


def test_a_merge_that_fails_midway_leaves_no_output(tmp_path, monkeypatch):
    from qcoder.core import merge_files as module

    ours, theirs = _copies(tmp_path)
    real = module.merge_into

    def fail_after_merging(session, other_session):  # type: ignore[no-untyped-def]
        real(session, other_session)
        session.flush()
        raise OSError("the disk went away")

    monkeypatch.setattr(module, "merge_into", fail_after_merging)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OSError):
        merge_files(ours, theirs, out=tmp_path / "merged.qcoder")
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "no output and no leftovers"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_merge_killed_midway_leaves_no_output_and_a_finished_one_is_whole(tmp_path):
    ours, theirs = _copies(tmp_path)
    out = tmp_path / "merged.qcoder"
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from qcoder.core import merge_files as module
        real = module.merge_into
        def killed(session, other_session):
            report = real(session, other_session)
            session.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        module.merge_into = killed
        module.merge_files(Path({str(ours)!r}), Path({str(theirs)!r}), out=Path({str(out)!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists(), "a killed merge must not leave a copy of A under the output's name"
    outcome = merge_files(ours, theirs, out=out)
    assert outcome.written == out and count(out) == 3


def test_merge_out_onto_a_backup_or_a_project_companion_is_refused(tmp_path):
    ours, theirs = _copies(tmp_path)
    for out in (ours.with_name(ours.name + "-wal"), ours.with_name(ours.name + "-shm"), lock_path(ours),
                backups_dir(ours) / "x.qcoder"):
        out.parent.mkdir(parents=True, exist_ok=True)
        with pytest.raises(QcoderError):
            merge_files(ours, theirs, out=out)
        assert not out.exists()
    assert count(ours) == 2
