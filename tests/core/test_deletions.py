"""Deleting a source or a case (``remove_rows``) takes everything of it; its undo brings it all back exactly."""

from __future__ import annotations

import sqlite3

import pytest
from core_helpers import read, run

from qcoder.core.edits import play
from qcoder.core.errors import NotFoundError
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.cascade import snapshot_cascade
from qcoder.core.store.models import Code
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns


def delete_source(session, source_id):
    return remove_rows(session, RowKeys.ids("sources", [source_id]))


def delete_case(session, case_id):
    return remove_rows(session, RowKeys.ids("cases", [case_id]))


TEXT = "Ann: the words 🎉 of Ann.\nBob: and Bob's words."


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of every table (not the search index's own storage), in a stable order."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'source_fts%'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        connection.close()


@pytest.fixture
def study(empty_project):
    project = empty_project
    coder = project.coder_id()
    keep = run(project, add_source, "keep", "Untouched text.").created_id
    gone = run(project, add_source, "gone", TEXT,
               turns=(TurnInfo(0, 24, "Ann"), TurnInfo(25, len(TEXT), "Bob"))).created_id
    code = run(project, add_code, "C").created_id
    for source, span in ((gone, (5, 14)), (gone, (30, 33)), (keep, (0, 4))):
        run(project, apply_coding, source, code, *span, coder, memo="why")
    run(project, add_memo, "on gone", coder, target="source", target_id=gone)
    case = run(project, add_case, "Org").created_id
    run(project, link_source, case, gone)
    run(project, link_source, case, keep)
    run(project, set_attribute_value, "source", gone, "language", "en")
    run(project, set_attribute_value, "case", case, "type", "SME")
    run(project, add_memo, "on Org", coder, target="case", target_id=case)
    return project, {"keep": keep, "gone": gone, "code": code, "case": case}


def test_delete_source_takes_everything_of_it_and_restore_brings_it_back(study, project_path):
    project, ids = study
    before_dump = _dump(project_path)
    before = (read(project, list_sources), read(project, list_segments), read(project, list_memos),
              read(project, list_cases))

    changes = run(project, delete_source, ids["gone"])
    assert changes.sources == {ids["gone"]}
    assert len(changes.codings) == 2 and changes.codes == {ids["code"]}
    assert changes.cases == {ids["case"]}
    assert [s.name for s in read(project, list_sources)] == ["keep"]
    assert [s.source for s in read(project, list_segments)] == ["keep"]
    assert [m.text for m in read(project, list_memos)] == ["on Org"]
    assert read(project, list_cases)[0].source_ids == (ids["keep"],)
    with pytest.raises(NotFoundError):
        read(project, source_text, ids["gone"])

    restored = run(project, play, changes.undo)
    assert restored.sources >= {ids["gone"]} and restored.codings == changes.codings
    after = (read(project, list_sources), read(project, list_segments), read(project, list_memos),
             read(project, list_cases))
    assert after == before
    assert read(project, source_text, ids["gone"]) == TEXT
    assert [t.speaker for t in read(project, source_turns, ids["gone"])] == ["Ann", "Bob"]
    assert _dump(project_path) == before_dump  # every row of every table, byte for byte
    connection = sqlite3.connect(project_path)
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'source_fts'").fetchone():
            hits = connection.execute("SELECT rowid FROM source_fts WHERE source_fts MATCH 'Bob'").fetchall()
            assert hits == [(ids["gone"],)], "the restored text is searchable again"
    finally:
        connection.close()


def test_delete_case_keeps_its_sources(study):
    project, ids = study
    changes = run(project, delete_case, ids["case"])
    assert changes.cases == {ids["case"]} and changes.sources == {ids["gone"], ids["keep"]}
    assert read(project, list_cases) == []
    assert len(read(project, list_sources)) == 2
    assert [m.text for m in read(project, list_memos)] == ["on gone"]
    run(project, play, changes.undo)
    [case] = read(project, list_cases)
    assert case.source_ids == tuple(sorted((ids["gone"], ids["keep"])))
    assert case.attribute("type") == "SME"


def test_deleting_something_missing(study):
    project, _ids = study
    with pytest.raises(NotFoundError):
        run(project, delete_source, 999)
    with pytest.raises(NotFoundError):
        run(project, delete_case, 999)


def test_the_snapshot_follows_the_code_tree_recursively_parents_first(empty_project):
    project = empty_project
    root = run(project, add_code, "Root").created_id
    child = run(project, add_code, "Child", parent_id=root).created_id
    grandchild = run(project, add_code, "Grandchild", parent_id=child).created_id
    with project.reading() as session:
        snapshot = snapshot_cascade(session, Code.__table__, [(root,)])
    assert snapshot.ids("codes") == {root, child, grandchild}
    with project.transaction() as session:
        session.execute(Code.__table__.delete().where(Code.id == root))
    with project.transaction() as session:
        snapshot.restore(session)  # children are inserted after their parents or FKs would fail
    with project.reading() as session:
        assert session.get(Code, grandchild).parent_id == child
