"""A passage's row built from its source's and code's facts equals the row read back by id."""

from __future__ import annotations

import pytest
from core_helpers import read, run

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.passage_facts import code_facts, segment_of, source_facts
from qcoder.core.usecases.queries.segments import segments_by_ids

PARAGRAPHS = ("Ann: We met 🤝 at the sprint 🏃‍♀️ in Paris, a long time ago now.\n\n"
              "Bob: Then we trained the model on open data.\n\nAnn: And released the weights. 中文 e\u0301")


def test_rows_built_from_facts_equal_those_read_back(empty_project):
    project = empty_project
    turns = (TurnInfo(0, 62, "Ann"), TurnInfo(64, 108, "Bob"), TurnInfo(110, len(PARAGRAPHS), "Ann"))
    source = run(project, add_source, "interview", PARAGRAPHS, turns=turns).created_id
    bare = run(project, add_source, "no turns", "Cem: Nothing to add 🙂.").created_id
    group = run(project, add_code, "Stage", codable=False).created_id
    code = run(project, add_code, "Sprint/phase", parent_id=group).created_id
    for name in ("Zeta lab", "Alpha lab"):
        run(project, link_source, run(project, add_case, name).created_id, source)
    coder = run(project, lambda s: ensure_coder(s, "Sam"))
    spans = [(source, 5, 20), (source, 70, 90), (source, 112, len(PARAGRAPHS)), (source, 0, 3), (source, 62, 66),
             (source, 11, 13), (bare, 0, 4), (bare, 19, 21)]
    for context in (0, 10, 240):
        for source_id, start, end in spans:
            changes = run(project, apply_coding, source_id, code, start, end, coder)
            (row,) = changes.coding_rows
            facts, code_of = read(project, source_facts, source_id), read(project, code_facts, code)
            assert segment_of(row, facts, code_of, context=context) == \
                read(project, segments_by_ids, [row.id], context=context)[0]
    facts = read(project, source_facts, source)
    assert facts.cases == ("Alpha lab", "Zeta lab")
    assert (facts.speaker_at(0), facts.speaker_at(63), facts.speaker_at(64)) == ("Ann", "Ann", "Bob")
    assert read(project, source_facts, bare).speaker_at(3) is None
    assert read(project, code_facts, code).path == "Stage/Sprint/phase"


def test_facts_of_what_is_not_there_say_so(empty_project):
    with pytest.raises(NotFoundError):
        read(empty_project, source_facts, 999)
    with pytest.raises(NotFoundError):
        read(empty_project, code_facts, 999)
