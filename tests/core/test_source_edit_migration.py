"""Schema 5: a schema-4 file is migrated (backup first) to edit-checking triggers and an empty
edit history, and its texts can then be edited; the old refuse-everything triggers are accepted
only in a file that has not been migrated yet."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from qcoder.core.lifecycle.backup import list_backups
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.immutability import RETIRED_SQLITE
from qcoder.core.store.schema_guard import UntrustedSchemaError
from qcoder.core.usecases.commands.source_edits import edit_source_text
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.source_edits import source_edit_history
from qcoder.core.usecases.queries.sources import find_source, source_text
from tests.reliability.schema_fixture import FOLDER


def _triggers(path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    finally:
        connection.close()


@pytest.fixture
def schema4(tmp_path):
    path = tmp_path / "v4.qcoder"
    shutil.copyfile(FOLDER / "v4.qcoder", path)
    return path


def test_a_schema_4_file_is_migrated_and_its_coded_texts_can_then_be_edited(schema4):
    assert _triggers(schema4)["source_texts_immutable"] == RETIRED_SQLITE["source_texts_immutable"]
    with Project.open(schema4, coder_name="Ann") as project:
        assert any("before-migration-v4" in backup.name for backup in list_backups(schema4))
        with project.transaction() as s:
            bo = find_source(s, "bo 🇳🇴")
            assert source_edit_history(s, bo) == []
            at = source_text(s, bo).index("released")
            edit_source_text(s, bo, at, at + len("released"), "published")
        with project.reading() as s:
            texts = [seg.text for seg in list_segments(s) if seg.source == "bo 🇳🇴"]
            assert "published our weights" in texts and "🤔" in texts
            assert len(source_edit_history(s, bo)) == 1
    assert "source_edits" in _triggers(schema4)["source_texts_immutable"]


def test_the_retired_trigger_is_refused_in_a_file_already_at_schema_5(schema4):
    Project.open(schema4, coder_name="Ann").close()  # migrated
    connection = sqlite3.connect(schema4)
    with connection:
        connection.execute("DROP TRIGGER source_texts_immutable")
        connection.execute(RETIRED_SQLITE["source_texts_immutable"])
    connection.close()
    with pytest.raises(UntrustedSchemaError, match="changed trigger 'source_texts_immutable'"):
        Project.open(schema4, coder_name="Ann")
