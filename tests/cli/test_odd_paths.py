"""The command line in folders with odd names, and ``--out`` slips (issue 15, items 2 and 3).

Every SQLite URI is built from ``Path.as_uri()``: a ``#``, ``?``, ``%41``, ``&``, spaces, quotes,
non-Latin letters or emoji in a folder name must change nothing. And no ``--out`` may replace a
project, its WAL, index or lock, or a backup.
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from pathlib import Path

import pytest

from qcoder.cli.main import main
from qcoder.core.lifecycle.backup import backups_dir, list_backups
from qcoder.core.lifecycle.lock import lock_path

ODD_NAMES = ["Team #1", "what?", "%41", "a&b=c", "two  spaces", "it's \"quoted\"", "Ελληνικά 中文", "📚 study"]
TRANSCRIPT = "Interviewer: Who helped you? 😀\nAmara: The lab in Zürich shared compute with us.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def ok(capsys, *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "Traceback" not in err
    return out + err


def count(path: Path, table: str = "codings") -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def study(capsys, folder: Path, name: str = "study") -> Path:
    path = folder / f"{name}.qcoder"
    ok(capsys, "new", str(path), "--coder", "Ann")
    transcript = folder / "amara.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    ok(capsys, "import", str(path), str(transcript), "--coder", "Ann")
    return path


def first_code(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT name FROM codes WHERE is_codable ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_command_works_in_a_folder_with_an_odd_name(tmp_path, capsys, name):
    folder = tmp_path / name
    folder.mkdir()
    path = study(capsys, folder)
    code = first_code(path)
    ok(capsys, "code", str(path), "amara", "0", "11", code, "--coder", "Ann")
    assert count(path) == 1 and count(path, "sources") == 1

    ok(capsys, "import", str(path), str(folder / "amara.txt"), "--coder", "Ann")  # a duplicate: backed up first
    assert list_backups(path), "the pre-import backup of a project with sources"

    out = folder / "segments.csv"
    ok(capsys, "export", str(path), "--format", "csv", "--out", str(out))
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 1
    ok(capsys, "export", str(path), "--format", "qdpx", "--out", str(folder / "study.qdpx"))
    assert (folder / "study.qdpx").stat().st_size > 0
    assert "no problems" in ok(capsys, "check", str(path))

    bob = study_copy(capsys, path, folder / "bob.qcoder")
    merged = folder / "merged.qcoder"
    ok(capsys, "merge", str(path), str(bob), "--out", str(merged), "--coder", "Ann")
    assert count(merged) == 2
    ok(capsys, "merge", str(path), str(bob), "--coder", "Ann")
    assert count(path) == 2

    newest_before_merge = [b for b in list_backups(path) if "before-merge" in b.name][-1]
    ok(capsys, "restore", str(path), newest_before_merge.name, "--coder", "Ann")
    assert count(path) == 1, "the backup's content (one coding), not an empty database"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "nothing written beside the folder"


def study_copy(capsys, path: Path, copy: Path) -> Path:
    """Bob's copy of the project with one coding of his own."""
    from qcoder.core.lifecycle.restore import copy_database

    copy_database(path, copy)
    ok(capsys, "code", str(copy), "amara", "12", "20", first_code(copy), "--coder", "Bob")
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_out_onto_the_project_its_companions_or_a_backup_is_refused(tmp_path, capsys):
    path = study(capsys, tmp_path)
    ok(capsys, "code", str(path), "amara", "0", "11", first_code(path), "--coder", "Ann")
    ok(capsys, "import", str(path), str(tmp_path / "amara.txt"), "--coder", "Ann")
    backup = list_backups(path)[-1]
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")  # as a window's live WAL would be there
    targets = [path, wal, path.with_name(path.name + "-shm"), lock_path(path), backup, link]
    kept = {target: (target.read_bytes() if target.exists() else None) for target in targets}
    for target in targets:
        for fmt in ("csv", "qdpx", "html"):
            status, _out, err = run(capsys, "export", str(path), "--format", fmt, "--out", str(target))
            assert status == 2, (target, fmt)
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for target, before in kept.items():
        assert (target.read_bytes() if target.exists() else None) == before, target
    assert count(path) == 1 and "no problems" in ok(capsys, "check", str(path))
    assert backups_dir(path).is_dir()


def test_merge_out_onto_a_projects_wal_or_a_backup_is_refused(tmp_path, capsys):
    path = study(capsys, tmp_path)
    ok(capsys, "import", str(path), str(tmp_path / "amara.txt"), "--coder", "Ann")
    bob = study_copy(capsys, path, tmp_path / "bob.qcoder")
    for out in (path.with_name(path.name + "-wal"), backups_dir(path) / "merged.qcoder"):
        status, _out, err = run(capsys, "merge", str(path), str(bob), "--out", str(out))
        assert status == 2 and "Traceback" not in err
        assert not out.exists()


def test_sample_force_never_replaces_an_open_project_or_a_companion(tmp_path, capsys):
    from qcoder.core.lifecycle.project import Project

    path = study(capsys, tmp_path)
    with Project.open(path, coder_name="Ann"):
        before = count(path, "sources")
        for out in (path, path.with_name(path.name + "-wal")):
            status, _out, err = run(capsys, "sample", "--out", str(out), "--force")
            assert status == 2 and "Traceback" not in err
        assert count(path, "sources") == before == 1
