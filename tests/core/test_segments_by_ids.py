"""Passages read by id (the retrieval pane's update per coding) match the full retrieval."""

from __future__ import annotations

from core_helpers import read, run

from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding, set_coding_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.segments import segments_by_ids

PARAGRAPHS = ("Ann: We met 🤝 at the sprint 🏃‍♀️ in Paris, a long time ago now.\n\n"
              "Bob: Then we trained the model on open data.\n\nAnn: And released the weights.")


def test_passages_by_id_are_those_of_the_full_retrieval(empty_project):
    project = empty_project
    turns = (TurnInfo(0, 62, "Ann"), TurnInfo(64, 108, "Bob"), TurnInfo(110, len(PARAGRAPHS), "Ann"))
    source = run(project, add_source, "interview", PARAGRAPHS, turns=turns).created_id
    other = run(project, add_source, "second", "Cem: Nothing to add.").created_id
    group = run(project, add_code, "Stage", codable=False).created_id
    code = run(project, add_code, "Sprint", parent_id=group).created_id
    case = run(project, add_case, "Lab").created_id
    run(project, link_source, case, source)
    coder = run(project, lambda s: ensure_coder(s, "Sam"))
    ids = [run(project, apply_coding, source, code, start, end, coder).created_id
           for start, end in ((5, 20), (70, 90), (112, 120), (0, 3))]
    ids.append(run(project, apply_coding, other, code, 0, 4, coder).created_id)
    run(project, set_coding_memo, ids[1], "why")
    for context in (0, 10, 240):
        expected = sorted(read(project, list_segments, code_id=group, include_children=True, context=context),
                          key=lambda s: s.coding_id)
        found = sorted(read(project, segments_by_ids, ids, context=context), key=lambda s: s.coding_id)
        assert found == expected
    assert [s.speaker for s in read(project, segments_by_ids, [ids[1]])] == ["Bob"]
    run(project, remove_rows, RowKeys.ids("codings", [ids[0]]))
    assert [s.coding_id for s in read(project, segments_by_ids, [ids[0], ids[2]])] == [ids[2]]
    assert read(project, segments_by_ids, []) == []
