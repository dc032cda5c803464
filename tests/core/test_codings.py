"""Codings: apply, bad spans, groups, remove and restore, resize, exemplar, memo, segments."""

from __future__ import annotations

import pytest
from core_helpers import read, run

from qcoder.core.edits import play
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import (
    apply_coding,
    resize_coding,
    set_coding_memo,
    set_exemplar,
)
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import coding_info, codings_in_source, list_segments

TEXT = "Ann: We met 🤝 at the sprint 🏃‍♀️ in Paris.\nBob: Then we trained the model."


@pytest.fixture
def setup(empty_project):
    source = run(empty_project, add_source, "interview", TEXT,
                 turns=(TurnInfo(0, 42, "Ann"), TurnInfo(43, len(TEXT), "Bob"))).created_id
    group = run(empty_project, add_code, "Stage", codable=False).created_id
    code = run(empty_project, add_code, "Sprint", parent_id=group).created_id
    other = run(empty_project, add_code, "Training", parent_id=group).created_id
    return empty_project, source, group, code, other


def test_apply_coding_and_the_text_after_an_emoji_is_exact(setup):
    project, source, _group, code, _other = setup
    start = TEXT.index("at the sprint")
    end = start + len("at the sprint")
    assert start == 14  # the emoji before it is one code point
    changes = run(project, apply_coding, source, code, start, end, project.coder_id())
    assert changes.codings == {changes.created_id} and changes.sources == {source}
    [segment] = read(project, list_segments)
    assert segment.text == "at the sprint"
    assert (segment.start, segment.end) == (start, end)
    assert segment.code == "Stage/Sprint" and segment.coder == "Ann"
    assert segment.speaker == "Ann" and segment.source == "interview"
    after = TEXT.index("in Paris")
    run(project, apply_coding, source, code, after, after + 8, project.coder_id())
    assert [s.text for s in read(project, list_segments)] == ["at the sprint", "in Paris"]


def test_apply_coding_returns_the_row_as_stored(setup):
    """The GUI takes the new coding from the Changes instead of reading it back: it must be exact."""
    project, source, _group, code, other = setup
    first = run(project, apply_coding, source, code, 3, 9, project.coder_id(), memo="why", exemplar=True)
    second = run(project, apply_coding, source, other, 0, 5, project.coder_id(), guid="fixed-guid")
    [row] = first.coding_rows
    assert row.id == first.created_id
    assert row == read(project, coding_info, first.created_id)
    assert second.coding_rows[0].guid == "fixed-guid"
    assert list(first.coding_rows + second.coding_rows) == sorted(
        read(project, codings_in_source, source), key=lambda c: c.id
    )
    # merged: a later change to the same coding makes its row stale, so it is dropped
    removed = run(project, remove_rows, RowKeys.ids("codings", [first.created_id]))
    assert first.merged(removed).coding_rows == ()
    assert first.merged(second).coding_rows == first.coding_rows + second.coding_rows


@pytest.mark.parametrize("span", [(-1, 3), (5, 5), (6, 2), (0, len(TEXT) + 1)])
def test_bad_spans_are_refused(setup, span):
    project, source, _group, code, _other = setup
    with pytest.raises(InvalidSpanError):
        run(project, apply_coding, source, code, *span, project.coder_id())
    assert read(project, codings_in_source, source) == []


def test_whole_text_span_is_allowed(setup):
    project, source, _group, code, _other = setup
    run(project, apply_coding, source, code, 0, len(TEXT), project.coder_id())
    assert read(project, list_segments)[0].text == TEXT


def test_group_codes_and_unknown_ids_are_refused(setup):
    project, source, group, code, _other = setup
    with pytest.raises(QcoderError, match="group"):
        run(project, apply_coding, source, group, 0, 3, project.coder_id())
    with pytest.raises(NotFoundError):
        run(project, apply_coding, 999, code, 0, 3, project.coder_id())
    with pytest.raises(NotFoundError):
        run(project, apply_coding, source, 999, 0, 3, project.coder_id())
    with pytest.raises(NotFoundError, match="coder"):
        run(project, apply_coding, source, code, 0, 3, 999)


