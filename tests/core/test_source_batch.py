"""SourceBatch: a batch in a few statements; a source the database refuses fails alone."""

from __future__ import annotations

import pytest

from qcoder.core.edits import play
from qcoder.core.errors import QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.source_batch import NewSource, SourceBatch
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns

TEXT = "Interviewer: Hi 👋\nParticipant: مرحبا\n"
TURNS = (TurnInfo(0, 17, "Interviewer"), TurnInfo(18, 35, "Participant", 1200))


def test_a_batch_is_stored_with_unique_names_guids_and_duplicate_flags(empty_project):
    with empty_project.transaction() as session:
        add_source(session, "a", TEXT)
        results = SourceBatch(session).add_many([
            NewSource("a", TEXT, TURNS, "text", "a.txt"),
            NewSource("b", "Other text\n"),
            NewSource("a", "Third\n"),
        ])
    assert [r.name for r in results] == ["a (2)", "b", "a (3)"]
    assert results[0].duplicate_of == ("a",) and results[1].duplicate_of == ()
    with empty_project.reading() as session:
        sources = {s.name: s for s in list_sources(session)}
        assert len({s.guid for s in sources.values()}) == 4 and all(s.imported_at for s in sources.values())
        assert source_text(session, results[0].id) == TEXT
        assert source_turns(session, results[0].id) == list(TURNS)
        assert sources["a (2)"].original_filename == "a.txt"


def test_a_source_the_database_refuses_fails_alone(empty_project):
    with empty_project.transaction() as session:
        results = SourceBatch(session).add_many([
            NewSource("good", TEXT, TURNS),
            NewSource("bad", TEXT, (TurnInfo(0, 3, None),)),  # type: ignore[arg-type]  # NOT NULL speaker
            NewSource("outside", "short\n", (TurnInfo(0, 99, "X"),)),
            NewSource("also good", "More\n"),
        ])
    assert [type(r).__name__ for r in results] == ["AddedSource", "QcoderError", "QcoderError", "AddedSource"]
    assert "outside the text" in str(results[2])
    with empty_project.reading() as session:
        assert sorted(s.name for s in list_sources(session)) == ["also good", "good"]
        assert source_turns(session, results[0].id) == list(TURNS)


def test_removing_an_import_and_restoring_it_keeps_ids(empty_project):
    with empty_project.transaction() as session:
        added = SourceBatch(session).add_many([NewSource("x", TEXT, TURNS), NewSource("y", "Y\n")])
    ids = [a.id for a in added]
    with empty_project.transaction() as session:
        changes = remove_rows(session, RowKeys.ids("sources", ids))
    assert changes.sources == set(ids)
    with empty_project.reading() as session:
        assert list_sources(session) == []
    with empty_project.transaction() as session:
        play(session, changes.undo)
    with empty_project.reading() as session:
        assert sorted(s.id for s in list_sources(session)) == sorted(ids)
        assert source_turns(session, ids[0]) == list(TURNS)


def test_removing_an_unknown_source_is_refused(empty_project):
    with empty_project.transaction() as session, pytest.raises(QcoderError, match="999"):
        remove_rows(session, RowKeys.ids("sources", [999]))
