"""Files of every schema version open and reach the current one with their data intact; a file
from a newer qcoder is refused clearly; a failed migration leaves the file byte for byte as it was."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from qcoder.core.errors import MigrationError, NewerSchemaError
from qcoder.core.lifecycle.backup import list_backups
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.store import schema
from tests.reliability.schema_fixture import FOLDER, content

CLI = "import sys; from qcoder.cli.main import main; sys.exit(main())"
FIXTURES = sorted(FOLDER.glob("v*.qcoder"), key=lambda p: int(p.stem[1:]))


def _stored_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT value FROM project_meta WHERE key = 'schema_version'").fetchone()[0])
    finally:
        connection.close()


def _integrity(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall() + connection.execute(
            "PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / fixture.name
    shutil.copyfile(fixture, target)
    return target


def _assert_empty_wal(path: Path) -> None:
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "nothing waits in the WAL to be written into the file"


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_there_is_a_fixture_for_every_schema_version():
    versions = [int(p.stem[1:]) for p in FIXTURES]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1)), (
        "each shipped schema version needs its fixture: python -m tests.reliability.schema_fixture"
    )
    for fixture in FIXTURES:
        assert re.fullmatch(r"v\d+", fixture.stem)
        assert _stored_version(fixture) == int(fixture.stem[1:]), fixture.name
        assert fixture.with_suffix(".json").is_file(), f"{fixture.name} has no expected content"
        assert not fixture.with_name(fixture.name + "-wal").exists(), "commit fixtures checkpointed"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_earlier_version_opens_at_the_current_one_with_its_data(fixture, tmp_path):
    path = _copy(fixture, tmp_path)
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    old = _stored_version(path)
    with Project.open(path, coder_name="Ann") as project:
        assert content(project) == expected
    assert _stored_version(path) == schema.SCHEMA_VERSION
    assert _integrity(path) == [("ok",)]
    backups = list_backups(path)
    assert len(backups) == (1 if old < schema.SCHEMA_VERSION else 0)
    with Project.open(path, read_only=True) as project:  # and again, now current, read-only
        assert content(project) == expected
    assert len(list_backups(path)) == len(backups), "an upgraded file is not upgraded twice"


@pytest.fixture
def newer_file(tmp_path):
    path = _copy(FIXTURES[-1], tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE project_meta SET value = ? WHERE key = 'schema_version'",
                           (str(schema.SCHEMA_VERSION + 1),))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_from_a_newer_qcoder_is_refused_and_left_alone(newer_file, read_only):
    before, files = newer_file.read_bytes(), _beside(newer_file)
    with pytest.raises(NewerSchemaError, match="newer qcoder.*update qcoder"):
        Project.open(newer_file, coder_name="Ann", read_only=read_only)
    assert newer_file.read_bytes() == before
    # SQLite's read-only probe may leave an empty WAL and its index; nothing else appears.
    assert _beside(newer_file) - files <= {newer_file.name + "-wal", newer_file.name + "-shm"}
    _assert_empty_wal(newer_file)


def test_the_command_line_says_so_in_one_line(newer_file):
    before = newer_file.read_bytes()
    finished = subprocess.run([sys.executable, "-c", CLI, "sources", str(newer_file)],
                              capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1 and "newer qcoder" in finished.stderr, finished.stderr
    assert newer_file.read_bytes() == before


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_a_failed_migration_leaves_the_file_byte_for_byte_as_it_was(fixture, tmp_path, monkeypatch):
    path = _copy(fixture, tmp_path)
    before = path.read_bytes()
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    current = schema.SCHEMA_VERSION

    def changes_much_then_fails(connection: Connection) -> None:
        connection.execute(text("ALTER TABLE codes ADD COLUMN weight INTEGER DEFAULT 1"))
        connection.execute(text("DELETE FROM memos"))
        connection.execute(text("UPDATE codes SET name = 'broken'"))
        raise RuntimeError("the migration hit a bug")

    with monkeypatch.context() as patched:
        patched.setattr(schema, "SCHEMA_VERSION", current + 1)
        patched.setitem(schema.MIGRATIONS, current, changes_much_then_fails)
        with pytest.raises(MigrationError, match="the migration hit a bug.*unchanged.*backup"):
            Project.open(path, coder_name="Ann")
    assert path.read_bytes() == before, "the original file is byte-identical"
    assert not lock_path(path).exists()
    _assert_empty_wal(path)
    backup = list_backups(path)
    assert len(backup) == 1
    with Project.open(path, coder_name="Ann") as project:  # this qcoder still opens it as before
        assert content(project) == expected