def test_remove_and_restore_keep_id_and_guid(setup):
    project, source, _group, code, _other = setup
    coding = run(project, apply_coding, source, code, 0, 3, project.coder_id(), memo="m", exemplar=True).created_id
    before = read(project, coding_info, coding)
    changes = run(project, remove_rows, RowKeys.ids("codings", [coding]))
    assert changes.codings == {coding}
    assert read(project, codings_in_source, source) == []
    restored = run(project, play, changes.undo)
    assert restored.codings == {coding}
    assert read(project, coding_info, coding) == before  # same id, GUID, memo, flag, time


def test_resize_exemplar_and_memo(setup):
    project, source, _group, code, _other = setup
    coding = run(project, apply_coding, source, code, 0, 3, project.coder_id()).created_id
    run(project, resize_coding, coding, 5, 11)
    with pytest.raises(InvalidSpanError):
        run(project, resize_coding, coding, 5, len(TEXT) + 5)
    run(project, set_exemplar, coding, True)
    run(project, set_coding_memo, coding, "a good quote")
    info = read(project, coding_info, coding)
    assert (info.start, info.end, info.exemplar, info.memo) == (5, 11, True, "a good quote")
    run(project, set_coding_memo, coding, "")
    assert read(project, coding_info, coding).memo is None
    with pytest.raises(NotFoundError):
        run(project, set_exemplar, 999, True)


def test_list_segments_filters_by_code_children_and_coder(setup):
    project, source, group, code, other = setup
    ann = project.coder_id()
    bob = run(project, ensure_coder, "Bob")
    run(project, apply_coding, source, code, 0, 3, ann)
    run(project, apply_coding, source, other, 43, 47, bob)
    run(project, apply_coding, source, code, 10, 12, bob)
    case = run(project, add_case, "Org A").created_id
    run(project, link_source, case, source)
    assert [s.start for s in read(project, list_segments, code_id=code)] == [0, 10]
    assert read(project, list_segments, code_id=group) == []
    assert len(read(project, list_segments, code_id=group, include_children=True)) == 3
    assert [s.start for s in read(project, list_segments, coder="Bob")] == [10, 43]
    assert [s.start for s in read(project, list_segments, code_id=code, coder="Bob")] == [10]
    assert read(project, list_segments, coder="Nobody") == []
    by_start = {s.start: s for s in read(project, list_segments)}
    assert by_start[43].speaker == "Bob" and by_start[43].code == "Stage/Training"
    assert by_start[0].cases == ("Org A",)


def test_taking_one_coding_out_states_what_the_general_removal_states_and_undoes_exactly(empty_project):
    """One coding (an unmark) goes by its own two statements; they state what removing several
    codings' rows states, and putting it back restores it unchanged (id, GUID, time, memo)."""
    from qcoder.core.edits import play
    from qcoder.core.row_set import RowKeys
    from qcoder.core.usecases.commands.row_edits import remove_rows

    project = empty_project
    source = run(project, add_source, "s", "Ann: we met at the sprint 🏃 in Paris.").created_id
    code = run(project, add_code, "Sprint").created_id
    coder = run(project, lambda s: ensure_coder(s, "Sam"))
    first, second, third = (run(project, apply_coding, source, code, 5, 11, coder, memo="why").created_id
                            for _ in range(3))
    stored = read(project, coding_info, first)
    direct = run(project, remove_rows, RowKeys.ids("codings", [first]))
    general = run(project, remove_rows, RowKeys.ids("codings", [second, third]))
    assert (direct.codings, direct.codes, direct.sources) == ({first}, {code}, {source})
    assert (general.codings, general.codes, general.sources) == ({second, third}, {code}, {source})
    assert direct.codings_before == (stored,)
    assert direct.undo.args[0].table_rows("codings")[0].keys() == general.undo.args[0].table_rows("codings")[0].keys()
    with pytest.raises(NotFoundError, match=f"no coding with id {first}"):
        run(project, remove_rows, RowKeys.ids("codings", [first]))
    back = run(project, play, direct.undo)
    assert back.coding_rows == (stored,) and read(project, coding_info, first) == stored
    assert run(project, play, back.undo).codings_before == (stored,)  # and out again
