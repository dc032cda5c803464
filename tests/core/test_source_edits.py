"""Editing a source's text through the use case: passages follow their words, the history
records each edit, the database refuses any other change, undo restores everything."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select, text

from qcoder.analysis.search import search
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.reanchoring import TextEdit, apply_edit, restricted_edit
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.integrity import check_connection
from qcoder.core.store.models import Coding, Resolution, SpeakerTurn
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.source_edits import apply_source_edits, edit_source_text, replace_in_source
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.source_edits import find_occurrences, source_edit_history
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns, text_sha256
from tests.core.core_helpers import read, run

TEXT = "Ann: We shared compute with the lab in Zurich.\nBo: Yes, the Zurich lab 😀 helped.\n"


@pytest.fixture
def coded(empty_project):
    project = empty_project
    coder = project.coder_id()
    turns = [TurnInfo(0, 46, "Ann", 1000), TurnInfo(47, 80, "Bo", 5000)]
    with project.transaction() as s:
        source = add_source(s, "interview", TEXT, turns=turns).created_id
        code = add_code(s, "compute").created_id
        place = add_code(s, "place").created_id
        whole = apply_coding(s, source, code, 5, 46, coder, memo="the core quote").created_id
        zurich = TEXT.index("Zurich")
        city = apply_coding(s, source, place, zurich, zurich + 6, coder).created_id
        lab = TEXT.index("the Zurich lab")
        later = apply_coding(s, source, place, lab, lab + 14, coder).created_id
    return project, {"source": source, "whole": whole, "city": city, "later": later, "code": code}


def _codings(project):
    with project.reading() as s:
        return {c.id: (c.guid, c.start, c.end, c.memo) for c in s.execute(select(Coding)).scalars()}


def _segment_texts(project):
    return {(seg.start, seg.end): seg.text for seg in read(project, list_segments)}


def test_fixing_a_word_inside_a_coded_passage_keeps_the_passage_on_its_words(coded):
    project, ids = coded
    at = TEXT.index("shared")
    result = run(project, edit_source_text, ids["source"], at, at + 6, "pooled")
    new = read(project, source_text, ids["source"])
    assert new == TEXT.replace("shared", "pooled", 1)
    codings = _codings(project)
    assert new[codings[ids["whole"]][1]:codings[ids["whole"]][2]] == "We pooled compute with the lab in Zurich."
    assert result.edits == 1 and result.removed == ()
    assert ids["source"] in result.changes.sources
    source = read(project, list_sources)[0]
    assert (source.characters, source.sha256) == (len(new), text_sha256(new))
    [entry] = read(project, source_edit_history, ids["source"])
    assert (entry.start, entry.end, entry.new_text, entry.edited_by) == (at, at + 6, "pooled", "Ann")
    assert entry.sha256 == text_sha256(new)


def test_an_edit_that_changes_the_length_moves_what_follows_and_turns_keep_their_times(coded):
    project, ids = coded
    run(project, edit_source_text, ids["source"], 0, 3, "Annabel")  # "Ann" → "Annabel": +4
    new = read(project, source_text, ids["source"])
    codings = _codings(project)
    assert new[codings[ids["later"]][1]:codings[ids["later"]][2]] == "the Zurich lab"
    assert new[codings[ids["city"]][1]:codings[ids["city"]][2]] == "Zurich"
    turns = read(project, source_turns, ids["source"])
    assert [(t.start, t.end, t.speaker, t.time_ms) for t in turns] == [(0, 50, "Ann", 1000), (51, 84, "Bo", 5000)]


def test_a_passage_whose_words_are_deleted_is_removed_reported_and_undo_brings_it_back(coded):
    project, ids = coded
    before = _codings(project)
    zurich = TEXT.index("Zurich")
    result = run(project, edit_source_text, ids["source"], zurich - 1, zurich + 6, "")  # " Zurich" deleted
    assert [p.id for p in result.removed] == [ids["city"]]
    assert result.removed[0].text == "Zurich" and "place by Ann" in result.changes.messages[0]
    assert ids["city"] not in _codings(project)
    undo = run(project, apply_source_edits, result.inverse)
    assert read(project, source_text, ids["source"]) == TEXT
    assert _codings(project) == before, "same ids, GUIDs, positions and memos"
    redo = run(project, apply_source_edits, undo.inverse)
    assert ids["city"] not in _codings(project) and [p.id for p in redo.removed] == [ids["city"]]
    run(project, apply_source_edits, redo.inverse)
    assert _codings(project) == before
    assert len(read(project, source_edit_history, ids["source"])) == 4, "undo and redo are edits too"


def test_partial_overlaps_keep_their_surviving_words_and_undo_restores_them_exactly(coded):
    project, ids = coded
    before = _codings(project)
    at = TEXT.index("Zurich.\nBo")
    result = run(project, edit_source_text, ids["source"], at + 3, at + 12, " — ")  # "ich.\nBo: " replaced
    new = read(project, source_text, ids["source"])
    codings = _codings(project)
    assert new[codings[ids["whole"]][1]:codings[ids["whole"]][2]] == "We shared compute with the lab in Zur"
    assert new[codings[ids["city"]][1]:codings[ids["city"]][2]] == "Zur"
    turns = read(project, source_turns, ids["source"])
    assert [new[t.start:t.end] for t in turns] == ["Ann: We shared compute with the lab in Zur",
                                                   "Yes, the Zurich lab 😀 helped."]
    run(project, apply_source_edits, result.inverse)
    assert _codings(project) == before
    assert [(t.start, t.end) for t in read(project, source_turns, ids["source"])] == [(0, 46), (47, 80)]


def test_replace_first_all_and_whole_words(coded):
    project, ids = coded
    with pytest.raises(NotFoundError, match="'Geneva' does not occur in 'interview'"):
        run(project, replace_in_source, ids["source"], "Geneva", "X")
    assert find_occurrences("lab labs Lab", "lab", whole_word=True) == [(0, 3)]
    assert find_occurrences("lab labs Lab", "lab", whole_word=True, ignore_case=True) == [(0, 3), (9, 12)]
    first = run(project, replace_in_source, ids["source"], "Zurich", "[city]")
    assert read(project, source_text, ids["source"]).count("[city]") == 1 and first.edits == 1
    run(project, apply_source_edits, first.inverse)
    everywhere = run(project, replace_in_source, ids["source"], "Zurich", "[city]", replace_all=True)
    new = read(project, source_text, ids["source"])
    assert new == TEXT.replace("Zurich", "[city]") and everywhere.edits == 2
    assert _segment_texts(project)[(TEXT.index("Zurich"), TEXT.index("Zurich") + 6)] == "[city]"
    assert "the [city] lab" in _segment_texts(project).values()
    run(project, apply_source_edits, everywhere.inverse)
    assert read(project, source_text, ids["source"]) == TEXT


def test_bad_edits_are_refused_with_one_clear_message_and_change_nothing(coded):
    project, ids = coded
    with pytest.raises(InvalidSpanError, match="does not lie within the text"):
        run(project, edit_source_text, ids["source"], 70, 200, "x")
    with pytest.raises(QcoderError, match="LF"):
        run(project, edit_source_text, ids["source"], 0, 0, "a\r\n")
    with pytest.raises(NotFoundError):
        run(project, edit_source_text, 999, 0, 0, "x")
    assert read(project, source_text, ids["source"]) == TEXT
    assert read(project, source_edit_history, ids["source"]) == []
    assert run(project, edit_source_text, ids["source"], 0, 3, "Ann").edits == 0, "no change, no history"


def test_the_database_refuses_a_text_change_that_is_not_the_recorded_edit(coded):
    project, ids = coded
    run(project, edit_source_text, ids["source"], 0, 3, "A.")
    for statement in (
        "UPDATE source_texts SET text = 'rewritten' WHERE source_id = :id",
        "UPDATE source_texts SET text = 'A.' || substr(text, 3) || 'x' WHERE source_id = :id",
        "UPDATE sources SET characters = 3 WHERE id = :id",
        "UPDATE sources SET sha256 = 'x' WHERE id = :id",
    ):
        with pytest.raises(Exception, match="immutable except through an edit recorded"):
            with project.transaction() as session:
                session.execute(text(statement), {"id": ids["source"]})
    # Applying the latest recorded edit a second time is refused too (its length no longer fits).
    with pytest.raises(Exception, match="immutable"):
        with project.transaction() as session:
            session.execute(text("UPDATE source_texts SET text = 'A.' || substr(text, 4) WHERE source_id = :id"),
                            {"id": ids["source"]})
    assert read(project, source_text, ids["source"]) == "A." + TEXT[3:]


def test_search_and_check_follow_the_edited_text(coded):
    project, ids = coded
    run(project, replace_in_source, ids["source"], "Zurich", "Basel", replace_all=True)
    with project.reading() as s:
        assert [hit.hit for hit in search(s, "Basel").hits] == ["Basel", "Basel"]
        assert search(s, "Zurich").hits == ()
        assert search(s, "Basel", use_index=False).hits == search(s, "Basel").hits
    with project.engine.connect() as connection:
        assert check_connection(connection) == []


def test_resolutions_follow_their_passage(coded):
    project, ids = coded
    zurich = TEXT.index("Zurich")
    coder = project.coder_id()
    with project.transaction() as s:
        s.add(Resolution(source_id=ids["source"], code_id=ids["code"], start=zurich, end=zurich + 6,
                         action="keep", resolved_by_id=coder))
    run(project, edit_source_text, ids["source"], 0, 0, ">> ")
    with project.reading() as s:
        row = s.execute(select(Resolution)).scalar_one()
        assert (row.start, row.end) == (zurich + 3, zurich + 9)


def test_random_edits_keep_every_coding_on_its_words_and_undo_restores_all(empty_project):
    """Seeded random edits against random overlapping codings and turns, through the database."""
    project = empty_project
    rng = random.Random(22)
    alphabet = "ab cd\n😀é\u0301你"
    original = "".join(rng.choice(alphabet) for _ in range(120))
    coder = project.coder_id()
    with project.transaction() as s:
        turns = [TurnInfo(i, min(i + 20, len(original)), f"S{i}", i * 10) for i in range(0, 120, 20)]
        source = add_source(s, "random", original, turns=turns).created_id
        code = add_code(s, "c").created_id
        for _ in range(25):
            a = rng.randrange(0, len(original) - 1)
            apply_coding(s, source, code, a, rng.randrange(a + 1, min(len(original), a + 30) + 1), coder)
    start_state = (_codings(project), read(project, source_turns, source))
    expected = {cid: original[a:b] for cid, (_g, a, b, _m) in _codings(project).items()}
    undos = []
    for _ in range(40):
        current = read(project, source_text, source)
        begin = rng.randrange(0, len(current) + 1)
        end = rng.randrange(begin, min(len(current), begin + 12) + 1)
        new_words = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))
        edit = TextEdit(begin, end, new_words)
        positions = {cid: (a, b) for cid, (_g, a, b, _m) in _codings(project).items()}
        result = run(project, edit_source_text, source, begin, end, new_words)
        undos.append(result.inverse)
        new_text = read(project, source_text, source)
        assert new_text == apply_edit(current, edit)
        after = _codings(project)
        for cid, (a, b) in positions.items():
            local = restricted_edit(a, b, edit)
            words = expected[cid] if local is None else apply_edit(expected[cid], local)
            if words:
                assert new_text[after[cid][1]:after[cid][2]] == words
                expected[cid] = words
            else:
                assert cid not in after
                del expected[cid]
        with project.reading() as s:
            spans = s.execute(select(SpeakerTurn.start, SpeakerTurn.end)).all()
        assert all(0 <= a <= b <= len(new_text) for a, b in spans)
    for inverse in reversed(undos):
        run(project, apply_source_edits, inverse)
    assert read(project, source_text, source) == original
    assert (_codings(project), read(project, source_turns, source)) == start_state


def test_check_reports_a_history_that_does_not_end_with_the_text(coded, project_path):
    project, ids = coded
    run(project, edit_source_text, ids["source"], 0, 3, "Anna")
    with project.transaction() as s:
        s.execute(text("UPDATE source_edits SET sha256 = 'forged'"))
    with project.engine.connect() as connection:
        problems = check_connection(connection)
    assert [p.kind for p in problems] == ["history"]
    assert "not the one its edit history ends with" in problems[0].message
