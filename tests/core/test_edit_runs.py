"""Several edits of one source applied as one run: the same outcome as one by one (positions,
history), the full-text index updated once and right, its trigger back as it was."""

from __future__ import annotations

import sqlite3

from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.source_edits import apply_source_edits, edit_source_text, play_source_edits
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.source_edits import SourceEdit, source_edit_history
from qcoder.core.usecases.queries.sources import source_text
from tests.core.core_helpers import read, run

TEXT = "Greta met Greta's team; GRETA and greta-ish Greta left with Greta.\n"


def trigger_sql(path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'source_texts_fts_update'").fetchone()[0]


def matches(path, word: str) -> list[int]:
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO source_fts(source_fts) VALUES ('integrity-check')")  # raises if stale
        return [row[0] for row in connection.execute("SELECT rowid FROM source_fts WHERE source_fts MATCH ?", (word,))]


def test_a_run_of_edits_matches_one_by_one_and_indexes_once(empty_project, project_path):
    project = empty_project
    coder = project.coder_id()
    with project.transaction() as s:
        source = add_source(s, "a", TEXT).created_id
        code = add_code(s, "c").created_id
        apply_coding(s, source, code, TEXT.index("Greta's"), TEXT.index(";"), coder)
        apply_coding(s, source, code, TEXT.index("GRETA"), len(TEXT) - 1, coder)
    before_trigger = trigger_sql(project_path)
    hits = [i for i in range(len(TEXT)) if TEXT.startswith("Greta", i) and not TEXT[i + 5].isalpha()
            and TEXT[i + 5] != "-"]
    edits = [SourceEdit(source, i, i + 5, "Gerda") for i in reversed(hits)]
    changes = run(project, play_source_edits, edits)
    assert read(project, source_text, source) == TEXT.replace("Greta ", "Gerda ").replace(
        "Greta'", "Gerda'").replace("Greta.", "Gerda.")
    assert sorted(s.text for s in read(project, list_segments)) == [
        "GRETA and greta-ish Gerda left with Gerda.", "Gerda's team"]
    assert len(read(project, source_edit_history, source)) == len(hits) == 4
    assert trigger_sql(project_path) == before_trigger
    assert matches(project_path, "gerda") == [source] and matches(project_path, "greta") == [source]  # greta-ish
    run(project, edit_source_text, source, TEXT.index("GRETA"), TEXT.index("GRETA") + 5, "ANNA")
    assert matches(project_path, "anna") == [source]  # the trigger indexes single edits again
    run(project, changes.undo.play)
    assert "ANNA" in read(project, source_text, source)


def test_a_failed_run_leaves_text_index_and_trigger_as_they_were(empty_project, project_path):
    project = empty_project
    with project.transaction() as s:
        source = add_source(s, "a", TEXT).created_id
    before_trigger = trigger_sql(project_path)
    edits = [SourceEdit(source, 0, 5, "Gerda")] * 4 + [SourceEdit(source, 0, 10_000, "x")]
    try:
        run(project, apply_source_edits, edits)
    except Exception as error:  # noqa: BLE001 — the refusal itself is tested in test_source_edits
        assert "does not lie within the text" in str(error)
    assert read(project, source_text, source) == TEXT
    assert trigger_sql(project_path) == before_trigger
    assert matches(project_path, "greta") == [source] and matches(project_path, "gerda") == []
