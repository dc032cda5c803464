"""Migrations: an older file is backed up first and upgraded; a failure leaves it untouched."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Connection, text

from qcoder.core.errors import MigrationError, QcoderError
from qcoder.core.lifecycle.backup import KEEP_BACKUPS, backup_file, list_backups
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.store import schema
from qcoder.core.usecases.commands.sources import add_source


def _dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _version(path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT value FROM project_meta WHERE key='schema_version'").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def old_project(project_path, monkeypatch):
    """A project written at the current version, then 'qcoder' is upgraded by one version."""
    with Project.create(project_path, coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "interview", "Q: hello\nA: hi")
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    return project_path, current


def test_an_older_file_is_backed_up_then_upgraded(old_project, monkeypatch):
    path, old = old_project
    seen: list[str] = []

    def add_a_column(connection: Connection) -> None:
        seen.append("ran")
        connection.execute(text("ALTER TABLE sources ADD COLUMN language VARCHAR(20)"))

    monkeypatch.setitem(schema.MIGRATIONS, old, add_a_column)
    before = _dump(path)
    with Project.open(path, coder_name="Ann") as project, project.reading() as session:
        columns = [row[1] for row in session.execute(text("PRAGMA table_info(sources)"))]
    assert seen == ["ran"]
    assert "language" in columns
    assert _version(path) == str(old + 1)
    backups = list_backups(path)
    assert len(backups) == 1 and f"before-migration-v{old}" in backups[0].name
    assert _dump(backups[0]) == before, "the backup is the file as it was before the upgrade"
    # Opening again does not migrate or back up again.
    Project.open(path, coder_name="Ann").close()
    assert seen == ["ran"] and len(list_backups(path)) == 1


def test_a_failing_migration_leaves_the_file_intact_and_raises(old_project, monkeypatch):
    path, old = old_project

    def half_then_fail(connection: Connection) -> None:
        connection.execute(text("ALTER TABLE sources ADD COLUMN language VARCHAR(20)"))
        connection.execute(text("UPDATE sources SET name = 'changed'"))
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(schema.MIGRATIONS, old, half_then_fail)
    before = _dump(path)
    with pytest.raises(MigrationError) as caught:
        Project.open(path, coder_name="Ann")
    message = str(caught.value)
    assert "disk on fire" in message and "unchanged" in message and "backup" in message
    assert _dump(path) == before
    assert _version(path) == str(old)
    assert not lock_path(path).exists(), "a failed open releases its lock"
    assert len(list_backups(path)) == 1


def test_a_missing_migration_is_a_migration_error(old_project):
    path, old = old_project
    assert old not in schema.MIGRATIONS
    before = _dump(path)
    with pytest.raises(MigrationError, match=f"no migration from schema {old}"):
        Project.open(path, coder_name="Ann")
    assert _dump(path) == before


def test_an_older_file_opened_read_only_asks_to_be_upgraded(old_project):
    path, _old = old_project
    with pytest.raises(QcoderError, match="older schema"):
        Project.open(path, read_only=True)


def test_backups_are_rolling_and_consistent(empty_project, project_path):
    with empty_project.transaction() as session:
        add_source(session, "s", "text in the WAL, not yet checkpointed")
    made = [backup_file(project_path, f"test{i}") for i in range(KEEP_BACKUPS + 2)]
    kept = list_backups(project_path)
    assert len(kept) == KEEP_BACKUPS
    assert kept == made[-KEEP_BACKUPS:]
    connection = sqlite3.connect(kept[-1])
    try:
        assert connection.execute("SELECT name FROM sources").fetchall() == [("s",)]
    finally:
        connection.close()


def test_backup_works_for_paths_with_uri_characters(tmp_path):
    folder = tmp_path / "Interviews #2 ?100%"
    folder.mkdir()
    path = folder / "study.qcoder"
    Project.create(path, codebook=None).close()
    copy = backup_file(path, "check")
    assert _version(copy) == str(schema.SCHEMA_VERSION)
    with Project.open(path) as project:
        assert not project.read_only


def _codings_of(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        connection.close()


def _coded_old_project(path, monkeypatch):
    from qcoder.core.usecases.commands.codes import add_code
    from qcoder.core.usecases.commands.codings import apply_coding

    with Project.create(path, coder_name="Ann", codebook=None) as project:
        coder = project.coder_id()
        with project.transaction() as session:
            source = add_source(session, "s", "some coded words").created_id
            code = add_code(session, "C").created_id
            apply_coding(session, source, code, 0, 4, coder)
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    return current


def test_a_migration_may_rebuild_a_referenced_table_without_cascading(project_path, monkeypatch):
    """SQLite's table rebuild (create, copy, drop, rename) with foreign keys on would delete
    every coding when the codes table is dropped; migrations run with them off and checked."""
    old = _coded_old_project(project_path, monkeypatch)

    def rebuild_codes(connection: Connection) -> None:
        create = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'codes'")).scalar()
        connection.execute(text(create.replace("CREATE TABLE codes", "CREATE TABLE codes_new", 1)))
        connection.execute(text("INSERT INTO codes_new SELECT * FROM codes"))
        connection.execute(text("DROP TABLE codes"))
        connection.execute(text("ALTER TABLE codes_new RENAME TO codes"))

    monkeypatch.setitem(schema.MIGRATIONS, old, rebuild_codes)
    Project.open(project_path).close()
    assert _codings_of(project_path) == 1
    with Project.open(project_path) as project, project.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1  # back on afterwards


def test_a_migration_that_breaks_foreign_keys_is_refused(project_path, monkeypatch):
    old = _coded_old_project(project_path, monkeypatch)

    def orphan_codings(connection: Connection) -> None:
        connection.execute(text("DELETE FROM codes"))

    monkeypatch.setitem(schema.MIGRATIONS, old, orphan_codings)
    before = _dump(project_path)
    with pytest.raises(MigrationError, match="pointing at missing rows"):
        Project.open(project_path)
    assert _dump(project_path) == before
