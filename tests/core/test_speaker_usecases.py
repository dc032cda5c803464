"""Speaker use cases: list, rename, merge (and their exact inverses), link to a case, autocode spans."""

from __future__ import annotations

import pytest

from qcoder.core.errors import InvalidNameError, NotFoundError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk
from qcoder.core.usecases.commands.cases import ensure_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.commands.speakers import (
    link_speaker_to_case,
    merge_speakers,
    rename_speaker,
    set_turn_speaker,
    unlink_case_link,
)
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import source_turns
from qcoder.core.usecases.queries.speakers import list_speakers, speaker_spans

TEXT_A = "SPEAKER_00: Hi 👋\nSPEAKER_01: مرحبا\nSPEAKER_00: Bye\n"
TEXT_B = "Lee: One\nDr Lee: Two\nSPEAKER_00: Three\n"


def _turns(text):
    out, position = [], 0
    for line in text.splitlines(keepends=True):
        name = line.split(":")[0]
        out.append(TurnInfo(position, position + len(line) - 1, name))
        position += len(line)
    return out


@pytest.fixture
def sources(empty_project):
    with empty_project.transaction() as session:
        a = add_source(session, "A", TEXT_A, turns=_turns(TEXT_A)).created_id
        b = add_source(session, "B", TEXT_B, turns=_turns(TEXT_B)).created_id
    return empty_project, a, b


def test_list_speakers_counts_turns_characters_and_sources(sources):
    project, a, b = sources
    with project.reading() as session:
        speakers = {s.name: s for s in list_speakers(session)}
        assert list(speakers)[0] == "SPEAKER_00"
        assert speakers["SPEAKER_00"].turns == 3 and speakers["SPEAKER_00"].source_ids == (a, b)
        assert speakers["SPEAKER_01"].characters == len("SPEAKER_01: مرحبا")
        assert [s.name for s in list_speakers(session, [b])] == ["Dr Lee", "Lee", "SPEAKER_00"]


def test_rename_then_undo_by_turn_ids(sources):
    project, a, b = sources
    with project.transaction() as session:
        changes, ids = rename_speaker(session, "SPEAKER_00", "  Ann   Smith ", source_ids=[a])
        assert changes.sources == {a} and len(ids) == 2
    with project.reading() as session:
        assert [t.speaker for t in source_turns(session, a)] == ["Ann Smith", "SPEAKER_01", "Ann Smith"]
        assert source_turns(session, b)[2].speaker == "SPEAKER_00"  # out of scope: untouched
    with project.transaction() as session:
        set_turn_speaker(session, ids, "SPEAKER_00")
    with project.reading() as session:
        assert [t.speaker for t in source_turns(session, a)] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]


def test_merge_then_undo_restores_each_original_name(sources):
    project, _a, b = sources
    with project.transaction() as session:
        _changes, renamed = merge_speakers(session, ["Lee", "Dr Lee"], "Dr Lee")
    with project.reading() as session:
        assert [t.speaker for t in source_turns(session, b)] == ["Dr Lee", "Dr Lee", "SPEAKER_00"]
    with project.transaction() as session:
        for name, ids in renamed:
            set_turn_speaker(session, ids, name)
    with project.reading() as session:
        assert [t.speaker for t in source_turns(session, b)] == ["Lee", "Dr Lee", "SPEAKER_00"]


def test_rename_mistakes(sources):
    project, _a, _b = sources
    with project.transaction() as session:
        with pytest.raises(InvalidNameError):
            rename_speaker(session, "Lee", "   ")
        with pytest.raises(NotFoundError):
            rename_speaker(session, "Nobody", "Somebody")


def test_link_speaker_to_a_new_case_and_take_it_back(sources):
    project, a, b = sources
    with project.transaction() as session:
        link_source(session, ensure_case(session, "Existing").created_id, a)
        changes, link = link_speaker_to_case(session, "SPEAKER_00", "Masakhane")
    assert link.created_case and link.linked_source_ids == (a, b) and link.case_id in changes.cases
    with project.reading() as session:
        speaker = next(s for s in list_speakers(session) if s.name == "SPEAKER_00")
        assert speaker.case_names == ("Masakhane",)
    # Undo as the GUI plays it: unlink and remove the case it created; redo restores the same case.
    with project.transaction() as session:
        undone = changes.undo.play(session)
    with project.reading() as session:
        assert [c.name for c in list_cases(session)] == ["Existing"]
    with project.transaction() as session:
        undone.undo.play(session)
    with project.reading() as session:
        case = next(c for c in list_cases(session) if c.name == "Masakhane")
        assert case.id == link.case_id and case.source_ids == (a, b)


def test_linking_to_an_existing_case_adds_only_missing_links(sources):
    project, a, b = sources
    with project.transaction() as session:
        case_id = ensure_case(session, "Org").created_id
        link_source(session, case_id, a)
        _changes, link = link_speaker_to_case(session, "SPEAKER_00", "Org")
        assert not link.created_case and link.linked_source_ids == (b,)
        unlink_case_link(session, link)
    with project.reading() as session:
        assert next(c for c in list_cases(session) if c.name == "Org").source_ids == (a,)


def test_autocode_a_speaker_through_bulk_coding(sources):
    project, a, b = sources
    coder = project.coder_id()
    with project.transaction() as session:
        code = add_code(session, "Interviewee talk").created_id
        spans = speaker_spans(session, "SPEAKER_00")
        second = TEXT_A.index("SPEAKER_00: Bye")
        third = TEXT_B.index("SPEAKER_00")
        assert spans == [(a, 0, len("SPEAKER_00: Hi 👋")), (a, second, second + len("SPEAKER_00: Bye")),
                         (b, third, third + len("SPEAKER_00: Three"))]
        apply_codings_bulk(session, code, spans, coder)
    with project.reading() as session:
        texts = [s.text for s in list_segments(session)]
    assert texts == ["SPEAKER_00: Hi 👋", "SPEAKER_00: Bye", "SPEAKER_00: Three"]


def test_each_speaker_comes_with_the_start_of_their_first_turn(sources):
    project, _a, b = sources
    with project.reading() as session:
        samples = {s.name: s.sample for s in list_speakers(session)}
        assert samples["SPEAKER_00"] == "SPEAKER_00: Hi 👋"
        assert samples["SPEAKER_01"] == "SPEAKER_01: مرحبا"
        assert {s.name: s.sample for s in list_speakers(session, [b])}["SPEAKER_00"] == "SPEAKER_00: Three"
